"""A document read again by another extractor leaves the ledger it would have made from the start.

Reconciliation rewrites only the claim groups that changed, and grades only the periods where a
group or an impact changed. A group that loses a claim because its document was read again, and
finds nothing now, keeps its other members and their roles, and so looks unchanged; its row must
still be written again (its documents, relays, lead and flags counted that claim). Impacts that are
gone must be graded again. For every document that shares a group with another or reports impacts,
the ledger after the re-read must equal the ledger that had the new reading from the start, table by
table.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from skyledger.extract import extract
from skyledger.model import Extraction, Report
from skyledger.store import models as m
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from tests.store.ledger_content import ledger_content

ROOT = Path(__file__).resolve().parents[2]
PATHS = [ROOT / "examples", Path(__file__).parent / "reports"]


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    found = read_and_extract(PATHS, datetime(2025, 11, 20, tzinfo=UTC))
    return [x for x in found if isinstance(x, Extraction)]


def build(path: Path, batches: list[list[Extraction]]) -> str:
    factory = open_ledger(str(path))
    for batch in batches:
        with factory() as session:
            assert store_batch(session, batch, extractor_version()).failures == []
    return f"sqlite:///{path}"


def shared(url: str) -> list[str]:
    """The documents that share a claim group with another document, or report impacts (which
    grade the groups of their period)."""
    factory = open_ledger(url.removeprefix("sqlite:///"), create=False)
    with factory() as session:
        groups = select(m.ClaimGroup.group_id).where(m.ClaimGroup.documents > 1)
        grouped = set(session.scalars(select(m.ClaimLink.doc_id).where(m.ClaimLink.group_id.in_(groups))))
        return sorted(grouped | set(session.scalars(select(m.Impact.doc_id))))


@pytest.mark.parametrize("dropped", [("claims",), ("impacts",), ("claims", "impacts")])
def test_a_document_read_again_with_fewer_findings_leaves_the_ledger_of_that_reading(
    tmp_path: Path, extractions: list[Extraction], dropped: tuple[str, ...]
) -> None:
    base = build(tmp_path / "base.db", [extractions])
    docs = shared(base)
    assert len(docs) >= 5, "the reports must put several documents in one group"
    differ = []
    for doc_id in docs:
        emptied = [
            dataclasses.replace(x, **dict.fromkeys(dropped, ()), extractor_version="next")
            if x.report.doc_id == doc_id
            else x
            for x in extractions
        ]
        read_again = [x for x in emptied if x.report.doc_id == doc_id]
        again = build(tmp_path / f"again-{doc_id}.db", [extractions, read_again])
        scratch = build(tmp_path / f"scratch-{doc_id}.db", [emptied])
        if ledger_content(again) != ledger_content(scratch):
            differ.append(doc_id)
    assert differ == []


MSK = timezone(timedelta(hours=3))


def post(n: int, channel: str, hour: int, text: str) -> Report:
    """Post ``n`` of an invented night, published on ``channel`` at ``hour`` Moscow time."""
    at = datetime(2025, 11, 20, hour, 0, tzinfo=MSK)
    return Report(f"night.jsonl#{n}", text, "jsonl", f"night-{n}", None, None, at, "source", channel, str(n))


#: The ministry's own count over Belgorod, then a local channel's report of debris there (an impact
#: of the same period and region, which grades the ministry's claim).
CLAIM = post(
    1,
    "t.me/mod_russia",
    8,
    "Дежурными средствами ПВО перехвачены и уничтожены 5 беспилотников над территорией Белгородской области.",
)
DEBRIS = post(
    2,
    "t.me/local_example",
    9,
    "Обломки беспилотника упали на склад в Белгородской области, пострадавших нет, сообщил губернатор.",
)


def grades(url: str) -> list[str]:
    factory = open_ledger(url.removeprefix("sqlite:///"), create=False)
    with factory() as session:
        return list(session.scalars(select(m.ClaimGroup.grade)))


def test_impacts_read_away_grade_their_period_again(tmp_path: Path) -> None:
    """The debris corroborates the ministry's claim; read again without it, the claim is the
    ministry's own again, as if the debris had never been reported, though no claim group changed."""
    claim, debris = extract(CLAIM), extract(DEBRIS)
    assert debris.impacts and not debris.claims
    first = build(tmp_path / "first.db", [[claim, debris]])
    assert grades(first) == ["corroborated_other_kind"]
    without = dataclasses.replace(debris, impacts=(), extractor_version="next")
    again = build(tmp_path / "again.db", [[claim, debris], [without]])
    scratch = build(tmp_path / "scratch.db", [[claim, without]])
    assert grades(again) == grades(scratch) == ["party_claim"]
    assert ledger_content(again) == ledger_content(scratch)
