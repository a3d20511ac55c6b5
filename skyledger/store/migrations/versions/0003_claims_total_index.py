"""An index on claims.total, so that a page of claims sorted by their figure reads the index in
order instead of sorting the ledger (the API's ``sort=total``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_total", "claims", ["total"])


def downgrade() -> None:
    op.drop_index("ix_claims_total", table_name="claims")
