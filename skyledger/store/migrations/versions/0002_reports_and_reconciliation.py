"""Reports and reconciliation (issue 8).

* A document's id becomes its report identity (origin, own id, stated publication time, words):
  every document, and every claim under it (``<doc_id>-<n>``, also inside the stored contract), is
  given its new id; nothing is dropped. Documents get ``origin``, ``text_hash`` and ``period``.
* New tables: ``report_sources`` (every place a report was seen; each document gets its 'read' row),
  ``document_signatures`` and ``minhash_bands`` (copies), ``claim_links`` and ``claim_groups``
  (reconciled claims), which ``open_ledger`` fills after the upgrade by reconciling every document.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from skyledger.model import origin, report_identity, text_hash
from skyledger.store.models import JSON, LongText, Str, UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _create_tables() -> None:
    op.create_table(
        "report_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", Str(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("source", LongText, nullable=False),
        sa.Column("relation", Str(16), nullable=False),
        sa.Column("via_doc_id", Str(64)),
        sa.Column("origin", LongText),
        sa.Column("url", LongText),
        sa.Column("published", Str(40)),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("doc_id", "source"),
    )
    op.create_table(
        "document_signatures",
        sa.Column("doc_id", Str(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("copy_of", Str(64), index=True),
        sa.Column("similarity", sa.Float),
    )
    op.create_table(
        "minhash_bands",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", Str(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("key", Str(16), nullable=False),
        sa.Column("day", Str(10)),
        sa.Index("ix_minhash_bands_key", "band", "key", "day"),
    )
    op.create_table(
        "claim_links",
        sa.Column("claim_id", Str(80), sa.ForeignKey("claims.claim_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("doc_id", Str(64), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("bucket", LongText, nullable=False, index=True),
        sa.Column("group_id", Str(16), nullable=False, index=True),
        sa.Column("role", Str(16), nullable=False),
        sa.Column("period", Str(16), nullable=False, index=True),
        sa.Column("utc_start", Str(40), nullable=False),
        sa.Column("utc_end", Str(40), nullable=False, index=True),
        sa.Column("inferred", Str(16)),
        sa.Column("local_day", Str(10), nullable=False, index=True),
    )
    op.create_table(
        "claim_groups",
        sa.Column("group_id", Str(16), primary_key=True),
        sa.Column("bucket", LongText, nullable=False, index=True),
        sa.Column("period", Str(16), nullable=False, index=True),
        sa.Column("claimant", LongText, nullable=False),
        sa.Column("claimant_kind", Str(32), nullable=False),
        sa.Column("side", Str(8)),
        sa.Column("action", Str(32), nullable=False),
        sa.Column("weapon", Str(32), nullable=False),
        sa.Column("utc_start", Str(40), nullable=False),
        sa.Column("utc_end", Str(40), nullable=False),
        sa.Column("inferred", Str(16)),
        sa.Column("low", sa.Integer),
        sa.Column("high", sa.Integer),
        sa.Column("lead_claim_id", Str(80), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("relays", sa.Integer, nullable=False),
        sa.Column("copies", sa.Integer, nullable=False),
        sa.Column("superseded", sa.Integer, nullable=False),
        sa.Column("discrepancy", sa.Boolean, nullable=False),
        sa.Column("grade", Str(32), nullable=False),
        sa.Column("flags", JSON, nullable=False),
        sa.Column("regions", JSON, nullable=False),
    )


def _table(name: str) -> sa.Table:
    """The table as the database has it now (reflected, so that later model changes cannot break
    this revision)."""
    return sa.Table(name, sa.MetaData(), autoload_with=op.get_bind())


#: Formats whose readers now keep a row's or an entry's own id as ``message_id``; before, it was kept
#: only in ``source`` as ``FILE#id``.
ROW_FORMATS = ("jsonl", "csv", "rss", "atom")


def own_id(doc: sa.Row) -> str | None:
    """The report's own id as today's readers give it: the message id, else a row's or entry's
    ``#key``. (A row that had no id was keyed by its line number; it is taken as its id, so such a
    row read again from a rewritten file is a new report.)"""
    if doc.message_id or doc.format not in ROW_FORMATS or "#" not in doc.source:
        return doc.message_id
    return doc.source.split("#", 1)[1] or None


def _new_id(doc: sa.Row) -> str:
    published = datetime.fromisoformat(doc.published) if doc.published else None
    return report_identity(doc.source, doc.text, doc.channel, doc.url, own_id(doc), published, doc.published_basis)


def _rekey(conn: sa.Connection, old: str, new: str) -> None:
    """Give one document and its claims their new ids: copy the rows under the new keys, point the
    children at them, then drop the old rows (foreign keys hold at every step, on every backend)."""
    docs, claims = _table("documents"), _table("claims")
    row = conn.execute(sa.select(docs).where(docs.c.doc_id == old)).mappings().one()
    conn.execute(docs.insert().values({**row, "doc_id": new}))
    for name in ("impacts", "measures"):
        t = _table(name)
        conn.execute(t.update().where(t.c.doc_id == old).values(doc_id=new))
    for claim in conn.execute(sa.select(claims).where(claims.c.doc_id == old)).mappings().all():
        claim_id = f"{new}-{claim['n']}"
        contract = {**claim["contract"], "id": claim_id}
        conn.execute(
            claims.insert().values(
                {**claim, "claim_id": claim_id, "doc_id": new, "contract": contract, "n": -claim["n"]}
            )
        )
        for name in ("claim_regions", "evidence_spans"):
            t = _table(name)
            conn.execute(t.update().where(t.c.claim_id == claim["claim_id"]).values(claim_id=claim_id))
        conn.execute(claims.delete().where(claims.c.claim_id == claim["claim_id"]))
        conn.execute(claims.update().where(claims.c.claim_id == claim_id).values(n=claim["n"]))
    conn.execute(docs.delete().where(docs.c.doc_id == old))


def upgrade() -> None:
    from skyledger.store.reconciled import document_period

    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("origin", LongText))
        batch.add_column(sa.Column("text_hash", Str(16)))
        batch.add_column(sa.Column("period", Str(16)))
        batch.create_index("ix_documents_text_hash", ["text_hash"])
        batch.create_index("ix_documents_period", ["period"])
        batch.create_index("ix_documents_origin_message", ["origin", "message_id"])
    _create_tables()
    conn = op.get_bind()
    docs, sources = _table("documents"), _table("report_sources")
    for doc in conn.execute(sa.select(docs).order_by(docs.c.doc_id)).all():
        new = _new_id(doc)
        if new != doc.doc_id:
            _rekey(conn, doc.doc_id, new)
        conn.execute(
            docs.update()
            .where(docs.c.doc_id == new)
            .values(
                message_id=own_id(doc),
                origin=origin(doc.source, doc.channel, doc.url),
                text_hash=text_hash(doc.text),
                period=document_period(doc.published),
            )
        )
        conn.execute(
            sources.insert().values(
                doc_id=new,
                source=doc.source,
                relation="read",
                origin=origin(doc.source, doc.channel, doc.url),
                url=doc.url,
                published=doc.published,
                first_seen=doc.ingested_at or datetime.now(UTC),
            )
        )
    # The reconciliation tables are filled by open_ledger once the upgrade is done (db.upgrade), with
    # the code of the running version, so that this revision never depends on it.


def downgrade() -> None:
    raise NotImplementedError("a ledger is not taken back to text-hash ids: that would merge reports")
