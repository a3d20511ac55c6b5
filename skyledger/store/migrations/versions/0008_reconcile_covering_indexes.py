"""Indexes that hold everything reconciliation reads of a row it passes over, replacing the
narrower ones they begin with: a period's documents with their ids (``documents (period, doc_id)``),
a document's impacts with their regions (``impacts (doc_id, region)``) and a period's links with
their roles and groups (``claim_links (period, role, group_id)``). Grading a period read each of
its documents' rows (with their texts) to reach their impacts; on a ledger of 380,000 documents the
reads that grade 470 periods took 0.5-0.9 s of CPU and take 0.1 s (docs/benchmarks.md).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

from skyledger.store.migrations.statistics import analyze

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: (new name, columns), (the old name it replaces, its columns), table: as in the models
REPLACED = (
    (("ix_documents_period_doc", ["period", "doc_id"]), ("ix_documents_period", ["period"]), "documents"),
    (("ix_impacts_doc_region", ["doc_id", "region"]), ("ix_impacts_doc_id", ["doc_id"]), "impacts"),
    (
        ("ix_claim_links_period_role", ["period", "role", "group_id"]),
        ("ix_claim_links_period", ["period"]),
        "claim_links",
    ),
)


def upgrade() -> None:
    for (name, columns), (old, _), table in REPLACED:
        op.create_index(name, table, columns)
        op.drop_index(old, table_name=table)
    analyze(name for (name, _), _, _ in REPLACED)  # as in revision 0006


def downgrade() -> None:
    for (name, _), (old, columns), table in REPLACED:
        op.create_index(old, table, columns)
        op.drop_index(name, table_name=table)
