"""Throughput of ``skyledger.extract.extract`` on the real corpora of ``../shared/corpora/``.

    .venv/bin/python bench/real_bench.py [--repeat 2]

The synthetic benchmark (``extract_bench.py``) measures long news-shaped documents; real ministry
posts are short and dense with claims, which is where the grammar spends its time. For each corpus
(5,927 ministry posts, 310 Air Force tallies) this times, in one process and on one core:

1. ``extract`` over every document (after one warm-up pass, so the lemma caches are as they are in a
   long run): documents and characters per CPU-second;
2. a plain regex scan of the same texts (every number plus one trigger-word regex, the
   ``extract_bench`` baseline), in the same run, and the ratio of the two.

It prints the goals of issue 7 (>= 1.5 million characters/s on the ministry corpus, within 10 times
the regex scan) and whether they are met. A corpus that is absent is skipped, and the reason said.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract_bench import DIGITS, TRIGGERS, Rate, git_state, table  # noqa: E402

CORPORA = HERE.parent.parent / "shared" / "corpora"
FILES = {"ministry posts (ru)": "mod_russia_posts.jsonl", "air force tallies (uk, OCR)": "uaf_infographics_ocr.jsonl"}
GOAL_CHARS_PER_S = 1_500_000
GOAL_REGEX_RATIO = 10.0


def timed(reports, fn, repeat: int) -> Rate:
    """CPU time of ``fn`` over every report, ``repeat`` passes, summed into one Rate."""
    rate = Rate()
    gc.collect()
    for _ in range(repeat):
        for r in reports:
            w0, c0 = time.perf_counter(), time.process_time()
            fn(r)
            c1, w1 = time.process_time(), time.perf_counter()
            rate.add(r.text, len(r.text.encode("utf-8")), c1 - c0, w1 - w0)
    return rate


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="timed passes over each corpus (default 2)")
    args = ap.parse_args(argv)
    from skyledger.extract import extract
    from skyledger.ingest import read
    from skyledger.model import Report

    print(f"skyledger real-corpus benchmark  git {git_state()}  load average {os.getloadavg()[0]:.2f}")
    rows, verdicts = [], []
    for name, file in FILES.items():
        path = CORPORA / file
        if not path.exists():
            print(f"skipped {name}: {path} is absent (the corpora sit beside the checkout in ../shared/corpora)")
            continue
        reports = [r for r in read(path) if isinstance(r, Report)]
        for r in reports:  # warm-up: tables, lemma and agreement caches
            extract(r)
        ext = timed(reports, extract, args.repeat)
        scan = timed(reports, lambda r: len(DIGITS.findall(r.text)) + len(TRIGGERS.findall(r.text)), args.repeat)
        ratio = ext.seconds / scan.seconds if scan.seconds else float("inf")
        rows.append(
            [
                name,
                f"{len(reports)}",
                f"{ext.chars / ext.docs:.0f}",
                f"{ext.docs_s:,.0f}",
                f"{ext.kchars_s / 1e3:.2f}",
                f"{scan.kchars_s / 1e3:.1f}",
                f"{ratio:.1f}x",
            ]
        )
        if file.startswith("mod"):
            verdicts.append(
                f"goal >= {GOAL_CHARS_PER_S / 1e6:.1f} M chars/s on the ministry corpus: "
                f"{'MET' if ext.kchars_s * 1e3 >= GOAL_CHARS_PER_S else 'NOT MET'} ({ext.kchars_s / 1e3:.2f} M)"
            )
        verdicts.append(
            f"goal extract within {GOAL_REGEX_RATIO:.0f}x a regex scan ({name}): "
            f"{'MET' if ratio <= GOAL_REGEX_RATIO else 'NOT MET'} ({ratio:.1f}x)"
        )
    if rows:
        print(table(rows, ["corpus", "docs", "chars/doc", "docs/s", "M chars/s", "regex M chars/s", "extract is"]))
        print("  rates are per CPU-second of this one process; 'extract is' = CPU of extract / CPU of the scan")
        print("\n".join(verdicts))


if __name__ == "__main__":
    main()
