"""However an ingest is split or cut short, the ledger ends the same.

* In batches of one document or of a hundred, with one worker or two: the same content.
* Killed with SIGKILL at random moments, twenty times, and started again each time: exactly the content
  of one uninterrupted run, with no orphan rows and no report twice.
* Started again over what is already stored: the reports are not extracted again.

The reports are written here, from a few sentence templates in the three languages with varied numbers,
regions and days, so that the test needs nothing outside the repository.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from skyledger.model import Report
from skyledger.store import open_ledger, store_batch
from skyledger.store.load import extract_and_sign, extract_item, extractor_version, known_to, read_and_extract
from skyledger.store.models import DocumentSignature
from tests.store.ledger_content import ledger_content

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = datetime(2025, 11, 20, tzinfo=UTC)

TEMPLATES = {
    "en": "Air defence systems destroyed {n} Ukrainian drones overnight over the {region} region, the ministry said.",
    "ru": "Дежурными средствами ПВО перехвачены и уничтожены {n} беспилотников над территорией {region_ru} области.",
    "uk": "У ніч на {day} листопада противник атакував {m} ударними БпЛА. Збито/подавлено {n} ворожих БпЛА.",
    "gov": "Governor: debris of a drone fell on a warehouse in the {region} region, no one was hurt.",
}
REGIONS = [("Kursk", "Курской"), ("Belgorod", "Белгородской"), ("Bryansk", "Брянской"), ("Oryol", "Орловской")]


def write_reports(path: Path, n: int, seed: int = 7) -> Path:
    """``n`` JSONL reports of a few shapes, some published twice (a channel's repost) to exercise copies."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            kind = rng.choice(list(TEMPLATES))
            region, region_ru = rng.choice(REGIONS)
            n_down = rng.randint(1, 60)
            text = TEMPLATES[kind].format(
                n=n_down, m=n_down + rng.randint(0, 20), region=region, region_ru=region_ru, day=1 + i % 28
            )
            day = 1 + (i // 40) % 28
            published = f"2025-11-{day:02d}T{6 + i % 12:02d}:{i % 60:02d}:00+03:00"
            source = "t.me/relay" if i % 9 == 0 else f"t.me/{kind}"
            row = {"id": str(i), "published": published, "source": source, "text": text}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_reports(tmp_path_factory.mktemp("resume") / "reports.jsonl", 300)


def ingest_in_process(db: Path, paths: list[Path], batch: int, workers: int, work=None) -> None:
    version = extractor_version()
    with open_ledger(str(db))() as session:
        items = read_and_extract(paths, PUBLISHED, workers, known_to(session, version), work=work)
        assert store_batch(session, items, version, batch=batch).failures == []


def test_batches_and_workers_do_not_change_the_ledger(tmp_path: Path, reports: Path) -> None:
    """Nor do the signatures the workers make (``skyledger ingest``): the same as those made of
    the stored texts."""
    paths = [reports, ROOT / "examples"]
    ingest_in_process(tmp_path / "one.db", paths, batch=1, workers=1)
    ingest_in_process(tmp_path / "many.db", paths, batch=100, workers=2)
    ingest_in_process(tmp_path / "signed.db", paths, batch=100, workers=2, work=extract_and_sign)
    one, many = ledger_content(f"sqlite:///{tmp_path / 'one.db'}"), ledger_content(f"sqlite:///{tmp_path / 'many.db'}")
    assert sum(map(len, one.values())) > 1000
    assert one == many
    assert ledger_content(f"sqlite:///{tmp_path / 'signed.db'}") == one


def test_a_second_run_extracts_nothing(tmp_path: Path, reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ledger.db"
    ingest_in_process(db, [reports], batch=100, workers=1)

    def refuse(item: object) -> object:
        raise AssertionError("a stored report was extracted again")

    monkeypatch.setattr("skyledger.extract.extract", refuse)
    version = extractor_version()
    with open_ledger(str(db))() as session:
        items = read_and_extract([reports], PUBLISHED, 1, known_to(session, version))
        summary = store_batch(session, items, version)
    assert (summary.documents, summary.new, summary.failures) == (300, 0, [])
    assert summary.claims > 0


@pytest.mark.parametrize("batch", [7, 1000])
def test_known_reports_read_from_another_place_keep_each_place_once(
    tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resumed run notes known reports a batch at a time (``repo.note_known``): read twice more
    from a copy elsewhere (both readings in one batch of 1000), each report gains the new place
    once, and is counted with the claims the ledger holds for it each time it is read. The one-by-one
    fallback is made to fail, so that only the batched path can pass."""
    db = tmp_path / "ledger.db"
    ingest_in_process(db, [ROOT / "examples"], batch=100, workers=1)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "examples", elsewhere)
    with sqlite3.connect(db) as conn:
        places = conn.execute("SELECT COUNT(*) FROM report_sources").fetchone()[0]
        documents, claims = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "claims"))

    def one_by_one(*args: object) -> None:
        raise AssertionError("the batch fell back to storing one report at a time")

    monkeypatch.setattr("skyledger.store.load._store_one", one_by_one)
    version = extractor_version()
    with open_ledger(str(db))() as session:
        items = read_and_extract([elsewhere, elsewhere], PUBLISHED, 1, known_to(session, version))
        summary = store_batch(session, items, version, batch=batch)
    assert (summary.documents, summary.new, summary.claims, summary.failures) == (2 * documents, 0, 2 * claims, [])
    with sqlite3.connect(db) as conn:
        new = conn.execute("SELECT source FROM report_sources ORDER BY id").fetchall()[places:]
    assert len(new) == places and all(source.startswith(str(elsewhere)) for (source,) in new)
    consistent(db)


def consistent(db: Path) -> None:
    """No orphan rows and no report twice: foreign keys hold and every document's claims are numbered 1..n."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        gaps = conn.execute("SELECT doc_id FROM claims GROUP BY doc_id HAVING MAX(n) != COUNT(*)").fetchall()
        assert gaps == []
        twice = conn.execute("SELECT doc_id, source FROM report_sources GROUP BY 1, 2 HAVING COUNT(*) > 1")
        assert twice.fetchall() == []


def no_orphans(group: int) -> None:
    """Every process of the killed run's group has ended within a few seconds (workers die with it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(group, signal.SIGKILL)
    pytest.fail("worker processes outlived the killed ingest")


def command(db: Path, reports: Path) -> list[str]:
    return [
        sys.executable, "-m", "skyledger", "ingest", str(reports), "--db", str(db),
        "--published", "2025-11-20", "--workers", "2", "--quiet", "--batch", "3",
    ]  # fmt: skip


KILLS = 20


def test_killed_ingest_resumes_to_the_same_ledger(tmp_path: Path) -> None:
    """SIGKILL at random moments of a run, then run again: each time consistent, in the end the same.

    Each run is killed once it has committed a random number of documents (1 to 12, in batches of 3),
    a few milliseconds later, so that every run makes progress and the kills land while documents are
    read, extracted and stored; twenty times, with 600 reports, so that the work cannot run out first.
    """
    reports = write_reports(tmp_path / "reports.jsonl", 600)
    clean = tmp_path / "clean.db"
    subprocess.run(command(clean, reports), check=True, capture_output=True, timeout=300)

    db, rng, killed = tmp_path / "killed.db", random.Random(11), 0
    while killed < KILLS:
        target = stored(db) + rng.randint(1, 12)  # documents this run may commit before it is killed
        run = subprocess.Popen(
            command(db, reports), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        while run.poll() is None and stored(db) < target:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.02))  # somewhere in the next batch: reading, extracting or writing it
        if run.poll() is not None:
            break  # it finished: nothing left to kill
        run.send_signal(signal.SIGKILL)  # the main process only: its workers must not outlive it
        run.wait()
        killed += 1
        no_orphans(run.pid)
        consistent(db)
    finish = subprocess.run(command(db, reports), capture_output=True, text=True, timeout=300)
    assert finish.returncode == 0, finish.stderr
    consistent(db)
    assert killed >= KILLS, f"only {killed} runs were cut short"
    assert ledger_content(f"sqlite:///{db}") == ledger_content(f"sqlite:///{clean}")


def test_ctrl_c_commits_what_was_stored_and_says_so(tmp_path: Path, reports: Path) -> None:
    """SIGINT (Ctrl-C) half-way: exit 130, a line that says how many documents are stored, and they are."""
    db = tmp_path / "ledger.db"
    run = subprocess.Popen(command(db, reports), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and stored(db) == 0:  # wait for the first commit
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    if run.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert run.returncode == 130, err
    said = int(err.split("Interrupted: ingested ", 1)[1].split(" ", 1)[0])
    assert said == stored(db) > 0
    consistent(db)


def stored(db: Path) -> int:
    """Documents committed so far (0 before the ledger exists)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not made yet
        return 0


@pytest.mark.parametrize(
    "text",
    [
        "Air defence shot down 3 drones over the Kursk region.",
        "Air de\x00fence shot down 3 drones, the ministry said.",  # a NUL the ledger replaces
        "  ПВО сбиты 5 БПЛА над Курской областью.\r\n",
    ],
)
def test_a_worker_signs_as_the_ledger_would(tmp_path: Path, text: str) -> None:
    """When no worker signed a document, the ledger signs the text it stored: a worker's signature
    must be that one, or a copy would be found or missed depending on who signed."""
    report = Report(source="s.txt", text=text, format="text", doc_id="d", published=PUBLISHED)
    signed = extract_and_sign(report)
    with open_ledger(str(tmp_path / "ledger.db"))() as session:
        store_batch(session, [extract_item(report)], extractor_version())
        stored = session.scalar(select(DocumentSignature.minhash))
    assert signed.minhash == stored
