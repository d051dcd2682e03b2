"""``metric``: readability and length thresholds over the whole document.

    metric: {measure: flesch_reading_ease, min: 30}
    metric: {measure: avg_sentence_words, max: 25}

Measures: flesch_reading_ease, flesch_kincaid_grade, words, sentences, avg_sentence_words,
max_sentence_words. Syllables are estimated from vowel groups (regex counts, no word loop).
"""

from __future__ import annotations

import re
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Outcome
from policylint.model import Document, Status

MEASURES = ("flesch_reading_ease", "flesch_kincaid_grade", "words", "sentences", "avg_sentence_words", "max_sentence_words")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+", re.I)
# A final "e" after a consonant ("[^aeiouy\W]e\b"), found from the "e" with a look-behind:
# same count, but the scan looks for a literal instead of testing a class at every character.
_SILENT_E = re.compile(r"e\b(?<=[^aeiouy\W]e)", re.I)
# Under IGNORECASE, "[aeiouy]" matches these two besides the ASCII vowels.
_DOTTED_I, _DOTLESS_I = "\u0130", "\u0131"
_LETTER_MARKS = bytes(ord("a") if chr(b).isascii() and chr(b).isalpha() else b if chr(b) == "'" else ord(" ") for b in range(256))
_VOWEL_MARKS = bytes(ord("a") if chr(b) in "aeiouyAEIOUY" else ord(" ") for b in range(256))


def measures(doc: Document) -> dict[str, float]:
    """All readability measures of a document (headings excluded)."""
    sentences = [s for s in doc.sentences if doc.blocks[s.block].kind != "heading"]
    lengths = word_counts(doc.text, [(s.start, s.end) for s in sentences])
    words = sum(lengths)
    n = max(1, len([x for x in lengths if x]))
    body = " ".join(doc.text[s.start:s.end] for s in sentences)
    syllables = max(words, vowel_groups(body) - len(_SILENT_E.findall(body)))
    wps = words / n
    spw = syllables / max(1, words)
    return {
        "words": float(words),
        "sentences": float(len(sentences)),
        "avg_sentence_words": round(wps, 2),
        "max_sentence_words": float(max(lengths, default=0)),
        "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 2),
        "flesch_kincaid_grade": round(0.39 * wps + 11.8 * spw - 15.59, 2),
    }


def word_counts(text: str, ranges: list[tuple[int, int]]) -> list[int]:
    """``len(_WORD.findall(text, start, end))`` for each range, counted on bytes.

    One byte per character (so offsets stay put): "a" for an ASCII letter, " " for anything
    else; an apostrophe between two letters joins them into one word, as in ``_WORD``.
    """
    marks = text.replace("’", "'").encode("latin-1", "replace").translate(_LETTER_MARKS)
    while b"a'a" in marks:  # each pass joins every other apostrophe of "a'b'c"
        marks = marks.replace(b"a'a", b"aaa")
    marks = marks.replace(b"'", b" ")
    # Words in a range: letter runs starting inside it, plus one cut by its start (unless the
    # range is just a joining apostrophe).
    return [marks.count(b" a", s, e) + (s < e and marks[s] == 97 and (e - s > 1 or text[s] not in "'’")) for s, e in ranges]


def vowel_groups(text: str) -> int:
    """``len(_VOWEL_GROUP.findall(text))``, counted on bytes without building the matches."""
    if _DOTTED_I in text or _DOTLESS_I in text:
        return len(_VOWEL_GROUP.findall(text))  # the two non-ASCII letters the class matches
    # UTF-8 encodes every other character outside ASCII as bytes >= 0x80, none a vowel: map
    # vowels to "a", all else to " ", and count where a run of "a" starts.
    marks = text.encode("utf-8", "surrogatepass").translate(_VOWEL_MARKS)
    return marks.count(b" a") + marks.startswith(b"a")


class MetricCheck:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        if not isinstance(spec, dict) or spec.get("measure") not in MEASURES:
            raise CheckError(path + ("measure",), "measure must be one of: " + ", ".join(MEASURES))
        unknown = [k for k in spec if k not in ("measure", "min", "max")]
        if unknown:
            raise CheckError(path + (unknown[0],), f"unknown metric key {unknown[0]!r}")
        if "min" not in spec and "max" not in spec:
            raise CheckError(path, "metric needs `min` or `max`")
        self.measure = spec["measure"]
        self.min = spec.get("min")
        self.max = spec.get("max")

    def evaluate(self, ctx: Context) -> Outcome:
        values = ctx.memo.get("measures")
        if values is None:
            values = ctx.memo["measures"] = measures(ctx.doc)
        v = values[self.measure]
        if (self.min is not None and v < self.min) or (self.max is not None and v > self.max):
            bound = f"minimum {self.min}" if self.min is not None and v < self.min else f"maximum {self.max}"
            return Outcome(Status.FAILED, detail=f"{self.measure.replace('_', ' ')} is {v:g} ({bound})")
        return Outcome(Status.PASSED, detail=f"{self.measure.replace('_', ' ')} is {v:g}")


def compile_metric(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> MetricCheck:
    return MetricCheck(spec, compiler, path)
