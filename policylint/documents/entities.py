"""Find contact details and dates in document text: emails (also obfuscated), phone numbers,
postal addresses, URLs, contact forms, and dates with their role (effective / updated)."""

from __future__ import annotations

import datetime as _dt
import re

from policylint.model import Entity

_TLD = r"(?:com|org|net|edu|gov|io|co|info|biz|eu|uk|de|fr|lv|asia|us|ca|au|[a-z]{2,6})"
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# "info (at) example.com", "info [at] example [dot] com", "info at example dot com"
_AT = r"\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*"
_DOT = r"\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*(?:"
    + _AT + r"[A-Za-z0-9-]+(?:(?:" + _DOT + r"|\.)[A-Za-z0-9-]+)*(?:" + _DOT + r"|\.)" + _TLD
    + r"|\s+at\s+[A-Za-z0-9-]+(?:\s+dot\s+[A-Za-z0-9-]+)*\s+dot\s+" + _TLD
    + r")\b",
    re.I,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)
_PHONE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\+\s?\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,4}"  # international
    r"|\(\d{3}\)\s?\d{3}[\s.-]\d{4}"  # (555) 123-4567
    r"|\b1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}"  # 1-800-555-1234
    r"|\b\d{3}[.-]\d{3}[.-]\d{4}"  # 555-123-4567
    r"|\b1[\s.-]?8\d\d[\s.-]?[A-Z0-9]{3}[\s.-]?[A-Z0-9]{4}"  # 1-800-FLOWERS
    r")(?![\w/-])"
)
_LOOSE_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,18}\d")
_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Parkway|Pkwy|Place|Pl|"
    r"Court|Ct|Plaza|Square|Sq|Highway|Hwy|Terrace|Circle|Cir|Suite|Ste|Floor|Fl|Building|Bldg|"
    r"Straße|Strasse|Str|iela|Weg|Platz|Gasse|Allee|Rue|Via|Calle|Avenida)"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:[-–]\d{1,6})?\s+(?:[A-Z][\w'.-]*\s+){1,5}" + _STREET + r"\b\.?"
    r"|\b(?:[A-ZÄÖÜ][\wäöüß.-]*)(?:straße|strasse|str\.|weg|platz|gasse|allee)\s+\d{1,5}[a-z]?\b"
    r"|\b" + _STREET + r"\s+(?:[A-Z][\w'.-]*\s+){0,3}\d{1,5}\b"
    r"|\bP\.?\s?O\.?\s*Box\s+\d+"
    r"|\b[A-Z][a-z]+,?\s+(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"  # UK postcode
    r"|\b(?:LV|LT|EE|D|F|NL|CH|A|B)-\d{4,5}\b"
)
_CONTACT_FORM_URL = re.compile(r"contact|support|help|privacy[-_/]?(?:request|form|inquir)|dsar|/form", re.I)
_CONTACT_FORM_TEXT = re.compile(
    r"\b(?:contact|feedback|enquiry|inquiry|support|request|privacy|web|online)\s+(?:us\s+)?form\b", re.I
)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>(?:19|20)?\d\d)\b"),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?<![\d/.-])(?P<m>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d)\b"),  # 10/2014
]
_UPDATED = re.compile(
    r"\b(?:updated|modified|revised|amended|changed|edited|reviewed|last\s+(?:update|revision|change)|revision(?:\s+date)?|version|posted|published)\b",
    re.I,
)
_EFFECTIVE = re.compile(r"\b(?:effective|in\s+effect|as\s+of|dated|valid\s+from|applies\s+from|enters?\s+into\s+force)\b", re.I)


def find_entities(text: str, links: list[Entity] = ()) -> list[Entity]:  # type: ignore[assignment]
    """All entities in ``text``, ordered by start offset; ``links`` are hyperlinks from markup."""
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in _EMAIL.finditer(text):
        found.append(Entity("email", m.group(0), m.start(), m.end(), normalized=m.group(0).lower()))
        taken.append(m.span())
    for m in _OBFUSCATED_EMAIL.finditer(text):
        if "@" in m.group(0) and _overlaps(m.span(), taken):
            continue
        found.append(Entity("email", m.group(0), m.start(), m.end(), normalized=_deobfuscate(m.group(0)), role="obfuscated"))
    for m in _URL.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        found.append(Entity("url", m.group(0), m.start(), m.end()))
        if _CONTACT_FORM_URL.search(m.group(0)):
            found.append(Entity("contact_form", m.group(0), m.start(), m.end()))
    for link in links:
        if link.value.lower().startswith("mailto:"):
            addr = link.value[7:].split("?")[0]
            found.append(Entity("email", addr, link.start, link.end, normalized=addr.lower()))
            continue
        found.append(link)
        anchor = text[link.start:link.end]
        if _CONTACT_FORM_URL.search(link.value) or re.search(r"\bcontact\b|\bform\b", anchor, re.I):
            found.append(Entity("contact_form", link.value, link.start, link.end))
    for m in _CONTACT_FORM_TEXT.finditer(text):
        found.append(Entity("contact_form", m.group(0), m.start(), m.end()))
    dates = list(_find_dates(text))
    date_spans = [(d.start, d.end) for d in dates]
    found.extend(dates)
    for m in _PHONE.finditer(text):
        if _overlaps(m.span(), date_spans) or sum(c.isdigit() for c in m.group(0)) < 7:
            continue
        found.append(Entity("phone", m.group(0).strip(), m.start(), m.end()))
    found.extend(_keyword_phones(text, {(e.start) for e in found if e.kind == "phone"}, date_spans))
    for m in _ADDRESS.finditer(text):
        found.append(Entity("postal_address", m.group(0), m.start(), m.end()))
    found.sort(key=lambda e: (e.start, e.end, e.kind))
    return found


_PHONE_CUE = re.compile(r"\b(?:tel(?:ephone)?|phone|call(?:\s+us)?(?:\s+at)?|fax|toll[- ]free(?:\s+number)?|mobile|hotline)\b\.?\s*(?:number)?\s*(?:is|at|on)?\s*:?\s*", re.I)


def _keyword_phones(text: str, seen: set[int], date_spans: list[tuple[int, int]]) -> list[Entity]:
    # Numbers in unusual national formats ("+371 67 123 456", "0800 123 4567") count when a cue
    # word such as "Tel." or "phone" stands right before them.
    out = []
    for cue in _PHONE_CUE.finditer(text):
        m = _LOOSE_PHONE.match(text, cue.end())
        if not m or m.start() in seen or _overlaps(m.span(), date_spans):
            continue
        if sum(c.isdigit() for c in m.group(0)) >= 7:
            out.append(Entity("phone", m.group(0).strip(), m.start(), m.end()))
    return out


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    s, e = span
    return any(a < e and s < b for a, b in spans)


def _deobfuscate(s: str) -> str:
    s = re.sub(r"\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+", "@", s, flags=re.I)
    s = re.sub(r"\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+", ".", s, flags=re.I)
    return s.replace(" ", "").lower()


def _find_dates(text: str):
    seen: list[tuple[int, int]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            if _overlaps(m.span(), seen):
                continue
            value = _parse_date(m)
            if value is None:
                continue
            seen.append(m.span())
            yield Entity("date", m.group(0), m.start(), m.end(), normalized=value.isoformat(), role=_date_role(text, m.start(), m.end()))


def _parse_date(m: re.Match) -> _dt.date | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        month = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
        day = int(g["d"]) if g.get("d") else 1
        if not g.get("mon") and month > 12 and day <= 12:
            month, day = day, month  # 24/01/2017: day first
        return _dt.date(year, month, day)
    except (ValueError, KeyError, TypeError):
        return None


def _date_role(text: str, start: int, end: int | None = None) -> str | None:
    window = text[max(0, start - 80):start]
    # Only the clause right before the date: "... revised our terms. Effective: 1 May 2020".
    window = re.split(r"[.;!?]\s|\n", window)[-1]
    if _UPDATED.search(window):
        return "updated"
    if _EFFECTIVE.search(window):
        return "effective"
    if end is not None and _is_dateline(text, start, end):
        return "updated"
    return None


_DATELINE_EDGE = 0.15  # share of the document at its start or end where a dateline stands
_DATELINE_WORDS = 6


def _is_dateline(text: str, start: int, end: int) -> bool:
    # A date alone on a short line at the top or bottom of a policy ("May 12, 2014", "Privacy
    # statement (12/23/2014)") is its version date, even without "updated" before it.
    size = max(len(text), 1)
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if _DATELINE_EDGE * size < lo and hi < (1 - _DATELINE_EDGE) * size:
        return False
    words = re.findall(r"[^\W\d_]{2,}", text[lo:start] + " " + text[end:hi])
    prose = sum(1 for w in words if w.islower())  # a title or a bare date, not a sentence about a date
    return len(words) <= _DATELINE_WORDS and prose <= 2 and not re.search(r"©|\(c\)|copyright", text[lo:hi], re.I)
