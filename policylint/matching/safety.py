"""Linear-time matching for regular expressions written in rulesets.

Rulesets come from other people and run unattended in CI, so a rule's ``regex`` must not be
able to hang a job on a hostile or merely unlucky document. Python's ``re`` backtracks, so we
accept a *vetted subset* and make it linear in the document length:

1. **Static check** (:func:`check_regex`, at ruleset load time; the error names the file,
   line and column of the ``regex`` key and the CLI exits 2). Rejected, because they backtrack
   exponentially or polynomially:

   * back-references and conditional groups (``\\1``, ``(?P=name)``, ``(?(1)a|b)``);
   * a repetition whose body can match the empty string (``(a*)*``, ``(a?)+``);
   * a repetition around a variable-length repetition over the same characters with no
     required separator of other characters (``(a+)+``, ``(\\w+\\s*)+``, ``(\\d+\\.?)*``),
     while ``(\\w+\\s+)+`` (words separated by required spaces) is accepted;
   * a repetition of alternatives that can start with the same character (``(a|ab)+``,
     ``(\\w|\\d)+``);
   * two unbounded repetitions over overlapping characters with only optional items between
     them, unless a required item of other characters comes before them (``\\w+\\w*x``,
     ``\\s*.*x``, ``[ab]a+a+@`` would run at every position of a long run of those characters;
     in ``Ltd\\s*\\(?\\s*`` they run once per ``Ltd`` and are accepted);
   * an explicit bound over :data:`MAX_BOUND` (``{0,100000}`` is unbounded in disguise).

2. **Bounded repetitions** (:func:`bound_regex`): every ``*``, ``+`` and ``{n,}`` is rewritten
   to ``{n,MAX_REPEAT}``. Without it even an innocent ``[a-z]+@`` is quadratic on a long run of
   letters (every start position scans to the end of the run). With it the work per start
   position is bounded by a constant of the pattern, so a scan is linear in the text length.

Why not RE2 (``google-re2``)? RE2 is linear by construction but has no look-around, and the
vocabulary compiler puts ``(?<!\\w)``/``(?!\\w)`` around every term and built-in rules use
``\\b``-style look-arounds; its ``\\w``/``\\b`` are ASCII-only where ``re``'s are Unicode, so
results would change depending on whether an optional package is installed. The vetted subset
keeps one engine, identical results everywhere, and no native dependency.

Patterns the vocabulary compiler generates from ``terms`` are built safe and are not passed
through here; only hand-written ``regex`` values are.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+ moved the parser; 3.10 has the public (deprecated) module.
    from re import _constants as C, _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from policylint.matching.table import FLAGS, PatternError, regex_errors

MAX_REPEAT = 256  # characters (repetitions) an unbounded `*`, `+` or `{n,}` may take
MAX_BOUND = 1000  # the largest explicit `{m,n}` bound accepted
_WIDE = 16  # a repetition whose range exceeds this counts as "unbounded" for the overlap rule

# Characters the overlap tests are evaluated on: ASCII plus representatives of the Unicode
# classes rules meet in policies; the pattern's own literals are added per pattern.
_BASE_SAMPLE = "".join(map(chr, range(128))) + "\u00a0\u00e9\u00c9\u00df\u00f1\u0130\u0131\u2019\u2013\u2028\u4e2d\u0663\u00b2"
_CATEGORY_RE = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
_POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)
_QUANTIFIER = re.compile(r"[*+?]|\{(\d*)(,(\d*))?\}")


def safe_regex(source: str) -> str:
    """Check ``source`` (raises :class:`PatternError` explaining the problem) and return the
    bounded pattern to compile."""
    check_regex(source)
    return bound_regex(source)


def check_regex(source: str) -> None:
    """Raise :class:`PatternError` when ``source`` can backtrack catastrophically."""
    with regex_errors():
        tree = sre_parse.parse(source, FLAGS)
    literals = {chr(av) for op, av in _walk(tree) if op in (C.LITERAL, C.NOT_LITERAL)}
    literals |= {chr(m[1]) for op, av in _walk(tree) if op == C.IN for m in av if m[0] == C.LITERAL}
    sample = _BASE_SAMPLE + "".join(sorted(literals - set(_BASE_SAMPLE)))
    _Checker(sample, tree.state).sequence(list(tree))


def bound_regex(source: str) -> str:
    """Rewrite unbounded ``*``, ``+`` and ``{n,}`` to ``{n,MAX_REPEAT}``, leaving escapes,
    character classes, comments, lazy ``?`` and possessive ``+`` suffixes alone."""
    out: list[str] = []
    i, n = 0, len(source)
    state = "open"  # open: nothing to repeat; atom: a quantifier may follow; quant: a suffix may
    while i < n:
        c = source[i]
        if source.startswith("(?#", i):
            j = source.find(")", i)
            j = n if j < 0 else j + 1
            out.append(source[i:j])
            i = j
            continue
        if c == "\\":
            out.append(source[i:i + 2])
            i, state = i + 2, "atom"
            continue
        if c == "[":
            j = _class_end(source, i)
            out.append(source[i:j])
            i, state = j, "atom"
            continue
        m = _QUANTIFIER.match(source, i)
        if state == "atom" and m:
            token = m.group(0)
            if token in ("*", "+") or (m.group(2) is not None and m.group(3) == ""):
                low = 1 if token == "+" else int(m.group(1) or 0)
                token = f"{{{low},{max(low, MAX_REPEAT)}}}"
            out.append(token)
            i, state = m.end(), "quant"
            continue
        if state == "quant" and c in "?+":
            state = "suffix"
        elif c in "(|":
            state = "open"
        else:
            state = "atom"
        out.append(c)
        i += 1
    bounded = "".join(out)
    with regex_errors():
        same_groups = re.compile(bounded, FLAGS).groups == re.compile(source, FLAGS).groups
    if not same_groups:
        raise PatternError("regular expression could not be bounded safely")
    return bounded


def _class_end(source: str, start: int) -> int:
    """Index just past the character class that opens at ``start``."""
    i = start + 1
    if i < len(source) and source[i] == "^":
        i += 1
    if i < len(source) and source[i] == "]":
        i += 1  # a `]` first in a class is a literal
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i + 1
        i += 1
    return len(source)


def _walk(items: Any) -> Any:
    """Every (op, av) node of a parse tree, depth first."""
    for op, av in items:
        yield op, av
        for child in _children(op, av):
            yield from _walk(child)


def _children(op: Any, av: Any) -> list[Any]:
    if op in _REPEATS or op == _POSSESSIVE:
        return [av[2]]
    if op == C.SUBPATTERN:
        return [av[-1]]
    if op == C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op == _ATOMIC:
        return [av]
    return []


class _Checker:
    """The static rules, evaluated over a parse tree with character sets as bit masks over a
    sample alphabet (exact for literals, representative for classes)."""

    def __init__(self, sample: str, state: Any) -> None:
        self.sample = sample
        self.state = state

    # -- character sets ------------------------------------------------------------------------
    def _mask(self, pred: Any) -> int:
        bits = 0
        for i, ch in enumerate(self.sample):
            if any(pred(v) for v in {ch, ch.lower(), ch.upper()} if len(v) == 1):
                bits |= 1 << i
        return bits

    def atom(self, op: Any, av: Any) -> int:
        """Characters a single-character node can consume (0 for non-consuming nodes)."""
        if op == C.LITERAL:
            return self._mask(lambda ch: ord(ch) == av)
        if op == C.NOT_LITERAL:
            return self._mask(lambda ch: ord(ch) != av)
        if op == C.ANY:
            return self._mask(lambda ch: ch != "\n")
        if op == C.IN:
            return self._mask(lambda ch: _in_class(av, ch))
        if op == C.CATEGORY:
            return self._mask(lambda ch: _in_class([(op, av)], ch))
        return 0

    def alphabet(self, items: Any) -> int:
        """Every character the sequence ``items`` may consume (look-arounds excluded)."""
        bits = 0
        for op, av in items:
            if op in (C.ASSERT, C.ASSERT_NOT):
                continue
            bits |= self.atom(op, av)
            for child in _children(op, av):
                bits |= self.alphabet(child)
        return bits

    def first(self, items: Any) -> int:
        """Characters a match of ``items`` may start with."""
        bits = 0
        for op, av in items:
            if op in _REPEATS or op == _POSSESSIVE:
                bits |= self.first(av[2])
            elif op == C.BRANCH:
                for b in av[1]:
                    bits |= self.first(b)
            elif op == C.SUBPATTERN:
                bits |= self.first(av[-1])
            elif op == _ATOMIC:
                bits |= self.first(av)
            else:
                bits |= self.atom(op, av)
            if not _nullable_item(op, av):
                break
        return bits

    # -- the rules -----------------------------------------------------------------------------
    def sequence(self, items: list[Any]) -> None:
        flat = _flatten(items)
        for op, av in flat:
            if op in (C.GROUPREF, getattr(C, "GROUPREF_EXISTS", None)):
                raise PatternError("back-references and conditional groups are not allowed in rule patterns: they need backtracking")
            if op in _REPEATS or op == _POSSESSIVE:
                low, high, body = av
                if high != C.MAXREPEAT and high > MAX_BOUND:
                    raise PatternError(f"repetition bound {{{low},{high}}} is over {MAX_BOUND}; use `*`/`+` (bounded to {MAX_REPEAT}) or a smaller bound")
                if op != _POSSESSIVE and high >= 2:
                    self._repeat(list(body))
            for child in _children(op, av):
                self.sequence(list(child))
        self._adjacent(flat)

    def _repeat(self, body: list[Any]) -> None:
        if _nullable(body):
            raise PatternError("a repeated group can match the empty string (like `(a*)*`): catastrophic backtracking; make its content required")
        flat = _flatten(body)
        mandatory = [not _nullable_item(*it) for it in flat]
        for k, item in enumerate(flat):
            lo, hi = self.width(item)
            if lo == hi:
                continue
            own = self.alphabet([item])
            others = [flat[j] for j in range(len(flat)) if j != k and mandatory[j]]
            if all(self.alphabet([it]) & own for it in others):
                raise PatternError(
                    "nested repetition over the same characters (like `(a+)+`, `(a|aa)+` or `(\\w+\\s*)+`): "
                    "catastrophic backtracking; separate the repeated part with a required character of another "
                    "kind, e.g. `(\\w+\\s+)+`, or drop the inner `+`/`*`/`?`"
                )
        for op, av in _walk(body):
            if op != C.BRANCH:
                continue
            firsts = [self.first(b) for b in av[1]]
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    if firsts[i] & firsts[j]:
                        raise PatternError(
                            "repeated alternatives can start with the same character (like `(ab|a.)+`): catastrophic "
                            "backtracking; make the alternatives start differently or merge them"
                        )

    def width(self, item: Any) -> tuple[int, int]:
        """Shortest and longest match of one node."""
        return sre_parse.SubPattern(self.state, [item]).getwidth()

    def _adjacent(self, flat: list[Any]) -> None:
        wide = [i for i, (op, av) in enumerate(flat) if (op in _REPEATS or op == _POSSESSIVE) and av[1] - av[0] > _WIDE]
        for a, b in ((a, b) for a in wide for b in wide if a < b):
            if not all(_nullable_item(*flat[k]) for k in range(a + 1, b)):
                continue
            shared = self.alphabet(flat[a][1][2]) & self.alphabet(flat[b][1][2])
            if not shared:
                continue
            # The pair costs MAX_REPEAT**2 wherever it starts. After a required item that cannot
            # be one of the shared characters (`Ltd\s*\(?\s*`) it starts once per occurrence of
            # that item; otherwise (`\w+\w*x`, `[ab]a+a+@`) at every position of a long run.
            before = [k for k in range(a) if not _nullable_item(*flat[k])]
            if not before or self.alphabet([flat[before[-1]]]) & shared:
                raise PatternError(
                    "two unbounded repetitions over overlapping characters follow each other (like `\\w+\\w*` or "
                    "`\\s*.*`): polynomial backtracking; merge them or put a required character between them"
                )


def _in_class(items: Any, ch: str) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            hit = hit or ord(ch) == av
        elif op == C.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op == C.CATEGORY:
            rx = _CATEGORY_RE.get(getattr(av, "name", str(av)))
            hit = hit or (re.match(rx, ch) is not None if rx else True)
        else:  # unknown member: assume it may match (conservative for overlap)
            hit = True
    return hit != negate


def _flatten(items: list[Any]) -> list[Any]:
    """A sequence with plain (non-alternating) groups inlined, so `(?:a+)b` reads as `a+ b`."""
    out: list[Any] = []
    for op, av in items:
        if op == C.SUBPATTERN and not any(o == C.BRANCH for o, _ in av[-1]):
            out.extend(_flatten(list(av[-1])))
        elif op == C.SUBPATTERN and len(av[-1]) == 1:
            out.extend(list(av[-1]))
        else:
            out.append((op, av))
    return out


def _nullable(items: Any) -> bool:
    return all(_nullable_item(op, av) for op, av in items)


def _nullable_item(op: Any, av: Any) -> bool:
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.CATEGORY):
        return False
    if op in _REPEATS or op == _POSSESSIVE:
        return av[0] == 0 or _nullable(av[2])
    if op == C.SUBPATTERN:
        return _nullable(av[-1])
    if op == C.BRANCH:
        return any(_nullable(b) for b in av[1])
    if op == _ATOMIC:
        return _nullable(av)
    return True  # anchors, look-arounds, group references: zero width
