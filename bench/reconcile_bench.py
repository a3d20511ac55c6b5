"""Cost of reconciliation per document as the ledger grows: 10,000 and 100,000 documents.

    .venv/bin/python bench/reconcile_bench.py [--n 100000] [--db PATH]

Extraction is left out: synthetic extractions are stored one by one (``repo.ingest_extraction``)
and then reconciled (``reconciled.reconcile_documents``), as ``skyledger ingest`` does, in a SQLite
ledger on disk. Each simulated day has seven reports: the ministry's night post and two daytime
updates, two wire relays of the night post (one with another figure), the other side's air force
summary and a governor's post, all with different words, so that the copy index is exercised as in
real boilerplate. It prints the reconciliation time per document over the first thousand documents
and over the last thousand before 10,000 and before 100,000: if the cost grows no faster than
n log n, the per-document figure grows no faster than log n.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from skyledger.model import Claim, Claimant, Extraction, RegionCount, Report, Window  # noqa: E402
from skyledger.store import open_ledger  # noqa: E402
from skyledger.store.reconciled import reconcile_documents  # noqa: E402
from skyledger.store.repo import ingest_extraction  # noqa: E402

REGIONS = ["RU-BEL", "RU-BRY", "RU-KRS", "RU-ORL", "RU-VOR", "RU-ROS", "RU-KLU", "RU-TUL"]
MSK = "+03:00"


def claim(kind, side, action, total, start=None, end=None, approx=None, regions=()):
    w = Window(
        start=start, end=end, approx_start=approx[0] if approx else None, approx_end=approx[1] if approx else None
    )
    return Claim(Claimant(kind, None, None, None, side), action, "uav", total, regions=tuple(regions), window=w)


def day_reports(day: datetime, rng: random.Random) -> list[Extraction]:
    """The seven reports of one simulated day."""
    d, prev = day.date().isoformat(), (day - timedelta(days=1)).date().isoformat()
    night = rng.randint(5, 120)
    picks = rng.sample(REGIONS, 3)
    split = [night // 2, night // 3, night - night // 2 - night // 3]
    lines = [RegionCount(code, code, n, (0, 1)) for code, n in zip(picks, split, strict=True)]
    approx = (f"{prev}T21:00:00{MSK}", f"{d}T07:00:00{MSK}")
    words = " ".join(f"{n} над {code}" for code, n in zip(picks, split, strict=True))
    at = lambda h: day.replace(hour=h)  # noqa: E731
    out = []

    def add(origin, own, hour, text, claims):
        report = Report(
            source=f"bench.jsonl#{own}",
            text=text,
            format="jsonl",
            channel=origin,
            message_id=own,
            published=at(hour),
            published_basis="source",
        )
        out.append(Extraction(report, "ru", tuple(claims), extractor_version="bench"))

    add(
        "t.me/mod_russia",
        f"m{d}n",
        4,
        f"В течение прошедшей ночи уничтожены {night} БПЛА: {words}.",
        [claim("ministry", "RU", "destroyed", night, approx=approx, regions=lines)],
    )
    for h0, h1 in ((7, 14), (14, 20)):
        n = rng.randint(1, 15)
        add(
            "t.me/mod_russia",
            f"m{d}{h0}",
            h1 - 3 + 1,
            f"С {h0}.00 до {h1}.00 мск уничтожены {n} БПЛА над {rng.choice(REGIONS)}.",
            [claim("ministry", "RU", "destroyed", n, f"{d}T{h0:02d}:00:00{MSK}", f"{d}T{h1:02d}:00:00{MSK}")],
        )
    add(
        "reuters",
        f"r{d}",
        6,
        f"Russia's defence ministry said it destroyed {night} Ukrainian drones overnight on {d}.",
        [claim("ministry", "RU", "destroyed", night, approx=approx)],
    )
    add(
        "tass",
        f"t{d}",
        7,
        f"Russian air defences downed {night + rng.choice((0, 0, 1))} drones overnight, the ministry said ({d}).",
        [claim("ministry", "RU", "destroyed", night + rng.choice((0, 0, 1)), approx=approx)],
    )
    launched = night + rng.randint(0, 60)
    uaf = (f"{prev}T18:00:00+02:00", f"{d}T08:30:00+02:00")
    add(
        "t.me/kpszsu",
        f"u{d}",
        6,
        f"У ніч на {d} противник атакував {launched} БпЛА; збито {launched - 10} ({d}).",
        [
            claim("air_force", "UA", "launched", launched, *uaf),
            claim("air_force", "UA", "destroyed", launched - 10, *uaf),
        ],
    )
    add("t.me/vvgladkov", f"g{d}", 8, f"В Белгородском районе {d} упали обломки беспилотника, пострадавших нет.", [])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents to store (default 10000)")
    parser.add_argument("--db", help="ledger file (default: a temporary file)")
    args = parser.parse_args()
    rng = random.Random(7)
    folder = tempfile.mkdtemp()
    factory = open_ledger(args.db or str(Path(folder) / "bench.db"))
    marks = [m for m in (1_000, 10_000, 100_000) if m <= args.n]
    cost: list[float] = []
    day = datetime(2000, 1, 1, tzinfo=UTC)
    with factory() as session:
        while len(cost) < args.n:
            for x in day_reports(day, rng):
                if len(cost) >= args.n:
                    break
                ingest_extraction(session, x, None)
                t0 = time.process_time()
                reconcile_documents(session, [x.report.doc_id])
                session.commit()
                cost.append(time.process_time() - t0)
                if len(cost) in marks:
                    window = cost[len(cost) - 1000 : len(cost)]
                    print(
                        f"documents {len(cost):>7,}: reconciliation {1000 * sum(window) / len(window):.2f} ms/document "
                        f"(CPU, mean of the last 1,000)",
                        flush=True,
                    )
            day += timedelta(days=1)
    first, last = sum(cost[:1000]) / 1000, sum(cost[-1000:]) / 1000
    print(f"per-document cost, last 1,000 / first 1,000: {last / first:.2f}x over {args.n // 1000}x as many documents")


if __name__ == "__main__":
    main()
