"""Drop the three single-column indexes that revision 0006's wider ones begin with: `claim_links
(utc_end)`, `claim_links (local_day)` and `claim_regions (code)`. Every query that used them is
served by `(utc_end, claim_id)`, `(local_day, claim_id)` and `(code, claim_id)`, and each was one more
index page written for every claim stored.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: name, table, columns
COVERED = (
    ("ix_claim_links_utc_end", "claim_links", ["utc_end"]),
    ("ix_claim_links_local_day", "claim_links", ["local_day"]),
    ("ix_claim_regions_code", "claim_regions", ["code"]),
)


def upgrade() -> None:
    for name, table, _ in COVERED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in COVERED:
        op.create_index(name, table, columns)
