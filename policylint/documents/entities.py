"""Find contact details and dates in document text: emails (also obfuscated), phone numbers,
postal addresses, URLs, contact forms, and dates with their role (effective / updated)."""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right

from policylint.documents.scanning import find_all, finditer_windows, match_at, windows_before
from policylint.model import Entity

_TLD = r"(?:com|org|net|edu|gov|io|co|info|biz|eu|uk|de|fr|lv|asia|us|ca|au|[a-z]{2,6})"
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# "info (at) example.com", "info [at] example [dot] com", "info at example dot com", and a sign
# set apart so that no harvester reads it: "privacy @ example.com (remove the spaces)"
_AT = r"(?:\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|[ \t]+@[ \t]+)"
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
_WORD_NUMBER = r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)"
_US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
    "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
    "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West Virginia", "Wisconsin", "Wyoming",
)
_US_STATE = "(?:" + "|".join(sorted(_US_STATES, key=len, reverse=True)) + ")"
_COUNTRY = (
    r"(?:Germany|Deutschland|France|Austria|Österreich|Switzerland|Schweiz|Suisse|Italy|Italia|Spain|España|"
    r"Portugal|(?:the\s+|The\s+)?Netherlands|Nederland|Belgium|Belgique|België|Luxembourg|Denmark|Danmark|"
    r"Sweden|Sverige|Norway|Norge|Finland|Suomi|Poland|Polska|Czech\s+Republic|Czechia|Slovakia|Hungary|"
    r"Slovenia|Croatia|Greece|Cyprus|Malta|Estonia|Latvia|Lithuania|Romania|Bulgaria|Iceland|Liechtenstein|"
    r"Monaco|Ireland|Israel|Australia|New\s+Zealand)"
)
_ROMANCE_STREETS = (
    "rue", "avenue", "boulevard", "bd", "allée", "chemin", "quai", "impasse", "place", "calle", "avenida",
    "rua", "viale", "piazza", "corso", "plaza",
)
_ROMANCE_HEAD_RE = (
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:"
    + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _ROMANCE_STREETS)
    + r")\.?\s+"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:[-–]\d{1,6})?\s+(?:[A-Z][\w'.-]*\s+){1,5}" + _STREET + r"\b\.?"
    r"|\b(?:[A-ZÄÖÜ][\wäöüß.-]*)(?:straße|strasse|str\.|weg|platz|gasse|allee)\s+\d{1,5}[a-z]?\b"
    r"|\b" + _STREET + r"\s+(?:[A-Z][\w'.-]*\s+){0,3}\d{1,5}\b"
    r"|\bP\.?\s?O\.?\s*Box\s+\d+"
    r"|\b[A-Z][a-z]+,?\s+(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}(?:-\d{4})?\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"  # UK postcode
    r"|\b(?:LV|LT|EE|D|F|NL|CH|A|B)-\d{4,5}\b"
    # "One Microsoft Way, Redmond": a house number written as a word, then a place after a comma
    r"|\b" + _WORD_NUMBER + r"\s+(?:[A-Z][\w'.-]*\s+){1,4}" + _STREET + r"\b\.?(?=,\s*[A-Z])"
    # "Redmond, Washington 98052": a spelled-out state between a city and a ZIP code
    r"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s*" + _US_STATE + r"\s+\d{5}(?:-\d{4})?\b"
    r"|\bDublin\s+(?:[1-9]|1\d|2[0-4]|6W)\b(?!\.\d)"  # Irish postal district
    r"|\b(?:[AC-FHKNPRTV-Y]\d\d|D6W)\s(?=[0-9]{0,3}[AC-FHKNPRTV-Y])(?=[A-Z]{0,3}\d)[0-9AC-FHKNPRTV-Y]{4}\b"  # Eircode
    r"|\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s\d[A-Z]\d\b"  # Canadian postal code
    r"|\b(?:Postfach|Postbus)\s+\d+"
    # "12 rue Exemple", "8 avenue de la Paix", "3 Calle Mayor": the street type after the number
    r"|" + _ROMANCE_HEAD_RE + r"(?:(?:de\s+la|de|du|des|della|del|di|da|do|dos|das)\s+|[dl]')?[A-Z]"
    r"[\w'-]*"
    # "75008 Paris, France", "1012 AB Amsterdam, Netherlands": a postcode, a city and a country
    r"|(?<![\w.,/:-])(?!(?:19[5-9]|20[0-4])\d\b)\d{4,5}(?:\s[A-Z]{2})?\s+[A-Z][\w'-]*(?:[\s-][A-Z][\w'-]*){0,2},\s*"
    + _COUNTRY + r"\b"
)
# The word must start a URL part: "help.example.com", "/contact-us", not a brand name that ends in
# one ("betterhelp.com").
_CONTACT_FORM_URL = re.compile(r"(?<![a-z])(?:contact|support|help)|privacy[-_/]?(?:request|form|inquir)|dsar|/form", re.I)
_CONTACT_ANCHOR = re.compile(r"\bcontact\b|\bform\b", re.I)
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
    # "\s*," too: text taken from PDFs and web pages often has "June 28 , 2019".
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>(?:19|20)?\d\d)\b"),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?<![\d/.-])(?P<m>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d)\b"),  # 10/2014
]
_UPDATED = re.compile(
    r"\b(?:updated|modified|revised|amended|changed|edited|reviewed|last\s+(?:update|revision|change)|revision(?:\s+date)?|version|posted|published)\b"
    r"|\bupdate\s*:",  # the label "Update: June 6, 2019"
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|\n")  # where the clause around a date ends
_EFFECTIVE = re.compile(r"\b(?:effective|in\s+effect|as\s+of|dated|valid\s+from|applies\s+from|enters?\s+into\s+force)\b", re.I)


_DIGITS = re.compile(r"\d+")
_BREAK = re.compile(r"[ \t\n]")  # some of \s: no email contains one
_AT_CLOSE = re.compile(r"at\s*[)\]}>]")  # on lower-cased text; every obfuscated "(at)" has one...
_SIGN_CLOSE = re.compile(r"@\s*[)\]}>]")  # ... or this
_SPACED_AT = re.compile(r"[ \t]@[ \t]")  # ... or this
_DOT_WORD = re.compile(r"dot(?<=\sdot)(?=\s)")  # ... or, for "info at example dot com", this
_FORM_WORD = re.compile(r"form(?<=\sform)")  # literal first, so that the engine skips to it
# How a number starts an address: a house number before a capitalised word (this also covers
# "75008 Paris, France"), or before a street type as in "12 rue Exemple".
_NUMBER_HEAD = re.compile(r"\d{1,6}[A-Za-z]?(?:[-–]\d{1,6})?\s+[A-Z]|" + _ROMANCE_HEAD_RE)
_DE_SUFFIXES = ("straße", "strasse", "str.", "weg", "platz", "gasse", "allee")
_STREET_WORDS = tuple(_STREET[3:-1].split("|"))
_SEPARATORS = ("/", ".", "-")
_US_STATE_ENDS = tuple({name.split()[-1] for name in _US_STATES})
_POST_BOX_WORDS = ("Postfach", "Postbus")
_WORD_NUMBER_AT = re.compile(_WORD_NUMBER + r"\s")


def _wordish(c: str) -> bool:
    """``c`` is in ``[\\w'.-]`` (regex \\w is exactly str.isalnum() or '_')."""
    return c.isalnum() or c in "_'.-"


class _Anchors:
    """Where in one text each entity pattern can match, found once and shared by the finders.

    Every method returns exactly what the pattern's ``finditer`` over the whole text returns (see
    :mod:`policylint.documents.scanning` for why each is exact): matches are looked for only next
    to the digit runs, ``@``, ``http``/``www.``, years and words that every match contains.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        # Offsets in the lower-cased copy agree with the text unless a character changed length.
        self.low: str | None = low if len(low) == len(text) else None
        self.runs = [m.span() for m in _DIGITS.finditer(text)]
        self._year_windows: list[tuple[int, int]] | None = None
        self._run_ends: list[int] | None = None

    def emails(self) -> list[re.Match[str]]:
        # No email contains whitespace: run the pattern on the non-space stretch around each "@".
        text, out, pos = self.text, [], 0
        while (at := text.find("@", pos)) >= 0:
            lo = max(pos, text.rfind(" ", pos, at) + 1, text.rfind("\n", pos, at) + 1, text.rfind("\t", pos, at) + 1)
            brk = _BREAK.search(text, at)
            pos = brk.start() if brk else len(text)
            out.extend(_EMAIL.finditer(text, lo, pos))
        return out

    def obfuscated_emails(self) -> list[re.Match[str]]:
        low = self.low
        if low is None or _DOT_WORD.search(low) or _bracketed_at(low, _AT_CLOSE) or _bracketed_at(low, _SIGN_CLOSE) or _SPACED_AT.search(low):
            return list(_OBFUSCATED_EMAIL.finditer(self.text))  # rare: run it all
        return []

    def urls(self) -> list[re.Match[str]]:
        if self.low is None:
            return list(_URL.finditer(self.text))
        return match_at(_URL, self.text, find_all(self.low, "http") + find_all(self.low, "www."))

    def contact_forms(self) -> list[re.Match[str]]:
        if self.low is None:
            return list(_CONTACT_FORM_TEXT.finditer(self.text))
        # "<keyword> [us] form": at most 10 other characters and 2 runs of spaces before "form".
        ends = [m.start() for m in _FORM_WORD.finditer(self.low)]
        return finditer_windows(_CONTACT_FORM_TEXT, self.text, windows_before(self.text, ends, 2, 10, 5))

    def dates(self, index: int) -> list[re.Match[str]]:
        """Matches of ``_DATE_PATTERNS[index]``."""
        text, pat = self.text, _DATE_PATTERNS[index]
        if index in (1, 2, 4):
            # These end with "\s+<year>\b", a run of exactly 4 digits, and reach back at most
            # "31st of September , " (4 runs of spaces, 17 other characters).
            if self._year_windows is None:
                years = [a for a, b in self.runs if b - a == 4 and text[a:a + 2] in ("19", "20")]
                self._year_windows = windows_before(text, years, 4, 17, 5)
            return finditer_windows(pat, text, self._year_windows)
        # The others start at a digit run (after \b or a look-behind for a non-digit) that is
        # followed by a separator: 4 digits for 2014-05-01, at most 2 for 05/01/2014 and 10/2014.
        if index == 0:
            starts = [a for a, b in self.runs if b - a == 4 and text[a:a + 2] in ("19", "20") and text[b:b + 1] in _SEPARATORS]
        elif index == 3:
            starts = [a for a, b in self.runs if b - a <= 2 and text[b:b + 1] in _SEPARATORS]
        else:
            starts = [a for a, b in self.runs if b - a <= 2 and text[b:b + 1] == "/"]
        return match_at(pat, text, starts)

    def phones(self) -> list[re.Match[str]]:
        text, starts = self.text, []
        for a, b in self.runs:
            n = b - a
            # 555-123-4567 and 1-800-... start at their first digit run
            if (n == 3 and text[b:b + 1] in (".", "-")) or (text[a] == "1" and (n == 1 or text[a + 1] == "8")):
                starts.append(a)
            if a:
                c = text[a - 1]
                if c == "+" or (c == "(" and n == 3):  # +44 ..., (555) 123-4567
                    starts.append(a - 1)
                elif a > 1 and text[a - 2] == "+" and c.isspace():  # + 44 ...
                    starts.append(a - 2)
        return match_at(_PHONE, text, starts)

    def loose_phones(self) -> list[re.Match[str]]:
        """Every match of ``_LOOSE_PHONE`` at any position (it starts at "+", "(" or a digit run)."""
        text, out = self.text, []
        for a, _ in self.runs:
            if a > 1 and text[a - 2] == "+" and text[a - 1] == "(":
                starts: tuple[int, ...] = (a - 2, a - 1, a)
            elif a and text[a - 1] in "+(":
                starts = (a - 1, a)
            else:
                starts = (a,)
            for q in starts:
                m = _LOOSE_PHONE.match(text, q)
                if m is not None:
                    out.append(m)
        return out

    def cue_ends_at(self, pos: int) -> bool:
        """Whether a match of ``_PHONE_CUE`` in the whole text ends at ``pos`` (a digit, "+" or
        "(" stands there). No cue contains one of those, so the search starts after the last
        digit run before ``pos`` and stops at ``pos``."""
        if self._run_ends is None:
            self._run_ends = [b for _, b in self.runs]
        i = bisect_right(self._run_ends, pos)
        last = None
        for last in _PHONE_CUE.finditer(self.text, self._run_ends[i - 1] if i else 0, pos + 1):
            pass
        return last is not None and last.end() == pos

    def addresses(self) -> list[re.Match[str]]:
        # Every branch of _ADDRESS holds a digit run; each adds the starts it allows near one.
        text, starts = self.text, []
        for a, b in self.runs:
            n = b - a
            if n <= 6 and _NUMBER_HEAD.match(text, a):
                # 1600 Amphitheatre Parkway, 75008 Paris, France (a postcode's start is a house
                # number's), 12 rue Exemple
                starts.append(a)
            prev = text[a - 1] if a else ""
            if prev.isspace():
                w = a - 1
                while w and text[w - 1].isspace():
                    w -= 1
                if n <= 5:
                    starts.extend(_german_street_starts(text, w))  # Hauptstraße 5
                    starts.extend(_street_first_starts(text, w))  # Suite 200, Brivibas iela 1
                if text.endswith("Box", 0, w):  # P.O. Box 123
                    x = w - 3
                    while x and text[x - 1].isspace():
                        x -= 1
                    starts.extend(p for p in range(max(0, x - 5), x) if text[p] == "P")
                if n == 5:
                    starts.extend(_state_zip_starts(text, w))  # Mountain View, CA 94043
                    starts.extend(_spelled_state_starts(text, w))  # Redmond, Washington 98052
                if n <= 2 and text.endswith("Dublin", 0, w):
                    starts.append(w - 6)  # Dublin 18
                starts.extend(w - len(word) for word in _POST_BOX_WORDS if text.endswith(word, 0, w))  # Postfach 12 34
            elif "A" <= prev <= "Z":  # SW1A 1AA
                starts.extend(p for p in (a - 1, a - 2) if p >= 0)
            elif prev == "-" and n in (4, 5):  # LV-1050
                starts.extend(p for p in (a - 2, a - 3) if p >= 0)
        # One Microsoft Way, Redmond. No match of _WORD_NUMBER_AT can start inside another (each
        # holds one capital, its first letter), so finditer finds every occurrence.
        starts.extend(m.start() for m in _WORD_NUMBER_AT.finditer(text))
        return match_at(_ADDRESS, text, starts)


def _bracketed_at(low: str, closing: re.Pattern[str]) -> bool:
    """Whether ``low`` holds "(at)" or "[@]" (any brackets, spaces inside): where ``closing``
    finds "at)" or "@)", an opening bracket must stand before it, past any spaces."""
    for m in closing.finditer(low):
        i = m.start()
        while i and low[i - 1].isspace():
            i -= 1
        if i and low[i - 1] in "([{<":
            return True
    return False


def _german_street_starts(text: str, end: int) -> list[int]:
    out: list[int] = []
    if not text.endswith(_DE_SUFFIXES, 0, end):
        return out
    for suffix in _DE_SUFFIXES:
        if text.endswith(suffix, 0, end):
            stem_end = end - len(suffix)
            i = stem_end
            while i and (text[i - 1].isalnum() or text[i - 1] in "_.-"):
                i -= 1
            out.extend(p for p in range(i, stem_end) if "A" <= text[p] <= "Z" or text[p] in "ÄÖÜ")
    return out


def _street_first_starts(text: str, end: int) -> list[int]:
    # STREET, then up to 3 capitalised words, each followed by spaces, then the number.
    out: list[int] = []
    for k in range(4):
        if text.endswith(_STREET_WORDS, 0, end):
            out.extend(end - len(word) for word in _STREET_WORDS if text.endswith(word, 0, end))
        if k == 3:
            break
        t = end
        while t and _wordish(text[t - 1]):
            t -= 1
        if t == end or not "A" <= text[t] <= "Z" or not t or not text[t - 1].isspace():
            break
        end = t - 1
        while end and text[end - 1].isspace():
            end -= 1
    return out


def _state_zip_starts(text: str, end: int) -> list[int]:
    # "<City>,? <ST> <zip>": the state code ends at ``end``.
    x = end - 2
    if x < 1 or not text[x - 1].isspace():
        return []
    while x and text[x - 1].isspace():
        x -= 1
    if x and text[x - 1] == ",":
        x -= 1
    i = x
    while i and "a" <= text[i - 1] <= "z":
        i -= 1
    return [i - 1] if i < x and i and "A" <= text[i - 1] <= "Z" else []


def _spelled_state_starts(text: str, end: int) -> list[int]:
    # "<City>, <State> <zip>": the state's name ends at ``end``; the city is 1 to 3 words
    # "[A-Z][a-z]+" apart by one space, and every word start is a candidate.
    out: list[int] = []
    if not text.endswith(_US_STATE_ENDS, 0, end):
        return out
    for state in _US_STATES:
        if not text.endswith(state, 0, end):
            continue
        x = end - len(state)
        while x and text[x - 1].isspace():
            x -= 1
        if not x or text[x - 1] != ",":
            continue
        c = x - 1
        for _ in range(3):
            i = c
            while i and "a" <= text[i - 1] <= "z":
                i -= 1
            if i == c or not i or not "A" <= text[i - 1] <= "Z":
                break
            out.append(i - 1)
            c = i - 2
            if c < 1 or not text[c].isspace():
                break
    return out


def find_entities(text: str, links: list[Entity] = ()) -> list[Entity]:  # type: ignore[assignment]
    """All entities in ``text``, ordered by start offset; ``links`` are hyperlinks from markup."""
    at = _Anchors(text)
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for m in at.emails():
        found.append(Entity("email", m.group(0), m.start(), m.end(), normalized=m.group(0).lower()))
        taken.append(m.span())
    for m in at.obfuscated_emails():
        if "@" in m.group(0) and _overlaps(m.span(), taken):
            continue
        found.append(Entity("email", m.group(0), m.start(), m.end(), normalized=_deobfuscate(m.group(0)), role="obfuscated"))
    for m in at.urls():
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
        # A link within the page ("see the [How to contact us](#contact) section") points to the
        # text, not to a way of reaching anyone: what that section gives counts on its own.
        if link.value.startswith("#"):
            continue
        if _CONTACT_FORM_URL.search(link.value) or _CONTACT_ANCHOR.search(anchor):
            found.append(Entity("contact_form", link.value, link.start, link.end))
    for m in at.contact_forms():
        found.append(Entity("contact_form", m.group(0), m.start(), m.end()))
    dates = list(_find_dates(text, at))
    date_spans = [(d.start, d.end) for d in dates]
    found.extend(dates)
    for m in at.phones():
        if _overlaps(m.span(), date_spans) or sum(c.isdigit() for c in m.group(0)) < 7:
            continue
        found.append(Entity("phone", m.group(0).strip(), m.start(), m.end()))
    found.extend(_keyword_phones(text, {(e.start) for e in found if e.kind == "phone"}, date_spans, at))
    for m in at.addresses():
        found.append(Entity("postal_address", m.group(0), m.start(), m.end()))
    found.sort(key=lambda e: (e.start, e.end, e.kind))
    return found


_PHONE_CUE = re.compile(r"\b(?:tel(?:ephone)?|phone|call(?:\s+us)?(?:\s+at)?|fax|toll[- ]free(?:\s+number)?|mobile|hotline)\b\.?\s*(?:number)?\s*(?:is|at|on)?\s*:?\s*", re.I)


def _keyword_phones(text: str, seen: set[int], date_spans: list[tuple[int, int]], at: _Anchors) -> list[Entity]:
    # Numbers in unusual national formats ("+371 67 123 456", "0800 123 4567") count when a cue
    # word such as "Tel." or "phone" stands right before them.
    out = []
    for m in at.loose_phones():
        if m.start() in seen or _overlaps(m.span(), date_spans) or sum(c.isdigit() for c in m.group(0)) < 7:
            continue
        if at.cue_ends_at(m.start()):
            out.append(Entity("phone", m.group(0).strip(), m.start(), m.end()))
    return out


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    s, e = span
    return any(a < e and s < b for a, b in spans)


def _deobfuscate(s: str) -> str:
    s = re.sub(r"\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*|\s+at\s+", "@", s, flags=re.I)
    s = re.sub(r"\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*|\s+dot\s+", ".", s, flags=re.I)
    return s.replace(" ", "").lower()


def _find_dates(text: str, at: _Anchors):
    seen: list[tuple[int, int]] = []
    for index in range(len(_DATE_PATTERNS)):
        for m in at.dates(index):
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
    window = _CLAUSE_BREAK.split(window)[-1]
    if _UPDATED.search(window):
        return "updated"
    found = _EFFECTIVE.search(window)
    if found and not (found.group().lower().startswith("as") and end is not None and _as_of_something_else(window, text, end)):
        return "effective"
    if end is not None and _is_dateline(text, start, end):
        return "updated"
    return None


# "As of June 30, 2020, we have never received a National Security Letter": a date about
# something else. "as of" dates the policy only when the sentence is about it.
_ABOUT_POLICY = re.compile(r"\b(?:polic(?:y|ies)|notice|statement|terms|this|effective|update[ds]?|revised|version)\b", re.I)


def _as_of_something_else(window: str, text: str, end: int) -> bool:
    """Whether an "as of DATE" opens a statement that is not about the document itself."""
    after = _CLAUSE_BREAK.split(text[end:end + 120])[0]
    return not _ABOUT_POLICY.search(window) and not _ABOUT_POLICY.search(after)


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
    # At most 6 words, at most 2 of them lower-case: a title or a bare date, not a sentence about
    # a date. Counting stops at the 7th word: the line may be a whole paragraph.
    words = prose = 0
    for lo_, hi_ in ((lo, start), (end, hi)):
        for m in _WORD.finditer(text, lo_, hi_):
            words += 1
            prose += m.group(0).islower()
            if words > _DATELINE_WORDS:
                return False
    return prose <= 2 and not re.search(r"©|\(c\)|copyright", text[lo:hi], re.I)


_WORD = re.compile(r"[^\W\d_]{2,}")
