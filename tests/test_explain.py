"""'Why this figure?': the lines `skyledger show` prints under "how it was read", for invented reports
read by the real extractor."""

from __future__ import annotations

from datetime import datetime

import pytest

from skyledger.contract import claim_to_dict
from skyledger.explain import QUOTE_MAX, _template, explain, quote, templates
from skyledger.extract import extract
from skyledger.model import Report

from .test_docs import FLAGS_PAGE, table_names


def explained(text: str, channel: str | None = None, published: str = "2026-03-15T07:10:00+03:00") -> list[str]:
    """The explanation of the report's first claim, as `show` builds it from the stored claim."""
    report = Report(
        "t.txt", text, "text", published=datetime.fromisoformat(published), published_basis="source", channel=channel
    )
    x = extract(report)
    assert x.claims, "the example should give a claim"
    c = claim_to_dict(x.claims[0], "d", 0)
    return explain({**c, "text": text, "channel": channel, "published": published, "published_basis": "source"})


@pytest.mark.parametrize(
    ("text", "channel", "line"),
    [
        (
            "Air defence systems intercepted and destroyed 22 Ukrainian drones over the Rostov region overnight, the Russian Defence Ministry said.",
            None,
            "total 22 read from 'destroyed 22'",
        ),
        (
            "Air defence systems intercepted and destroyed 22 Ukrainian drones over the Rostov region overnight, the Russian Defence Ministry said.",
            None,
            "claimant ministry Ministry of Defence of Russia read from 'Russian Defence Ministry'",
        ),
        (
            "Overnight, air defence systems destroyed 6 UAVs over the Voronezh region.",
            "Ministry of Defence of the Russian Federation",
            "claimant from the channel name Ministry of Defence of the Russian Federation: the text names no source",
        ),
        (
            "Air defence systems destroyed 22 Ukrainian drones overnight: 20 over the Belgorod region and two over the Tula and Kaluga regions, the Russian Defence Ministry said.",
            None,
            "'two' over Tula Oblast and Kaluga Oblast read as shared: the only reading that makes the breakdown add up to 22",
        ),
        (
            "Air defence systems destroyed 24 Ukrainian drones overnight: 20 over the Belgorod region and two over the Tula and Kaluga regions, the Russian Defence Ministry said.",
            None,
            "'two' over Tula Oblast and Kaluga Oblast read as each: the only reading that makes the breakdown add up to 24",
        ),
        (
            "Air defence systems destroyed 12 Ukrainian drones overnight, the Russian Defence Ministry said.",
            None,
            "date from the report's time (2026-03-15T07:10:00+03:00, stated by the source) and the window phrase 'overnight'",
        ),
        (
            "Air defence systems destroyed more than 100 Ukrainian drones overnight, the Russian Defence Ministry said.",
            None,
            "the total is a bound (at_least), not an exact figure",
        ),
    ],
)
def test_each_inference_is_said_in_words(text, channel, line):
    assert line in explained(text, channel)


def test_a_long_span_is_quoted_by_its_two_ends():
    text = (
        "from 18:00 on 14 March), the enemy attacked with 97 UAVs. " + "Air defence was provided. " * 5 + "As of 08:30"
    )
    quoted = quote(text, [0, len(text)])
    assert quoted.startswith("'from 18:00 on 14 March)") and quoted.endswith("As of 08:30'")
    assert " … " in quoted and len(quoted) <= QUOTE_MAX + 4


def section_flags(section: str) -> set[str]:
    """The flags a section of docs/flags.md documents, placeholders and all."""
    return table_names(FLAGS_PAGE, section)


@pytest.mark.parametrize(
    ("section", "heading"),
    [("claim", "Claim flags (`claims[].flags`)"), ("region", "Region-line flags (`claims[].regions[].flags`)")],
)
def test_every_documented_flag_is_explained_and_nothing_else(section, heading):
    documented = section_flags(heading)
    assert len(documented) > 10
    missing = sorted(f for f in documented if _template(section, f) is None)
    assert not missing, f"data/explanations.yaml has no {section} line for {missing}"
    used = {
        key
        for key in templates()[section]
        if any(f == key or f.startswith(key) and key.endswith(":") for f in documented)
    }
    assert used == set(templates()[section]), f"explained but not documented: {set(templates()[section]) - used}"
