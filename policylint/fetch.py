"""Policies given as URLs: fetched with a timeout, a size limit and a redirect limit.

Only ``http`` and ``https`` are fetched, each redirect is followed by hand (so its scheme and count
are checked), the body is read in chunks until the size limit, and the whole fetch has one
deadline so that a slow server cannot stall a run. The copy that was checked is identified by
the SHA-256 of the fetched bytes, reported with the results. ``offline`` refuses every fetch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policylint.discover import is_url  # noqa: F401  (kept here too: part of this module's API)

if TYPE_CHECKING:  # the engine is imported only when a URL is actually checked
    from policylint.engine import CompiledRules
    from policylint.model import Document, DocumentReport

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_THIN_PAGE_CHARS = 100  # less visible text than this is a page shell, not a policy
_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


class FetchError(Exception):
    """The URL could not be fetched; the message says why and what to do."""


@dataclass(frozen=True)
class FetchOptions:
    """Limits for one fetch; ``offline`` refuses all network access."""

    timeout: float = DEFAULT_TIMEOUT  # seconds for the whole fetch, redirects included
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    offline: bool = False


@dataclass(frozen=True)
class Fetched:
    """A fetched copy: the bytes, where they finally came from, and their hash."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    data: bytes
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def format(self) -> str | None:
        """Loader named by the Content-Type, or None to decide by name and content."""
        return _TYPES.get(self.content_type or "")


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Fetched:
    """Fetch ``url`` within ``options``' limits. Raises :class:`FetchError` with a one-line reason."""
    from urllib.parse import urljoin

    if options.offline:
        raise FetchError("network access is disabled by --offline; save the page and check the file instead")
    deadline = time.monotonic() + options.timeout
    redirects: list[str] = []
    current = url
    while True:
        _check_scheme(current)
        status, headers, body = _get(current, options, deadline)
        if status in _REDIRECTS:
            location = headers.get("Location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            if len(redirects) >= options.max_redirects:
                raise FetchError(f"more than {options.max_redirects} redirects (last to {location}); check the URL or raise --fetch-max-redirects")
            current = urljoin(current, location)
            redirects.append(current)
            continue
        if status >= 400:
            raise FetchError(f"HTTP {status} from {current}; check the URL")
        content_type = headers.get_content_type() if headers.get("Content-Type") else None
        return Fetched(url, current, status, content_type, headers.get_content_charset(), body, tuple(redirects))


def _check_scheme(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"refusing to fetch {url!r}: only http:// and https:// URLs are fetched")


def _get(url: str, options: FetchOptions, deadline: float) -> tuple[int, object, bytes]:
    import http.client
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    from policylint import __version__

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None  # redirects are followed by fetch(), which counts and checks them

    opener = urllib.request.build_opener(NoRedirect)
    # Non-ASCII paths and queries are sent percent-encoded as UTF-8, as browsers do.
    request = urllib.request.Request(quote(url, safe="%/:=&?~#+!$,;'@()*[]"), headers={
        "User-Agent": f"policylint/{__version__} (privacy policy linter)",
        "Accept": "text/html,application/xhtml+xml,text/plain,text/markdown,application/pdf;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip",
    })
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {options.timeout:g}s; raise --fetch-timeout or try again")
    try:
        response = opener.open(request, timeout=remaining)
    except urllib.error.HTTPError as exc:  # 3xx (not followed here) and 4xx/5xx
        return exc.code, exc.headers, b""
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise FetchError(f"timed out after {options.timeout:g}s; raise --fetch-timeout or try again") from None
        raise FetchError(f"cannot connect: {getattr(reason, 'strerror', None) or reason}") from None
    except (TimeoutError, OSError) as exc:
        if isinstance(exc, TimeoutError) or "timed out" in str(exc):
            raise FetchError(f"timed out after {options.timeout:g}s; raise --fetch-timeout or try again") from None
        raise FetchError(f"cannot fetch: {exc.strerror or exc}") from None
    except (http.client.HTTPException, ValueError) as exc:  # bad status line, invalid URL
        raise FetchError(f"cannot fetch: {type(exc).__name__}: {str(exc)[:100]}") from None
    with response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > options.max_bytes:
            raise FetchError(_too_big(int(length), options.max_bytes))
        body = _read(response, options, deadline)
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            body = _inflate(body, encoding, options.max_bytes)
        return response.status, response.headers, body


def _read(response: object, options: FetchOptions, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {options.timeout:g}s while reading; raise --fetch-timeout or try again")
        try:
            chunk = response.read(_CHUNK)  # type: ignore[attr-defined]
        except (TimeoutError, OSError) as exc:
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise FetchError(f"timed out after {options.timeout:g}s while reading; raise --fetch-timeout or try again") from None
            raise FetchError(f"connection failed while reading: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - http.client.IncompleteRead and friends: a cut-off body
            raise FetchError(f"connection failed while reading: {type(exc).__name__}") from None
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > options.max_bytes:
            raise FetchError(_too_big(size, options.max_bytes, at_least=True))
        chunks.append(chunk)


def _inflate(body: bytes, encoding: str, max_bytes: int) -> bytes:
    import zlib

    # Bounded decompression: a small compressed body must not expand past the size limit.
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        raise FetchError(f"the server sent a damaged {encoding} body; try again") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise FetchError(_too_big(len(out), max_bytes, at_least=True))
    return out


def _too_big(size: int, limit: int, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    return f"response is {more}{size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit; raise --fetch-max-size or save and check the file"


def load_url(url: str, options: FetchOptions = FetchOptions()) -> Document:
    """Fetch ``url`` and load it like a file; raises :class:`~policylint.documents.LoadError`."""
    from urllib.parse import urlsplit

    from policylint.documents import LoadError, load_bytes, load_text

    try:
        got = fetch(url, options)
    except FetchError as exc:
        raise LoadError(str(exc)) from None
    fmt = got.format
    doc = None
    if got.charset and fmt in ("html", "markdown", "text"):
        try:
            doc = load_text(got.data.decode(got.charset), url, fmt)
        except (LookupError, UnicodeDecodeError):
            doc = None  # a wrong charset label: let the decoder sniff instead
    if doc is None:
        doc = load_bytes(got.data, urlsplit(got.final_url).path or url, fmt)
        doc.path = url
    doc.metadata.update({
        "sha256": got.sha256,
        "url": url,
        "final_url": got.final_url,
        "content_type": got.content_type,
        "fetched_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "bytes": len(got.data),
    })
    return doc


def check_url(url: str, rules: CompiledRules, as_of: dt.date | None = None, options: FetchOptions = FetchOptions()) -> DocumentReport:
    """Fetch and check one URL; a failed fetch becomes the report's one-line error."""
    from policylint.documents import LoadError
    from policylint.engine import check_document
    from policylint.model import DocumentReport

    try:
        doc = load_url(url, options)
    except LoadError as exc:
        return DocumentReport(path=url, error=str(exc))
    except RecursionError:
        return DocumentReport(path=url, error="document is nested too deeply to parse")
    report = check_document(doc, rules, as_of)
    meta = doc.metadata
    via = f" via {meta['final_url']}" if meta["final_url"] != url else ""
    report.notices.append(f"fetched{via} at {meta['fetched_at']}: {meta['bytes']} bytes, sha256 {meta['sha256']}")
    if len(doc.text.strip()) < _THIN_PAGE_CHARS:
        report.notices.append(
            f"the page has almost no text ({len(doc.text.strip())} characters): it may be built by JavaScript or "
            "need a login; save the page as the browser shows it and check that file"
        )
    return report
