"""cProfile of ``skyledger.extract.extract`` over the benchmark corpus.

    .venv/bin/python bench/profile_extract.py [--docs 1000] [--langs en,ru,uk] [--top 25] [--sort cumulative]

Builds the same synthetic corpus as ``extract_bench.py`` (see ``corpus.py``), warms the extractor up
on one document per language (so that loading the tables is not in the profile), then profiles
``extract`` over the documents and prints the top functions by cumulative time, and the same by
own time (``tottime``), which is where the cost actually sits.

cProfile charges every Python call and nothing inside C (a regex search, spaCy's tokenizer), so it
understates regex-heavy stages. Before profiling, the script therefore also times the stages of the
pipeline directly, without a profiler (``--no-stages`` to skip): language detection, sentence
splitting, the pre-filter's search of every sentence, tokenising the sentences it keeps, the rest of
``read_sentence``, and everything after it (claims, windows, checks, impacts), as ``extract`` minus
the parts.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import LANGS, generate  # noqa: E402

from skyledger.extract import extract  # noqa: E402
from skyledger.model import Report  # noqa: E402


def print_stages(corpus: list[tuple[str, str]], reports: list[Report]) -> None:
    """CPU time per document of each stage of ``extract``, timed without a profiler."""
    from skyledger.extract.candidates import split_candidates
    from skyledger.extract.facts import read_sentence
    from skyledger.extract.language import detect_language
    from skyledger.extract.lexicon import lexicon
    from skyledger.extract.sentences import split_sentences
    from skyledger.extract.tokens import tokenize

    cpu = time.process_time
    names = ["detect_language", "split_sentences", "prefilter search", "tokenize kept", "read_sentence"]
    spent = dict.fromkeys(names, 0.0)
    kept_total = sents_total = 0
    for lang, text in corpus:
        t0 = cpu()
        detect_language(text)
        t1 = cpu()
        sents = split_sentences(text)
        t2 = cpu()
        strong, weak = split_candidates(text, sents, lang)
        kept = [sents[k] for k in strong]  # weak sentences are read only beside a productive one
        t3 = cpu()
        for s in kept:
            tokenize(text[s.start : s.end], lang, s.start)
        t4 = cpu()
        lex = lexicon(lang)
        for s in kept:
            read_sentence(text, s, lex)
        t5 = cpu()
        spent["detect_language"] += t1 - t0
        spent["split_sentences"] += t2 - t1
        spent["prefilter search"] += t3 - t2
        spent["tokenize kept"] += t4 - t3
        spent["read_sentence"] += t5 - t4
        kept_total += len(kept)
        sents_total += len(sents)
    t0 = cpu()
    for r in reports:
        extract(r)
    whole = cpu() - t0
    spent["read_sentence"] -= spent["tokenize kept"]  # read_sentence tokenises again: show the rest apart
    rest = whole - sum(spent.values())
    n = len(reports)
    print(
        f"stages, CPU ms per document over {n} docs ({sents_total / n:.1f} sentences/doc, "
        f"{kept_total / n:.1f} kept by the pre-filter):"
    )
    rows = [*spent.items(), ("after read_sentence (claims, impacts ...)", rest)]
    for name, secs in rows:
        print(f"  {name:<42} {1e3 * secs / n:7.3f} ms  {100 * secs / whole:5.1f}%")
    print(f"  {'extract, whole':<42} {1e3 * whole / n:7.3f} ms  ({n / whole:.0f} docs per CPU-second)\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents to profile (default 1000)")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated languages (default en,ru,uk)")
    ap.add_argument("--top", type=int, default=25, help="rows to print (default 25)")
    ap.add_argument("--sort", default="cumulative", help="pstats sort key of the first table (default cumulative)")
    ap.add_argument("--out", help="also write the raw profile to this file (for snakeviz, pstats)")
    ap.add_argument("--no-stages", action="store_true", help="skip the direct timing of the stages")
    args = ap.parse_args(argv)
    langs = [x.strip() for x in args.langs.split(",") if x.strip()]

    corpus = generate(args.docs, langs)
    reports = [Report(source="bench", text=text, format="text") for _, text in corpus]
    for lang in langs:  # warm-up: the first call of a language loads its tables
        extract(next(r for (lg, _), r in zip(corpus, reports, strict=True) if lg == lang))

    if not args.no_stages:
        print_stages(corpus, reports)

    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    for r in reports:
        extract(r)
    profiler.disable()
    elapsed = time.perf_counter() - t0
    rate = len(reports) / elapsed
    print(f"{len(reports)} docs ({', '.join(langs)}) in {elapsed:.2f} s under cProfile ({rate:.0f} docs/s;")
    print("cProfile roughly doubles the cost of Python-heavy code: use extract_bench.py for rates)\n")

    for key in (args.sort, "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key)
        stats.print_stats(args.top)
        text = out.getvalue()
        print(f"--- top {args.top} by {key} ---")
        print(text[text.index("   ncalls") :] if "   ncalls" in text else text)
    if args.out:
        profiler.dump_stats(args.out)
        print(f"raw profile written to {args.out}")


if __name__ == "__main__":
    main()
