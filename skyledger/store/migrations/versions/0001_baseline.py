"""The ledger as skyledger made it before migrations (up to commit 99c980a): documents keyed by the
hash of their text alone, with their claims, regions, spans, impacts, measures, runs and failures.

Nothing to do: such a ledger is stamped with this revision and upgraded from it.
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
