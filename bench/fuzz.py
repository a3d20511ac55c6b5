"""Fuzz ``skyledger.extract.extract`` for crashes and broken invariants, over many generated inputs.

    .venv/bin/python bench/fuzz.py [--inputs 100000] [--seed 1] [--jobs 1] [--metamorphic-every 10]

Each input is one of:

- an arbitrary text: random characters from all of Unicode (no surrogates), control characters,
  RTL and zero-width marks, emojis, long digit runs, numbers with separators and signs, Markdown,
  and words of the reports, in any order;
- a report written in the style of a ministry post, an Air Force tally, a wire item or a governor's
  post (``tests/extract/fuzz_checks.SEEDS``), or one of the repository's examples (``examples/``),
  mutated: cut, spliced with another, digits changed, Markdown, emojis and line breaks inserted,
  lines duplicated, upper-cased, decomposed (NFD) ...;
- a text of the real corpora ``../shared/corpora/*.jsonl``, read at run time, mutated the same way
  (skipped, and said so, when the folder is absent; nothing of them is written into the repository).

Every extraction is checked with ``tests/extract/fuzz_checks.violations``, the invariants the
property tests in ``tests/extract/test_fuzz.py`` check: it never raises; every span lies inside the
text and its text is what its value says; every count is a non-negative int that fits the ledger;
every region code is in the gazetteer; every flag is documented in docs/flags.md. Every
``--metamorphic-every``-th input is also read with a blank line above it and with a pictograph in
place of a blank, which must not change the reading.

Input ``k`` of seed ``s`` is generated from its own random generator (``random.Random(f"{s}:{k}")``),
so a run gives the same inputs with any ``--jobs``. The first input of each kind of failure is
shrunk (lines, then characters, while it still fails the same way) and saved with the original
under a fresh temporary folder, whose path is printed. The exit status is 1 when anything failed.
Nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.extract import fuzz_checks as fc  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
#: How many inputs a worker takes at a time (and how often progress is printed, in chunks).
CHUNK = 500
LANGS = ("en", "ru", "uk")


class Input(NamedTuple):
    """One generated report: its text, forced language, publication time and channel, and its making."""

    text: str
    lang: str | None
    published: datetime | None
    channel: str | None
    how: str


#: Filled once per process by :func:`load`.
POOL: dict[str, list[str]] = {}


def corpus_texts() -> tuple[list[str], str]:
    """The texts of ``../shared/corpora/*.jsonl`` and a line saying what was read (or why not)."""
    files = sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []
    if not files:
        return [], f"real corpora: {CORPORA} absent or empty, skipped (seeds and examples only)"
    texts = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                text = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(text, str) and text.strip():
                texts.append(text)
    names = ", ".join(p.name for p in files)
    return texts, f"real corpora: {len(texts)} texts from {names} (mutated in memory, never written)"


def load() -> str:
    """Fill :data:`POOL` in this process; returns the line about the corpora."""
    seeds = list(fc.SEEDS.values()) + fc.example_texts()
    real, note = corpus_texts()
    POOL["seeds"] = seeds
    POOL["real"] = real
    POOL["words"] = " ".join(seeds).split()
    for text in seeds:  # load the tables (the gazetteer of towns, fuzzy forms) before any input is timed
        for lang in (None, *LANGS):
            fc.check_text(text, lang)
    return note


def published(rng: random.Random) -> datetime | None:
    """The report's publication time: mostly the fixed one, else an edge of the calendar, any time
    from 2022 to 2027, or none at all."""
    roll = rng.random()
    if roll < 0.7:
        return fc.PUBLISHED
    if roll < 0.85:
        return rng.choice(fc.PUBLISHED_EDGES)
    if roll < 0.95:
        return datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(6 * 366 * 24 * 60))
    return None


def channel(rng: random.Random) -> str | None:
    """The channel a report came from: mostly none, else a known one, or a mutated or random name."""
    roll = rng.random()
    if roll < 0.9:
        return None
    if roll < 0.96:
        return rng.choice(fc.CHANNELS)
    return fc.mutate(rng.choice(fc.CHANNELS), fc.random_mutation(rng))[:200]


def generate(seed: int, k: int) -> Input:
    """Input ``k`` of a seed."""
    rng = random.Random(f"{seed}:{k}")
    lang = rng.choice(LANGS) if rng.random() < 0.15 else None
    when, name = published(rng), channel(rng)
    roll = rng.random()
    if roll < 0.25:
        return Input(fc.random_text(rng, POOL["words"]), lang, when, name, "random")
    if POOL["real"] and roll < 0.7:
        text, ms = fc.mutated(rng, POOL["real"])
        return Input(text, lang, when, name, f"real corpus + {len(ms)} mutations")
    text, ms = fc.mutated(rng, POOL["seeds"])
    return Input(text, lang, when, name, f"seed/example + {len(ms)} mutations")


def check(x: Input, metamorphic: bool, k: int) -> list[str]:
    """Violations of one input (the metamorphic ones too when asked)."""
    out = fc.check_text(x.text, x.lang, x.published, x.channel)
    if metamorphic and x.lang is None and x.published == fc.PUBLISHED and x.channel is None and not out:
        out += fc.metamorphic_violations(x.text, k)
    return out


def run_chunk(task: tuple[int, int, int, int]) -> dict:
    """Check inputs ``[start, end)``; the first example of each kind of failure is returned."""
    seed, start, end, every = task
    if not POOL:
        load()
    failed, kinds, examples = 0, Counter(), {}
    slowest = (0.0, -1, 0)
    for k in range(start, end):
        x = generate(seed, k)
        t0 = time.process_time()  # CPU time: the machine is shared, and wall time would time the others
        lines = check(x, every > 0 and k % every == 0, k)
        took = time.process_time() - t0
        if took > slowest[0]:
            slowest = (took, k, len(x.text))
        if lines:
            failed += 1
        for line in lines:
            kind = fc.failure_kind(line)
            kinds[kind] += 1
            examples.setdefault(kind, {"index": k, "line": line, "input": x})
    return {"tried": end - start, "failed": failed, "kinds": kinds, "examples": examples, "slowest": slowest}


def fails_the_same(kind: str, x: Input, k: int):
    def fails(text: str) -> bool:
        return any(fc.failure_kind(line) == kind for line in check(x._replace(text=text), True, k))

    return fails


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=100_000, help="inputs to try (default 100000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated inputs (default 1)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument(
        "--metamorphic-every",
        type=int,
        default=10,
        help="also run the metamorphic checks on every Nth input (0: never)",
    )
    ap.add_argument("--shrink-seconds", type=float, default=20.0, help="time to shrink each kind of failure")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    print(load(), flush=True)
    started = time.perf_counter()
    print(f"set-up (corpora read, tables loaded): {started - t0:.1f} s")
    print(f"seeds: {len(fc.SEEDS)} written for the fuzz tests, {len(POOL['seeds']) - len(fc.SEEDS)} from examples/")
    tasks = [(args.seed, s, min(s + CHUNK, args.inputs), args.metamorphic_every) for s in range(0, args.inputs, CHUNK)]
    tried, failed, kinds, examples, slowest = 0, 0, Counter(), {}, (0.0, -1, 0)
    if args.jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(args.jobs)
        results = pool.imap(run_chunk, tasks)
    else:
        pool, results = None, map(run_chunk, tasks)
    for n, r in enumerate(results, 1):
        tried += r["tried"]
        failed += r["failed"]
        kinds.update(r["kinds"])
        for kind, ex in r["examples"].items():
            examples.setdefault(kind, ex)
        slowest = max(slowest, tuple(r["slowest"]))
        if n % 20 == 0 or tried == args.inputs:
            rate = tried / (time.perf_counter() - started)
            print(f"  {tried:>8,} inputs, {failed} failing, {rate:,.0f} inputs/s", flush=True)
    if pool is not None:
        pool.close()
        pool.join()
    elapsed = time.perf_counter() - started

    print(f"inputs tried: {tried:,} (seed {args.seed}, {args.jobs} job(s))")
    print(f"failing inputs: {failed:,}; kinds of failure: {len(kinds)}")
    print(f"time: {elapsed:,.1f} s; {tried / elapsed:,.0f} inputs/s")
    took, k, size = slowest
    print(f"slowest input: #{k}, {size:,} characters, {took:.2f} s of CPU")
    if not kinds:
        return 0
    folder = Path(tempfile.mkdtemp(prefix="skyledger-fuzz-"))
    for n, (kind, count) in enumerate(kinds.most_common(), 1):
        ex = examples[kind]
        x, k = ex["input"], ex["index"]
        small = fc.shrink(x.text, fails_the_same(kind, x, k), args.shrink_seconds)
        path = folder / f"failure-{n:02d}.json"
        found = check(x._replace(text=small), True, k)
        when = x.published.isoformat() if x.published else None
        record = x._asdict() | {"published": when, "index": k, "kind": kind, "count": count, "seed": args.seed}
        record |= {"line": ex["line"], "minimal": small, "minimal_lines": found}
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"  {count:>6} x {kind}\n         {ex['line'][:200]}")
        print(f"         minimal: {small[:200]!r} (lang {x.lang}, published {when}, channel {x.channel!r})")
        print(f"         -> {path}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
