"""The encoding each document's file was decoded from (``documents.encoding``: 'utf-8', 'cp1251',
'utf-16-le' ...), now that the readers also read legacy code pages. Nullable: documents stored before
this revision, and documents posted to the API as JSON, have none.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skyledger.store.models import Str

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("encoding", Str(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("encoding")
