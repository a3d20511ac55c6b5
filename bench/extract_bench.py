"""Throughput and memory of ``skyledger.extract.extract`` on one core.

    .venv/bin/python bench/extract_bench.py [--docs 10000] [--langs en,ru,uk] [--json out.json]

Builds the synthetic corpus of ``corpus.py`` (~3,000-character reports, ~30 % without any claim),
warms the extractor up (the first call of a language loads its tables), then times, in this one
process and pinned to one CPU:

1. ``extract`` over the whole mixed corpus: docs/s, MB/s (UTF-8), chars/s, per-document latency,
   and the same per language (from the per-document times of that one run) with the ratio of
   Russian and Ukrainian to English;
2. a plain regex scan of the same documents (``re.findall(r"\\d+")`` plus one trigger-word regex):
   the floor any extractor is compared with;
3. spaCy's blank tokenizer alone (the one the extractor uses) over the whole text of each document,
   and ``skyledger.extract.tokens.tokenize`` (spaCy plus the norm/lemma of every token);
4. memory: ``resource.getrusage`` peak RSS after each stage, and the ``tracemalloc`` peak of a
   separate, slower pass over ``--mem-docs`` documents (tracemalloc is off while rates are timed).

Reports are built before timing (building one hashes its text for the document id); their language
is left unset, so ``extract`` detects it, as it does for Telegram and plain-text input. Nothing is
written unless ``--json`` is given.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# One core: keep numpy's BLAS (imported by spaCy) from starting a thread pool of its own.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import LANGS, analysers, generate_docs  # noqa: E402

#: The goal the project is held to.
GOAL_DOCS_PER_S = 500
GOAL_RATIO = 2.0

#: Baseline: any number, and any word a claim would hang on, in the three languages.
DIGITS = re.compile(r"\d+")
TRIGGERS = re.compile(
    r"\b(?:intercept|destroy|shot down|downed|drone|UAV|missile|air defen[cs]e|"
    r"сбит|уничтож|перехвач|беспилот|БПЛА|ракет|ПВО|"
    r"збит|знищ|подавлен|безпілот|БпЛА|ракет|ППО|дрон)\w*",
    re.IGNORECASE,
)


@dataclass
class Rate:
    """Totals of one timed pass."""

    docs: int = 0
    chars: int = 0
    bytes: int = 0
    seconds: float = 0.0  # CPU time of this process: what the rates are computed from
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)  # wall time per document

    def add(self, text: str, nbytes: int, cpu: float, wall: float) -> None:
        self.docs += 1
        self.chars += len(text)
        self.bytes += nbytes
        self.seconds += cpu
        self.wall += wall
        self.latencies.append(wall)

    @property
    def docs_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def wall_docs_s(self) -> float:
        return self.docs / self.wall if self.wall else 0.0

    @property
    def mb_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def kchars_s(self) -> float:
        return self.chars / 1e3 / self.seconds if self.seconds else 0.0

    def pct_ms(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        xs = sorted(self.latencies)
        return 1e3 * xs[min(len(xs) - 1, int(q * len(xs)))]

    def summary(self) -> dict:
        return {
            "docs": self.docs,
            "cpu_s": round(self.seconds, 3),
            "wall_s": round(self.wall, 3),
            "docs_per_cpu_s": round(self.docs_s, 1),
            "docs_per_wall_s": round(self.wall_docs_s, 1),
            "mb_per_s": round(self.mb_s, 3),
            "kchars_per_s": round(self.kchars_s, 1),
            "p50_ms": round(self.pct_ms(0.50), 2),
            "p95_ms": round(self.pct_ms(0.95), 2),
            "p99_ms": round(self.pct_ms(0.99), 2),
            "max_ms": round(1e3 * max(self.latencies, default=0.0), 2),
        }


def maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 2**20


def rss_now_mb() -> float | None:
    """Current resident set size (VmRSS), in MB, where /proc has it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def memory_now() -> tuple[float | None, float]:
    """(current RSS, peak RSS so far) in MB."""
    return rss_now_mb(), maxrss_mb()


def pin_one_cpu() -> str:
    """Pin the process to one CPU so that nothing can run on a second core; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def git_state() -> str:
    """Commit and whether the working tree has changes (the figures depend on both)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "skyledger"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
        return f"{head}{' + uncommitted changes in skyledger/' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain fixed-width table, numbers right-aligned."""
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    lines = []
    for n, r in enumerate([header, *rows]):
        cells = [str(c).ljust(w) if k == 0 else str(c).rjust(w) for k, (c, w) in enumerate(zip(r, widths, strict=True))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def measure(docs, sizes, fn) -> tuple[Rate, dict[str, Rate], list]:
    """Run ``fn(doc)`` over every document, timing each call (CPU and wall); returns the results too."""
    total, by_lang, results = Rate(), defaultdict(Rate), []
    wall, cpu = time.perf_counter, time.process_time
    gc.collect()
    for d, nbytes in zip(docs, sizes, strict=True):
        w0, c0 = wall(), cpu()
        res = fn(d)
        c1, w1 = cpu(), wall()
        total.add(d.text, nbytes, c1 - c0, w1 - w0)
        by_lang[d.lang].add(d.text, nbytes, c1 - c0, w1 - w0)
        results.append(res)
    return total, by_lang, results


def native_threads() -> int | None:
    """Threads of this process as the kernel sees them (a library could start its own)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents in the corpus (default 10000)")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated languages (default en,ru,uk)")
    ap.add_argument("--doc-chars", type=int, default=3000, help="target size of a document in characters")
    ap.add_argument("--seed", type=int, default=None, help="corpus seed (default: corpus.DEFAULT_SEED)")
    ap.add_argument("--mem-docs", type=int, default=500, help="documents in the tracemalloc pass (default 500)")
    ap.add_argument("--given-lang", action="store_true", help="pass each report's language instead of detecting it")
    ap.add_argument("--pin", action="store_true", help="pin the process to one CPU (sched_setaffinity)")
    ap.add_argument("--json", help="write the figures to this JSON file")
    args = ap.parse_args(argv)
    langs = [x.strip() for x in args.langs.split(",") if x.strip()]
    t_start = time.perf_counter()
    pinned = pin_one_cpu() if args.pin else "not pinned"
    load_start = os.getloadavg()
    rss: dict[str, tuple[float | None, float]] = {}

    # Imports are part of the cold start; time them apart.
    t0 = time.perf_counter()
    from skyledger.extract import extract, read_candidates
    from skyledger.extract.lexicon import lexicon
    from skyledger.extract.sentences import split_sentences
    from skyledger.extract.tokens import tokenize, tokenizer
    from skyledger.model import Report

    t_import = time.perf_counter() - t0
    rss["imports"] = memory_now()

    t0 = time.perf_counter()
    kw = {"seed": args.seed} if args.seed is not None else {}
    docs = generate_docs(args.docs, langs, doc_chars=args.doc_chars, **kw)
    t_corpus = time.perf_counter() - t0
    analysers.cache_clear()  # the generator's own pymorphy3 analysers: not the extractor's memory
    published = datetime(2025, 6, 15, 9, 0, tzinfo=UTC)
    reports = {
        id(d): Report(
            source="bench", text=d.text, format="text", published=published, lang=d.lang if args.given_lang else None
        )
        for d in docs
    }
    sizes = [len(d.text.encode("utf-8")) for d in docs]
    corpus_mb = sum(sizes) / 1e6
    gc.collect()
    rss["corpus built"] = memory_now()

    # Warm-up: the first call of each language loads its tables (lexicon, gazetteer, pymorphy3).
    warm: dict[str, float] = {}
    for lang in langs:
        first = next(d for d in docs if d.lang == lang)
        t0 = time.perf_counter()
        extract(reports[id(first)])
        warm[lang] = time.perf_counter() - t0
    rss["warm-up"] = memory_now()

    # 1. The extractor over the mixed corpus, one document after another.
    t_pass = time.perf_counter()
    total, by_lang, extractions = measure(docs, sizes, lambda d: extract(reports[id(d)]))
    wall_extract = time.perf_counter() - t_pass
    rss["extract pass"] = memory_now()
    found: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # docs, with claims, claims, lang
    for d, e in zip(docs, extractions, strict=True):
        f = found[(d.lang, d.has_claim)]
        f[0] += 1
        f[1] += bool(e.claims)
        f[2] += len(e.claims)
        f[3] += e.lang == d.lang
    del extractions

    # 2. Regex baseline; 3. spaCy's blank tokenizer alone; skyledger's tokenize (spaCy + norms, lemmas).
    regex_total, regex_by_lang, _ = measure(
        docs, sizes, lambda d: len(DIGITS.findall(d.text)) + len(TRIGGERS.findall(d.text))
    )
    tokenizers = {lang: tokenizer(lang) for lang in langs}
    tok_total, tok_by_lang, _ = measure(docs, sizes, lambda d: len(tokenizers[d.lang](d.text)))
    norm_total, norm_by_lang, _ = measure(docs, sizes, lambda d: len(tokenize(d.text, d.lang)))

    # What the pre-filter lets through (not timed): sentences read per document.
    kept: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0, 0])  # docs, sentences, kept
    for d in docs:
        sents = split_sentences(d.text)
        k = kept[(d.lang, d.has_claim)]
        k[0] += 1
        k[1] += len(sents)
        k[2] += len(read_candidates(d.text, sents, lexicon(d.lang)))

    # 4. tracemalloc pass (slow; not used for rates). Caches are warm by now.
    mem_docs = min(args.mem_docs, len(docs))
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    for d in docs[:mem_docs]:
        extract(reports[id(d)])
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss["end"] = memory_now()
    load_end = os.getloadavg()
    elapsed = time.perf_counter() - t_start

    # ---------------------------------------------------------------- report
    out: dict = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "git": git_state(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {pinned}",
        "threads": native_threads(),
        "load_avg_start_end": [round(load_start[0], 2), round(load_end[0], 2)],
        "docs": len(docs),
        "langs": langs,
        "corpus_mb": round(corpus_mb, 2),
        "mean_chars": round(statistics.mean(len(d.text) for d in docs)),
        "mean_bytes": round(statistics.mean(sizes)),
        "no_claim_docs": sum(not d.has_claim for d in docs),
        "import_s": round(t_import, 2),
        "corpus_s": round(t_corpus, 2),
        "warm_up_s": {k: round(v, 3) for k, v in warm.items()},
        "extract": total.summary() | {"pass_wall_s": round(wall_extract, 2)},
        "extract_by_lang": {k: by_lang[k].summary() for k in langs},
        "regex": regex_total.summary(),
        "regex_by_lang": {k: regex_by_lang[k].summary() for k in langs},
        "spacy_tokenizer": tok_total.summary(),
        "spacy_tokenizer_by_lang": {k: tok_by_lang[k].summary() for k in langs},
        "skyledger_tokenize": norm_total.summary(),
        "skyledger_tokenize_by_lang": {k: norm_by_lang[k].summary() for k in langs},
        "found": {f"{k[0]}/{'claim' if k[1] else 'no-claim'}": v for k, v in sorted(found.items())},
        "prefilter": {f"{k[0]}/{'claim' if k[1] else 'no-claim'}": v for k, v in sorted(kept.items())},
        "tracemalloc": {
            "docs": mem_docs,
            "peak_mb": round((peak - base) / 1e6, 2),
            "retained_mb": round((current - base) / 1e6, 2),
        },
        "rss_mb": {k: round(v[0], 1) if v[0] is not None else None for k, v in rss.items()},
        "maxrss_mb": {k: round(v[1], 1) for k, v in rss.items()},
        "elapsed_s": round(elapsed, 1),
    }

    print(f"skyledger extract benchmark  {out['date']}  git {out['git']}")
    print(
        f"Python {out['python']}, {out['machine']}; one process, {out['threads']} thread(s), gc on; "
        f"load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end"
    )
    print(
        f"corpus: {len(docs)} docs ({', '.join(langs)}), {out['no_claim_docs']} without claims, "
        f"{corpus_mb:.1f} MB UTF-8, mean {out['mean_chars']} chars / {out['mean_bytes']} bytes per doc; "
        f"built in {t_corpus:.1f} s"
    )
    print(
        f"cold start: imports {t_import:.2f} s; first document per language "
        + ", ".join(f"{k} {v:.2f} s" for k, v in warm.items())
        + f"; language {'given' if args.given_lang else 'detected by extract'}"
    )
    print()

    def row(name: str, rate: Rate, ref: Rate | None = None) -> list[str]:
        return [
            name,
            f"{rate.docs}",
            f"{rate.docs_s:,.0f}",
            f"{rate.wall_docs_s:,.0f}",
            f"{rate.mb_s:.2f}",
            f"{rate.kchars_s:,.0f}",
            f"{rate.pct_ms(0.5):.2f}",
            f"{rate.pct_ms(0.95):.2f}",
            f"{1e3 * max(rate.latencies, default=0):.1f}",
            f"{ref.seconds / rate.seconds:.1f}x" if ref and rate.seconds else "",
        ]

    header = ["pass", "docs", "docs/s", "(wall)", "MB/s", "kchar/s", "p50 ms", "p95 ms", "max ms", "extract is"]
    rows = [row("extract, all", total)]
    rows += [row(f"extract, {k}", by_lang[k]) for k in langs]
    rows += [row("regex scan, all", regex_total, total)]
    rows += [row(f"regex scan, {k}", regex_by_lang[k], by_lang[k]) for k in langs]
    rows += [row("spaCy blank tokenizer, all", tok_total, total)]
    rows += [row(f"spaCy blank tokenizer, {k}", tok_by_lang[k], by_lang[k]) for k in langs]
    rows += [row("skyledger tokenize(), all", norm_total, total)]
    rows += [row(f"skyledger tokenize(), {k}", norm_by_lang[k], by_lang[k]) for k in langs]
    print(table(rows, header))
    print(
        "  rates are per CPU-second of this process (one core); '(wall)' is docs per wall-clock second;\n"
        "  p50/p95/max are wall time per document; 'extract is' = how many times more CPU extract takes\n"
        "  than that pass on the same documents"
    )
    print()

    if "en" in langs:
        en = by_lang["en"]
        ratio_rows = []
        for k in langs:
            if k == "en":
                continue
            x = by_lang[k]
            ratio_rows.append(
                [
                    f"{k} / en",
                    f"{en.docs_s / x.docs_s:.2f}" if x.docs_s else "-",
                    f"{en.kchars_s / x.kchars_s:.2f}" if x.kchars_s else "-",
                    f"{en.mb_s / x.mb_s:.2f}" if x.mb_s else "-",
                ]
            )
        if ratio_rows:
            print("extract time relative to English (>1 = slower than English; goal <= 2.0 per doc):")
            print(table(ratio_rows, ["", "per doc", "per char", "per byte"]))
            print()

    found_rows = []
    for (lang, has_claim), (n, with_claims, claims, lang_ok) in sorted(found.items()):
        k = kept[(lang, has_claim)]
        found_rows.append(
            [
                f"{lang} {'claim docs' if has_claim else 'no-claim docs'}",
                f"{n}",
                f"{100 * with_claims / n:.0f}%",
                f"{claims / n:.2f}",
                f"{k[1] / n:.1f}",
                f"{k[2] / n:.1f}",
                f"{100 * k[2] / max(1, k[1]):.0f}%",
                f"{100 * lang_ok / n:.0f}%",
            ]
        )
    print("what was extracted, and what the pre-filter let through to the tokenizer and grammar:")
    print(
        table(
            found_rows,
            ["documents", "n", "with claims", "claims/doc", "sents/doc", "read/doc", "read", "lang ok"],
        )
    )
    silent = sorted(lang for (lang, has_claim), v in found.items() if has_claim and v[1] == 0)
    if silent:
        print(
            f"  WARNING: no claim found in any {', '.join(silent)} claim document: the rates for "
            "those languages measure an extractor that reads nothing (are its tables missing?)"
        )
    print()

    print("memory:")
    print(
        f"  tracemalloc over {mem_docs} docs after the timed pass (caches warm): peak "
        f"{out['tracemalloc']['peak_mb']:.1f} MB above the start, {out['tracemalloc']['retained_mb']:.1f} MB retained"
    )
    mem_rows = [[k, f"{v[0]:.0f}" if v[0] is not None else "-", f"{v[1]:.0f}"] for k, v in rss.items()]
    mem_table = table(mem_rows, ["after", "RSS MB", "peak RSS MB (ru_maxrss)"])
    print("\n".join("  " + line for line in mem_table.splitlines()))
    print()

    ok_rate = total.docs_s >= GOAL_DOCS_PER_S
    print(
        f"goal >= {GOAL_DOCS_PER_S} docs/s on one core: {'MET' if ok_rate else 'NOT MET'} "
        f"({total.docs_s:.0f} docs per CPU-second, {total.wall_docs_s:.0f} per wall second)"
    )
    if "en" in langs:
        for k in langs:
            if k != "en" and by_lang[k].docs_s:
                r = by_lang["en"].docs_s / by_lang[k].docs_s
                note = " (but it extracted nothing)" if k in silent else ""
                verdict = "MET" if r <= GOAL_RATIO else "NOT MET"
                print(f"goal {k} within {GOAL_RATIO:.0f}x of en per doc: {verdict} ({r:.2f}x){note}")
    if max(load_start[0], load_end[0]) > 1.5:
        print(f"note: load average up to {max(load_start[0], load_end[0]):.1f}: other processes were running")
    print(f"\nelapsed {elapsed:.1f} s (extract pass {wall_extract:.1f} s)")

    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return out


if __name__ == "__main__":
    main()
