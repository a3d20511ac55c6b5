"""Migrations: a ledger made by skyledger before migrations existed is upgraded without loss.

``fixtures/ledger_v1.db`` was made by ``skyledger ingest --db ledger_v1.db --published 2025-11-20
examples/`` at commit 99c980a, when a document's id was the hash of its text.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text

from skyledger.model import report_identity
from skyledger.store import models as m
from skyledger.store import open_ledger, store_batch
from skyledger.store.db import HEAD
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.rebuild import report_from_row

FIXTURE = Path(__file__).parent / "fixtures" / "ledger_v1.db"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def counts(url: str) -> dict[str, int]:
    eng = create_engine(url)
    with eng.connect() as conn:
        return {
            t: conn.execute(text(f"select count(*) from {t}")).scalar_one()
            for t in ("documents", "claims", "claim_regions", "evidence_spans", "impacts", "measures", "read_failures")
        }


def migrated(tmp_path: Path) -> tuple[str, object]:
    path = tmp_path / "ledger.db"
    shutil.copy(FIXTURE, path)
    return f"sqlite:///{path}", open_ledger(str(path))


def test_nothing_is_lost_and_every_id_is_the_report_identity(tmp_path):
    before = counts(f"sqlite:///{FIXTURE}")
    url, factory = migrated(tmp_path)
    assert (
        counts(url)
        == before
        == {
            "documents": 21,
            "claims": 27,
            "claim_regions": before["claim_regions"],
            "evidence_spans": before["evidence_spans"],
            "impacts": before["impacts"],
            "measures": before["measures"],
            "read_failures": 0,
        }
    )
    with factory() as session:
        for doc in session.scalars(select(m.Document)):
            assert (
                doc.doc_id
                == report_from_row(doc).doc_id
                == report_identity(
                    doc.source,
                    doc.text,
                    doc.channel,
                    doc.url,
                    doc.message_id,
                    report_from_row(doc).published,
                    doc.published_basis,
                )
            )
        for claim in session.scalars(select(m.Claim)):
            assert claim.claim_id == f"{claim.doc_id}-{claim.n}" == claim.contract["id"]
        assert session.scalar(select(func.count()).select_from(m.ReportSource)) == 21
        assert session.scalar(select(func.count()).select_from(m.ClaimLink)) > 0


def test_the_migrated_schema_is_the_models_schema(tmp_path):
    url, _ = migrated(tmp_path)
    with create_engine(url).connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, m.Base.metadata) == []


def test_the_covering_indexes_have_statistics_after_migration(tmp_path):
    """Revision 0006's indexes hold all a page or a total reads of a claim, but SQLite's planner
    looks claims up by their primary key's index unless it has statistics on them: the migration
    gathers them, so that a ledger served after it uses them before its next ingest."""
    from alembic import command
    from alembic.config import Config

    from skyledger.store.db import MIGRATIONS

    path = tmp_path / "ledger.db"
    with open_ledger(str(path))() as session:
        store_batch(session, read_and_extract([EXAMPLES], datetime(2025, 11, 20, tzinfo=UTC)), extractor_version())
    new = {"ix_claims_lookup", "ix_claim_regions_code_claim", "ix_claim_links_utc_end_claim"}
    new |= {"ix_claim_links_local_day_claim"}
    eng = create_engine(f"sqlite:///{path}")
    with eng.begin() as conn:  # back to the ledger of revision 0005, which had no such index
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        assert not new & set(conn.execute(text("select idx from sqlite_stat1")).scalars())
    open_ledger(str(path))
    with eng.connect() as conn:
        assert new <= set(conn.execute(text("select idx from sqlite_stat1")).scalars())


def test_reingesting_the_same_reports_after_migration_adds_nothing(tmp_path):
    url, factory = migrated(tmp_path)
    # night.jsonl came later, and the README's words have changed since: both are new reports
    paths = [p for p in sorted(EXAMPLES.iterdir()) if p.name not in ("night.jsonl", "README.md")]
    with factory() as session:
        summary = store_batch(session, read_and_extract(paths, datetime(2025, 11, 20, tzinfo=UTC)), extractor_version())
    assert (summary.documents, summary.failures) == (20, [])  # re-extracted by this version, not added
    assert counts(url)["documents"] == 21
