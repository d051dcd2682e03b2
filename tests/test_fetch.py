"""URL inputs: fetched from a local HTTP server this test starts on 127.0.0.1.

Redirects (followed, limited, scheme-checked), size limits (declared and streamed), timeouts,
gzip, --offline, the fetched copy's hash, and main-content extraction of a page with site chrome.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.documents import load_text
from policylint.fetch import FetchError, FetchOptions, fetch, is_url, load_url

PAGE = b"""<!DOCTYPE html>
<html><head><title>Privacy</title><script>var tracking = "Contact us at spam@tracker.example";</script></head>
<body>
<header class="site-header"><a href="/">Home</a> Sign in to manage your account settings</header>
<nav class="main-nav"><ul><li><a href="/a">Products</a></li><li>Opt out of everything here</li></ul></nav>
<div id="cookie-banner">We use cookies. Accept all cookies?</div>
<main>
<h1>Privacy Policy</h1>
<p>Last updated: March 3, 2025.</p>
<h2>Cookies</h2>
<p>You can refuse cookies in your browser settings.</p>
<h2>Contact</h2>
<p>Write to privacy@example.com with any question.</p>
</main>
<footer>Copyright Example Ltd. Call 555-0100 for sales.</footer>
</body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        type(self).hits.append(self.path)
        p = self.path
        if p == "/privacy":
            self._send(200, PAGE)
        elif p == "/moved":
            self._send(301, Location="/privacy")
        elif p.startswith("/hop/"):
            n = int(p.rsplit("/", 1)[1])
            self._send(302, Location=f"/hop/{n - 1}" if n > 1 else "/privacy")
        elif p == "/loop":
            self._send(302, Location="/loop")
        elif p == "/to-file":
            self._send(302, Location="file:///etc/passwd")
        elif p == "/big-declared":
            self._send(200, b"x" * 10, Content_Length=str(50_000_000))
        elif p == "/big-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the client must count as it reads
            for _ in range(40):
                self.wfile.write(b"We keep data. " * 1000)
        elif p == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif p == "/gzip":
            self._send(200, gzip.compress(PAGE), Content_Encoding="gzip")
        elif p == "/app":
            self._send(200, b'<html><body><div id="root"></div><script src="/app.js"></script></body></html>')
        elif p == "/caf%C3%A9":
            self._send(200, PAGE)
        elif p == "/policy.md":
            self._send(200, b"# Policy\n\nYou can refuse cookies in your browser settings.\n", "text/markdown")
        elif p == "/latin1":
            self._send(200, "<p>Caf\u00e9 policy: refuse cookies in your browser.</p>".encode("latin-1"), "text/html; charset=iso-8859-1")
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up early (size limit, timeout) break the pipe; that is the point


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # A proxy configured in the environment must not intercept requests to the local server.
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def _check_json(*args: str):
    res = CliRunner().invoke(main, ["check", *args, "--format", "json"])
    return res, json.loads(res.stdout)


def test_is_url():
    assert is_url("https://example.com/privacy") and is_url("HTTP://x.example")
    assert not is_url("policy.html") and not is_url("ftp://x.example/p") and not is_url("-")


def test_fetch_checks_main_content_and_reports_the_hash(server):
    res, data = _check_json(f"{server}/privacy")
    assert res.exit_code in (0, 1), res.output
    doc = data["documents"][0]
    assert doc["path"] == f"{server}/privacy" and doc["format"] == "html"
    assert doc["sha256"] == hashlib.sha256(PAGE).hexdigest()
    assert any(doc["sha256"] in n for n in doc["notices"])
    results = {r["rule"]: r for r in doc["results"]}
    assert results["core-cookie-opt-out"]["status"] == "passed"
    assert results["core-contact-address"]["evidence"][0]["text"] == "Write to privacy@example.com with any question."


def test_navigation_header_footer_banner_and_scripts_are_dropped(server):
    doc = load_url(f"{server}/privacy")
    for chrome in ("Sign in", "Products", "Opt out of everything", "Accept all cookies", "Copyright", "spam@tracker"):
        assert chrome not in doc.text
    assert [s.title for s in doc.sections] == ["Privacy Policy", "Cookies", "Contact"]
    assert doc.metadata["url"] == f"{server}/privacy"


def test_redirects_are_followed_and_reported(server):
    got = fetch(f"{server}/moved")
    assert got.final_url == f"{server}/privacy" and got.redirects == (f"{server}/privacy",)
    res, data = _check_json(f"{server}/hop/3")
    assert res.exit_code in (0, 1)
    assert any(f"via {server}/privacy" in n for n in data["documents"][0]["notices"])


def test_redirect_limit(server):
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"{server}/hop/3", FetchOptions(max_redirects=2))
    res = CliRunner().invoke(main, ["check", f"{server}/loop"])
    assert res.exit_code == 2
    assert "more than 5 redirects" in res.stderr


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch(f"{server}/to-file")


def test_size_limit_declared_and_streamed(server):
    with pytest.raises(FetchError, match="over the 1 MB limit"):
        fetch(f"{server}/big-declared", FetchOptions(max_bytes=1_000_000))
    with pytest.raises(FetchError, match="over the 0.1 MB limit"):
        fetch(f"{server}/big-streamed", FetchOptions(max_bytes=100_000))
    res = CliRunner().invoke(main, ["check", f"{server}/big-streamed", "--fetch-max-size", "0.1"])
    assert res.exit_code == 2 and "--fetch-max-size" in res.stderr


def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.3s"):
        fetch(f"{server}/slow", FetchOptions(timeout=0.3))
    assert time.monotonic() - started < 1.4
    res = CliRunner().invoke(main, ["check", f"{server}/slow", "--fetch-timeout", "0.3"])
    assert res.exit_code == 2 and "timed out" in res.stderr


def test_offline_refuses_network_and_still_checks_files(server, tmp_path):
    before = len(_Handler.hits)
    f = tmp_path / "p.md"
    f.write_text("# Policy\n\nYou can refuse cookies in your browser settings.\n")
    res = CliRunner().invoke(main, ["check", "--offline", f"{server}/privacy", str(f), "--format", "json"])
    assert res.exit_code == 2
    assert "disabled by --offline" in res.stderr
    assert len(_Handler.hits) == before  # no request reached the server
    docs = json.loads(res.stdout)["documents"]
    assert [d["error"] is None for d in docs] == [False, True]


def test_http_errors_and_unreachable_hosts_are_one_line(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing")
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:9/", FetchOptions(timeout=2))


def test_gzip_content_type_and_charset(server):
    assert fetch(f"{server}/gzip").data == PAGE
    doc = load_url(f"{server}/policy.md")
    assert doc.format == "markdown" and [s.title for s in doc.sections] == ["Policy"]
    assert "Caf\u00e9" in load_url(f"{server}/latin1").text


def test_main_content_wrappers_named_after_chrome_are_kept():
    html = (
        '<body class="page-template-custom-menu"><nav class="sidebar-nav">Menu</nav>'
        '<section class="nav-page-content" role="main"><p>We never sell data.</p>'
        '<footer>Section footer inside the main content.</footer></section>'
        '<div id="menu-content"><p>Contact privacy@example.com.</p></div>'
        '<div class="global-nav">Top links</div><div class="onetrust-banner-sdk">Cookie settings</div></body>'
    )
    text = load_text(html, "p.html").text
    assert "We never sell data." in text and "Contact privacy@example.com." in text
    assert "Section footer inside the main content." in text
    for chrome in ("Menu", "Top links", "Cookie settings"):
        assert chrome not in text


def test_cloudflare_protected_email_is_decoded():
    key = 0x42
    encoded = bytes([key]) + bytes(b ^ key for b in b"privacy@example.com")
    html = f'<p>Write to <a href="/cdn-cgi/l/email-protection" data-cfemail="{encoded.hex()}">[email&#160;protected]</a>.</p>'
    doc = load_text(html, "p.html")
    assert "Write to privacy@example.com." in " ".join(doc.text.split())
    assert any(e.kind == "email" and e.value == "privacy@example.com" for e in doc.entities)


def test_library_check_paths_fetches_urls(server):
    from policylint.api import check_paths

    online, = check_paths([f"{server}/privacy"])
    assert online.error is None and online.sha256 == hashlib.sha256(PAGE).hexdigest()
    offline, = check_paths([f"{server}/privacy"], fetch_options=FetchOptions(offline=True))
    assert "offline" in offline.error


def test_non_ascii_url_is_percent_encoded(server):
    assert fetch(f"{server}/caf\u00e9").data == PAGE


def test_javascript_shell_page_gets_a_notice(server):
    res, data = _check_json(f"{server}/app")
    assert any("built by JavaScript" in n for n in data["documents"][0]["notices"])
    res, data = _check_json(f"{server}/privacy")
    assert not any("JavaScript" in n for n in data["documents"][0]["notices"])


@pytest.mark.corpus
def test_real_pages_agree_with_annotated_text(shared):
    """A sample of OPP-115 pages as crawled gives the annotated text's results (the full figure:
    benchmarks/opp115_agreement.py)."""
    import datetime as dt

    from policylint.api import compile_builtin
    from policylint.documents import load_path
    from policylint.engine import check_document

    corpus = shared / "corpora" / "opp115"
    originals = {p.name.split("_", 1)[0]: p for p in sorted((corpus / "original").glob("*.html"))}
    annotated = sorted((corpus / "policies").glob("*.html"))[::6]
    rules = compile_builtin(["core"])
    agree = total = 0
    for a in annotated:
        page = originals.get(a.name.split("_", 1)[0])
        if page is None:
            continue
        want = {r.rule.id: r.status for r in check_document(load_path(str(a)), rules, dt.date(2016, 1, 1)).results}
        got = {r.rule.id: r.status for r in check_document(load_path(str(page)), rules, dt.date(2016, 1, 1)).results}
        agree += sum(want[k] == got.get(k) for k in want)
        total += len(want)
    assert total > 100, total
    assert agree / total >= 0.95, f"{agree}/{total}"
