"""A document read again by another extractor leaves the ledger it would have made from the start.

Reconciliation rewrites only the claim groups that changed. A group that loses a claim because its
document was read again, and finds nothing now, keeps its other members and their roles, and so
looks unchanged; its row must still be written again (its documents, relays, lead and flags
counted that claim). For every document that shares a group with another, the ledger after the
re-read must equal the ledger that had the new reading from the start, table by table.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from skyledger.model import Extraction
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
    """The documents that share a claim group with another document."""
    factory = open_ledger(url.removeprefix("sqlite:///"), create=False)
    with factory() as session:
        groups = select(m.ClaimGroup.group_id).where(m.ClaimGroup.documents > 1)
        return sorted(set(session.scalars(select(m.ClaimLink.doc_id).where(m.ClaimLink.group_id.in_(groups)))))


def test_a_document_read_again_with_fewer_claims_leaves_the_ledger_of_that_reading(
    tmp_path: Path, extractions: list[Extraction]
) -> None:
    base = build(tmp_path / "base.db", [extractions])
    docs = shared(base)
    assert len(docs) >= 5, "the reports must put several documents in one group"
    differ = []
    for doc_id in docs:
        emptied = [
            dataclasses.replace(x, claims=(), extractor_version="next") if x.report.doc_id == doc_id else x
            for x in extractions
        ]
        read_again = [x for x in emptied if x.report.doc_id == doc_id]
        again = build(tmp_path / f"again-{doc_id}.db", [extractions, read_again])
        scratch = build(tmp_path / f"scratch-{doc_id}.db", [emptied])
        if ledger_content(again) != ledger_content(scratch):
            differ.append(doc_id)
    assert differ == []
