"""Evidence quotes in one-line outputs: never over the limit, never half a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policylint.reports.quoting import clip


def test_short_text_is_kept_on_one_line() -> None:
    assert clip("We keep\n  your data.", 40) == "We keep your data."


def test_long_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "We limit staff access to what their work requires."
    assert clip(text, 45) == "We limit staff access to what their work…"


@given(st.text(alphabet=st.sampled_from("ab ,."), min_size=0, max_size=300), st.integers(min_value=10, max_value=200))
def test_never_over_the_limit_and_a_prefix_of_the_text(text: str, limit: int) -> None:
    out = clip(text, limit)
    flat = " ".join(text.split())
    assert len(out) <= limit
    assert flat.startswith(out.removesuffix("…").rstrip(" ,;:"))
    kept = out.removesuffix("…")
    if out.endswith("…") and flat.rfind(" ", 0, limit - 1) > limit // 2:
        assert flat[len(kept)] in " ,;:"  # cut between words, not inside one
