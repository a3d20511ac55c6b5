"""The real ministry corpus (../shared/corpora/mod_russia_posts.jsonl) goes into the ledger whole,
and the daily totals agree with sums made by hand.

Fixture notes: the hand sums. A day is the Moscow calendar day on which a window ends. The posts
were read in the corpus (their text is not copied here); each figure below is the count the post
states, by post id:

* 2025-02-21: mod-03768 two drones about 12:00, mod-03770 two from 13:00 to 14:00, mod-03772 one
  about 20:30 (no night report that morning; mod-03765, 20:50 on the 20th, counts on the 20th):
  2 + 2 + 1 = 5.
* 2025-02-22: mod-03775 two over the past night, mod-03776 one about 11:20, mod-03778 one about
  16:20, mod-03779 three from 20:00 to 20:45, mod-03781 nine from 20:50 to 22:25 (mod-03774, a
  gunner's story, states no interception): 2 + 1 + 1 + 3 + 9 = 16.
* 2025-03-10: mod-03889 nine over the past night, mod-03891 two from 15:20 to 15:40, mod-03893 one
  about 21:40: 9 + 2 + 1 = 12.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from skyledger.store import models as m
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extractor_version, read_and_extract
from skyledger.store.reconciled_views import daily_totals
from tests.extract import real

CORPUS = real.CORPORA / "mod_russia_posts.jsonl"
pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"the shared corpora are not at {real.CORPORA} (CI has them beside the checkout)"
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    factory = open_ledger(str(tmp_path_factory.mktemp("mod") / "mod.db"))
    with factory() as session:
        summary = store_batch(session, read_and_extract([CORPUS]), extractor_version())
    assert summary.failures == []
    return factory


def test_every_post_is_a_report(ledger):
    posts = [json.loads(line)["id"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    with ledger() as session:
        stored = session.scalars(select(m.Document.message_id)).all()
        sources = session.scalar(select(func.count()).select_from(m.ReportSource))
    assert len(posts) == 5927
    assert sorted(stored) == sorted(posts)  # the 66 posts whose words repeat an earlier post are kept
    assert sources == 5927


@pytest.mark.parametrize("day, total", [("2025-02-21", 5), ("2025-02-22", 16), ("2025-03-10", 12)])
def test_daily_totals_agree_with_hand_sums(ledger, day, total):
    with ledger() as session:
        rows = [
            r
            for r in daily_totals(session, "claimant")
            if r["date"] == day and r["claimant"] == "ministry:RU" and r["action"] == "destroyed"
        ]
    assert [(r["low"], r["high"]) for r in rows] == [(total, total)]
