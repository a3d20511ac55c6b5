"""Properties of the evidence marking that ``show`` relies on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from skyledger import views


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab .!\n", max_size=40))
    n = len(text)
    pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=5))
    values = [{"field": f"f{i}", "start": min(p), "end": max(p)} for i, p in enumerate(pairs)]
    start = draw(st.integers(0, n))
    return text, start, draw(st.integers(start, n)), values


@given(text_and_spans())
def test_segments_cover_the_excerpt_exactly(case):
    text, start, end, values = case
    parts = views.segments(text, start, end, values)
    assert "".join(t for t, _ in parts) == text[start:end]
    assert all(t for t, _ in parts)


@given(text_and_spans())
def test_sentence_bounds_contain_the_span(case):
    text, start, end, _ = case
    s, e = views.sentence_bounds(text, start, end)
    assert 0 <= s <= start <= end <= e <= len(text)
