"""Copies in a cluster: one post relayed by several outlets, a copy of a copy and an edit, stored all at
once or one at a time in any order, give the same links. A document stored after its copies settles
them from their stored original (reconciled._index_copies), without looking up their bands again."""

from __future__ import annotations

import json
import random
from pathlib import Path

from sqlalchemy import select

from skyledger.store import models as m
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract

WORDS = (
    "Дежурными средствами ПВО в течение прошедшей ночи перехвачены и уничтожены {n} украинских беспилотных "
    "летательных аппаратов самолётного типа над территориями Брянской, Курской и Белгородской областей, "
    "сообщили в Министерстве обороны Российской Федерации."
)


def rows() -> list[dict]:
    post = {"source": "t.me/mod_russia", "id": "7001", "text": WORDS.format(n=41)}
    out = [{**post, "published": "2026-03-15T07:05:00+03:00"}]
    out.append({**post, "published": "2026-03-15T07:05:00+03:00", "text": WORDS.format(n=42)})  # edited
    for k, outlet in enumerate(["tass", "ria", "izvestia", "lenta", "kp"]):
        text = f"{outlet.upper()}. " + WORDS.format(n=41)
        out.append(
            {
                "source": outlet,
                "id": f"{outlet}-1",
                "published": f"2026-03-1{5 + k % 3}T{8 + k:02d}:00:00+03:00",
                "text": text,
            }
        )
    drifted = WORDS.format(n=41).replace(" самолётного типа", "").replace("сообщили в", "как сообщили в")
    out.append({"source": "rbc", "id": "rbc-1", "published": "2026-03-16T12:00:00+03:00", "text": drifted})
    out.append({"source": "mk", "id": "mk-1", "published": "2026-03-14T23:00:00+03:00", "text": drifted})  # earlier
    out.append(
        {
            "source": "t.me/mod_russia",
            "id": "7002",
            "published": "2026-03-16T07:00:00+03:00",
            "text": WORDS.format(n=41),
        }
    )
    return out


def links(tmp_path: Path, name: str, batches: list[list[dict]]) -> tuple[dict, dict, list]:
    factory = open_ledger(str(tmp_path / f"{name}.db"))
    path = tmp_path / "posts.jsonl"
    for batch in batches:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
        with factory() as session:
            assert store_batch(session, read_and_extract([path]), extractor_version()).failures == []
    with factory() as session:
        ids = dict(session.execute(select(m.Document.doc_id, m.Document.origin)).all())
        copy_of = {s.doc_id: (s.copy_of, s.similarity) for s in session.scalars(select(m.DocumentSignature))}
        sources = sorted(
            session.execute(
                select(m.ReportSource.doc_id, m.ReportSource.origin).where(m.ReportSource.relation == "copy")
            ).all()
        )
    return ids, copy_of, sources


def test_a_cluster_of_copies_is_the_same_in_any_order(tmp_path: Path) -> None:
    together = links(tmp_path, "together", [rows()])
    ids, by_id, _ = together
    copy_of = {ids[d]: ids.get(original) for d, (original, _) in by_id.items() if ids[d] != "t.me/mod_russia"}
    # the earliest is mk's drifted copy; whoever copies it points at it, the rest at the first post
    assert copy_of["mk"] is None and copy_of["rbc"] == "mk"
    assert {copy_of[o] for o in ("tass", "ria", "izvestia", "lenta", "kp")} <= {"mk", "t.me/mod_russia"}
    assert "t.me/mod_russia" in copy_of.values()
    # 5 outlets, rbc, the edit, and post 7002: its words are earlier an outlet's, from another origin
    assert sum(original is not None for original, _ in by_id.values()) == 8
    by_date = sorted(rows(), key=lambda r: r["published"])
    assert links(tmp_path, "reversed", [[r] for r in reversed(by_date)]) == together
    for seed in range(3):
        shuffled = rows()
        random.Random(seed).shuffle(shuffled)
        assert (
            links(tmp_path, f"shuffled{seed}", [shuffled[:3], shuffled[3:5], *[[r] for r in shuffled[5:]]]) == together
        )


def test_a_document_read_again_later_than_its_copy_becomes_the_copy(tmp_path: Path) -> None:
    """A re-read (a new extractor replaces the row) that moves the original after its copy: the copy is
    settled again too, so the two never point at each other."""
    from sqlalchemy import update

    from skyledger.store.reconciled import reconcile_documents

    factory = open_ledger(str(tmp_path / "moved.db"))
    path = tmp_path / "two.jsonl"
    two = [
        {"source": "tass", "id": "t1", "published": "2026-03-15T08:00:00+03:00", "text": "ТАСС. " + WORDS.format(n=41)},
        {"source": "ria", "id": "r1", "published": "2026-03-15T09:00:00+03:00", "text": "РИА. " + WORDS.format(n=41)},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in two), encoding="utf-8")

    def copied() -> dict:
        with factory() as s:
            origin = dict(s.execute(select(m.Document.doc_id, m.Document.origin)).all())
            return {origin[x.doc_id]: origin.get(x.copy_of) for x in s.scalars(select(m.DocumentSignature))}

    with factory() as session:
        store_batch(session, read_and_extract([path]), extractor_version())
    assert copied() == {"tass": None, "ria": "tass"}
    with factory() as s:
        tass = s.scalar(select(m.Document.doc_id).where(m.Document.origin == "tass"))
        s.execute(update(m.Document).where(m.Document.doc_id == tass).values(published="2026-03-15T10:00:00+03:00"))
        reconcile_documents(s, [tass])
        s.commit()
    assert copied() == {"tass": "ria", "ria": None}
