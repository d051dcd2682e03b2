"""A second reading of corpus labels (``policylint eval --review FILE``).

Expert labels are noisy: an annotator misses a plainly stated right, or a column is filled in
for text the converted file no longer holds. A rule author who reads a disagreement records the
verdict in a review file instead of editing the corpus, and ``eval`` then prints the figures as
labelled *and* after the review, so that both stay visible. A review is CSV::

    document,practice,label,reason
    070,right_erasure,1,"Europeans are told they may ask for deletion (line 62)"
    026,right_portability,0,"rule wrong: passed on an access request; nothing on portability"

``label`` is the reviewed value (1 stated, 0 not stated). A row that keeps the corpus's label
records that the rule, not the label, is wrong: it counts as reviewed and changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from policylint.evaluation.mapfile import MapError

COLUMNS = ("document", "practice", "label", "reason")


@dataclass(frozen=True)
class Verdict:
    """The reviewed label of one practice on one document, and why."""

    label: bool
    reason: str
    line: int  # in the review file, for messages


def load_review(path: str, practices: set[str]) -> dict[tuple[str, str], Verdict]:
    """Read a review file; raises :class:`MapError` naming the file, line and what to fix."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            absent = [c for c in COLUMNS if c not in header]
            if absent:
                raise MapError(f"{path}:1: a review needs the columns {', '.join(COLUMNS)}; {absent[0]!r} is missing")
            verdicts: dict[tuple[str, str], Verdict] = {}
            for row in reader:
                line = reader.line_num
                doc, practice = (row["document"] or "").strip(), (row["practice"] or "").strip()
                label, reason = (row["label"] or "").strip(), (row["reason"] or "").strip()
                if practice not in practices:
                    raise MapError(f"{path}:{line}: practice {practice!r} is not in the map (known: {', '.join(sorted(practices))})")
                if label not in ("0", "1"):
                    raise MapError(f"{path}:{line}: label must be 1 (stated) or 0 (not stated), not {label!r}")
                if not doc or not reason:
                    raise MapError(f"{path}:{line}: every row needs a document and a reason")
                if (doc, practice) in verdicts:
                    first = verdicts[doc, practice].line
                    raise MapError(f"{path}:{line}: {doc} / {practice} is reviewed twice (first on line {first})")
                verdicts[doc, practice] = Verdict(label == "1", reason, line)
    except OSError as exc:
        raise MapError(f"{path}: cannot read review: {exc.strerror or exc}") from None
    except csv.Error as exc:
        raise MapError(f"{path}: not valid CSV: {exc}") from None
    return verdicts
