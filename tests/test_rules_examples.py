"""Every built-in rule proves itself: its examples give what they expect, and there are enough.

Parametrised per built-in ruleset, so a broken rule names its ruleset in the CI failure.
"""

from __future__ import annotations

import pytest

from policylint.resources import builtin_rulesets
from policylint.rulesets import RulesetLoader
from policylint.selftest import run_ruleset

BUILTIN = sorted(builtin_rulesets())


def _outcome(name: str):
    loader = RulesetLoader()
    rs = loader.load(name)
    return run_ruleset(rs, strict=True, source_text=loader.sources.get(rs.id))


@pytest.mark.parametrize("name", BUILTIN)
def test_examples_give_what_they_expect(name: str) -> None:
    out = _outcome(name)
    assert not out.errors, out.errors
    bad = [f"{e.where}: {e.rule} example {e.index}: {e.why()} | {e.example.text}" for e in out.failures]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", BUILTIN)
def test_every_rule_has_two_pass_and_two_fail_examples(name: str) -> None:
    out = _outcome(name)
    thin = [f"{rule.source}: {rule.id}: {why}" for rule, why in out.thin]
    assert not thin, "\n".join(thin)
