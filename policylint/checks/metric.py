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
_SILENT_E = re.compile(r"[^aeiouy\W]e\b", re.I)


def measures(doc: Document) -> dict[str, float]:
    """All readability measures of a document (headings excluded)."""
    sentences = [s for s in doc.sentences if doc.blocks[s.block].kind != "heading"]
    lengths = [len(_WORD.findall(doc.text, s.start, s.end)) for s in sentences]
    words = sum(lengths)
    n = max(1, len([x for x in lengths if x]))
    body = " ".join(doc.text[s.start:s.end] for s in sentences)
    syllables = max(words, len(_VOWEL_GROUP.findall(body)) - len(_SILENT_E.findall(body)))
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
