"""A list under a header ('ЗНИЩЕНО:') keeps its action across a list line wrapped onto the next line,
as infographics' OCR wraps them, and not across a blank line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skyledger.extract import extract
from skyledger.model import Report


def claims(text: str) -> list[tuple]:
    report = Report("t.txt", text, "text", published=datetime(2023, 1, 14, 18, tzinfo=UTC), published_basis="source")
    return [(c.action, c.weapon, c.weapon_detail, c.total) for c in extract(report).claims]


@pytest.mark.parametrize(
    "text",
    [
        "ЗНИЩЕНО:\n- 18 крилатих ракет\nКалібр\n- 7 КАР Х-59\n\nПовітряні Сили",
        "ЗНИЩЕНО :\n- 18 крилатих ракет\n  Х-101/Х-555, «Калібр»\n- 7 КАР Х-59\n\nПовітряні\nСили\nУкраїни",
        "ЗНИЩЕНО:\n- 18 крилатих ракет\nІскандер\n- 7 КАР Х-59",
    ],
)
def test_a_wrapped_list_line_does_not_end_the_list(text):
    assert claims(text)[-1] == ("destroyed", "missile", "kh-59", 7)
    assert [c[3] for c in claims(text)] == [18, 7]


def test_a_blank_line_ends_the_list():
    assert [c[3] for c in claims("ЗНИЩЕНО:\n- 18 крилатих ракет\n\nКалібр\n- 7 КАР Х-59")] == [18]
