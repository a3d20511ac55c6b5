"""Scale benchmark: the ``skyledger`` commands over one large JSONL corpus, end to end.

    .venv/bin/python bench/scale_bench.py [--docs 10000] [--corpus FILE] [--spark] [--json out.json]

Builds the corpus of ``scale_corpus.py`` (40 % synthetic claim reports, 30 % real-shaped posts, 30 %
noise), or reuses ``--corpus FILE`` when that file exists, then runs each command once as a
subprocess (``python -m skyledger ...``) and prints, for each:

1. ``extract --workers 1`` and ``extract --workers 2`` (``--quiet``, standard output to a file):
   wall seconds, documents/s, MB/s of input, CPU seconds, and peak memory summed over the whole
   process tree (the command and its workers: ``/proc`` is polled every 50 ms for the descendants
   of the child; the sum of their RSS, and of their PSS from ``/proc/PID/smaps_rollup``, which counts
   pages shared between the processes once); then whether the two outputs are byte-identical, and
   the speed-up of two workers over one;
2. ``ingest --workers 2`` into a fresh SQLite ledger: the same figures, the ledger's size on disk, and
   the CPU seconds of the main process alone (storing and reconciling, without the workers);
3. a plain regex scan of the same corpus in this process (read each line, decode the JSON, one
   compiled regex for numbers and trigger words over the text), and how many times longer
   ``extract --workers 1`` takes than the scan;
4. with ``--spark``: ``extract --engine spark --format parquet`` (local mode) over the first 100
   documents and over the whole corpus: start-up ~ the time for 100 documents, and per document
   (time(N) - time(100)) / (N - 100); then ``skyledger load`` of the full output into a fresh ledger.

CPU seconds are those of the whole tree: from ``wait4`` (the command and the children it waited
for) or, when larger, the sum of the last ``/proc/PID/stat`` times polled (which also sees processes
nobody waited for, such as Spark's JVM). "max 1 proc" is the kernel's peak RSS of the largest single
process, a check on the 50 ms polling. The load average is printed with each run: on a shared
machine, wall-clock rates drop. ``--json FILE`` writes every figure.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract_bench import DIGITS, TRIGGERS, git_state, table  # noqa: E402
from scale_corpus import CORPORA, write_corpus  # noqa: E402

#: The baseline: one compiled regex, numbers and trigger words (those of extract_bench.py).
SCAN = re.compile(f"{DIGITS.pattern}|{TRIGGERS.pattern}", re.IGNORECASE)
PAGE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POLL_S = 0.05
SPARK_HEAD = 100


# ----------------------------------------------------------------------------------------------
# Memory of a process tree, from /proc
# ----------------------------------------------------------------------------------------------


def processes() -> tuple[dict[int, list[int]], dict[int, int]]:
    """(parent pid -> child pids, pid -> CPU ticks used so far) for every process visible in /proc."""
    kids: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()  # state, ppid, ...; utime and stime are the 12th and 13th
        pid = int(entry.name)
        kids.setdefault(int(fields[1]), []).append(pid)
        ticks[pid] = int(fields[11]) + int(fields[12])
    return kids, ticks


def descendants(pid: int, kids: dict[int, list[int]]) -> list[int]:
    """``pid`` and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def rss_pss(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            rss = int(f.read().split()[1]) * PAGE
        pss = 0
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
        return rss, pss
    except (OSError, ValueError, IndexError):
        return 0, 0


class TreeMemory(threading.Thread):
    """Polls the process tree of ``pid`` every ``POLL_S`` seconds; keeps the peaks of the sums."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = 0
        self.max_procs = self.samples = 0
        self.ticks: dict[int, int] = {}  # the last CPU ticks seen of every process of the tree

    @property
    def cpu_s(self) -> float:
        """CPU seconds of every process seen in the tree, up to its last sample."""
        return sum(self.ticks.values()) / CLOCK_TICKS

    def sample(self) -> None:
        kids, ticks = processes()
        pids = descendants(self.pid, kids)
        self.ticks.update((p, ticks[p]) for p in pids if p in ticks)
        sizes = [rss_pss(p) for p in pids]
        self.peak_rss = max(self.peak_rss, sum(r for r, _ in sizes))
        self.peak_pss = max(self.peak_pss, sum(p for _, p in sizes))
        self.max_procs = max(self.max_procs, sum(1 for r, _ in sizes if r))
        self.samples += 1

    def run(self) -> None:
        self.sample()
        while not self.stop.wait(POLL_S):
            self.sample()


def run(cmd: list[str], stdout: Path, stderr: Path, docs: int, input_bytes: int | None) -> dict:
    """Run ``cmd`` once: wall and CPU time, peak summed RSS/PSS of its tree, exit status."""
    load = os.getloadavg()[0]
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        mem = TreeMemory(proc.pid)
        mem.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        mem.stop.set()
        mem.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_text = stderr.read_text(encoding="utf-8", errors="replace")
    return {
        "cmd": " ".join(["skyledger", *cmd[3:]]),
        "exit": proc.returncode,
        "wall_s": round(wall, 2),
        # wait4 counts the command and the children it waited for; polling also sees those it did not
        # wait for (Spark's JVM), up to 50 ms before their end: the larger of the two.
        "cpu_s": round(max(usage.ru_utime + usage.ru_stime, mem.cpu_s), 2),
        "cpu_s_wait4": round(usage.ru_utime + usage.ru_stime, 2),
        "cpu_s_polled": round(mem.cpu_s, 2),
        # the command's own process, without its workers: for ingest, what storing and reconciling cost
        "cpu_s_main": round(mem.ticks.get(proc.pid, 0) / CLOCK_TICKS, 2),
        "docs_s": round(docs / wall, 1) if wall else None,
        "mb_s": round(input_bytes / 1e6 / wall, 2) if wall and input_bytes else None,
        "peak_rss_mb": round(mem.peak_rss / 1e6, 1),
        "peak_pss_mb": round(mem.peak_pss / 1e6, 1),
        "max_single_rss_mb": round(usage.ru_maxrss / 1e3, 1),  # kB
        "max_procs": mem.max_procs,
        "samples": mem.samples,
        "poll_ms": round(1e3 * wall / max(1, mem.samples)),  # 50 ms plus the cost of a sample, under load more
        "error_lines": sum(1 for line in err_text.splitlines() if line.startswith("Error:")),
        "stderr_tail": err_text.strip().splitlines()[-3:],
        "load_avg_start": round(load, 2),
    }


# ----------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------


def count_lines(path: Path) -> int:
    """Newlines in a file, read in 8 MB blocks."""
    n = 0
    with open(path, "rb") as f:
        while block := f.read(1 << 23):
            n += block.count(b"\n")
    return n


def disk_bytes(path: Path) -> int:
    """Size of a file or a folder tree; for a SQLite file, with its -wal and -shm files."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def regex_scan(corpus: Path, input_bytes: int) -> dict:
    """Read, decode and scan every line in this process: the floor for any extractor."""
    load = os.getloadavg()[0]
    docs = hits = 0
    w0, c0 = time.perf_counter(), time.process_time()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line).get("text") or ""
            hits += len(SCAN.findall(text))
            docs += 1
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "docs_s": round(docs / wall, 1) if wall else None,
        "mb_s": round(input_bytes / 1e6 / wall, 2) if wall else None,
        "docs": docs,
        "hits": hits,
        "load_avg_start": round(load, 2),
    }


def spark_missing() -> str | None:
    """Why the Spark runs cannot happen here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'skyledger[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (java on the PATH or JAVA_HOME)"
    return None


def mb(n: int) -> str:
    return f"{n / 1e6:,.1f}"


# ----------------------------------------------------------------------------------------------
# The benchmark
# ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--docs", type=int, help="documents in the corpus (default 10,000; with an existing --corpus, its own)"
    )
    ap.add_argument("--corpus", help="the corpus JSONL: reused if it exists, else written there")
    ap.add_argument("--corpora", default=str(CORPORA), help="real corpora for a corpus that is built")
    ap.add_argument("--seed", type=int, default=None, help="seed for a corpus that is built (scale_corpus.py default)")
    ap.add_argument("--spark", action="store_true", help="also time the Spark engine (local mode) and 'load'")
    ap.add_argument("--spark-workers", type=int, default=2, help="--workers of the Spark runs (default 2)")
    ap.add_argument("--workdir", help="folder for outputs, ledgers and logs (default: a temporary one, removed)")
    ap.add_argument("--keep", action="store_true", help="keep the outputs and ledgers (and the temporary folder)")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="skyledger-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    t_start = time.perf_counter()
    out: dict = {
        "date": started,
        "git": git_state(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }

    # ------------------------------------------------------------ the corpus
    corpus = Path(args.corpus) if args.corpus else work / "corpus.jsonl"
    if corpus.exists():
        docs = count_lines(corpus)
        if args.docs is not None and args.docs != docs:
            ap.error(f"{corpus} holds {docs:,} documents, not --docs {args.docs:,}: remove it or give --docs {docs}")
        out["corpus"] = {"path": str(corpus), "docs": docs, "reused": True}
        print(f"corpus: reusing {corpus} ({docs:,} documents)")
    else:
        docs = args.docs if args.docs is not None else 10_000
        if docs <= 0:
            ap.error("--docs must be at least 1")
        kw = {"seed": args.seed} if args.seed is not None else {}
        info = write_corpus(
            corpus,
            docs,
            corpora=args.corpora,
            say=lambda m: print(m, flush=True),
            progress_every=max(50_000, docs // 10),
            **kw,
        )
        out["corpus"] = info | {"reused": False}
        print(
            f"corpus: built {docs:,} documents in {info['seconds']:.1f} s "
            f"({', '.join(f'{k} {v:,}' for k, v in info['kinds'].items())})"
        )
    input_bytes = corpus.stat().st_size
    out["corpus"] |= {"bytes": input_bytes}
    print(f"        {corpus}, {mb(input_bytes)} MB, {input_bytes / docs:,.0f} bytes per document")

    out["disk_free_gb"] = round(shutil.disk_usage(work).free / 1e9, 1)
    print(f"work folder: {work} ({out['disk_free_gb']:,.1f} GB free; each output is removed once measured)", flush=True)

    skyledger = [sys.executable, "-m", "skyledger"]
    runs: dict[str, dict] = {}

    def discard(*paths: Path) -> None:
        """Remove outputs once measured (a ledger with its -wal and -shm files), unless --keep."""
        if args.keep:
            return
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    p.unlink(missing_ok=True)

    def timed(name: str, cmd: list[str], n: int, stdout: Path | None = None) -> dict:
        print(f"  running: {name} ...", flush=True)
        r = run(cmd, stdout or work / f"{name}.out", work / f"{name}.err", n, input_bytes if n == docs else None)
        runs[name] = r
        if r["exit"] not in (0, 1):
            print(f"  {name} FAILED (exit {r['exit']}): {' | '.join(r['stderr_tail'])}")
        return r

    # ------------------------------------------------------------ extract, 1 and 2 workers
    outputs = {k: work / f"extract-w{k}.jsonl" for k in (1, 2)}
    for k, path in outputs.items():
        timed(f"extract-w{k}", [*skyledger, "extract", str(corpus), "--workers", str(k), "--quiet"], docs, path)
        runs[f"extract-w{k}"] |= {"output_docs": count_lines(path), "output_bytes": path.stat().st_size}
    identical = filecmp.cmp(outputs[1], outputs[2], shallow=False)
    w1, w2 = runs["extract-w1"], runs["extract-w2"]
    out["extract_identical"] = identical
    out["extract_speedup"] = round(w1["wall_s"] / w2["wall_s"], 2) if w2["wall_s"] else None
    discard(*outputs.values())

    # ------------------------------------------------------------ ingest, 2 workers
    ledger = work / "ledger.db"
    for p in (ledger, Path(f"{ledger}-wal"), Path(f"{ledger}-shm")):
        p.unlink(missing_ok=True)
    timed("ingest-w2", [*skyledger, "ingest", str(corpus), "--db", str(ledger), "--workers", "2", "--quiet"], docs)
    runs["ingest-w2"] |= {
        "ledger_bytes": disk_bytes(ledger),
        "summary": (work / "ingest-w2.out").read_text(encoding="utf-8").strip().splitlines()[-1:],
    }
    discard(ledger)

    # ------------------------------------------------------------ regex scan
    print("  running: regex scan ...", flush=True)
    scan = regex_scan(corpus, input_bytes)
    out["regex"] = scan
    out["extract_vs_regex"] = round(w1["wall_s"] / scan["wall_s"], 1) if scan["wall_s"] else None
    out["extract_vs_regex_cpu"] = round(w1["cpu_s"] / scan["cpu_s"], 1) if scan["cpu_s"] else None

    # ------------------------------------------------------------ Spark, local mode
    spark: dict = {}
    if args.spark:
        why = spark_missing()
        if why:
            print(f"  skipped Spark: {why}")
            spark["skipped"] = why
        elif docs <= SPARK_HEAD:
            spark["skipped"] = f"the corpus has {docs} documents; start-up is measured on {SPARK_HEAD}"
            print(f"  skipped Spark: {spark['skipped']}")
        else:
            head = work / f"head{SPARK_HEAD}.jsonl"
            with open(corpus, "rb") as src, open(head, "wb") as dst:
                for _ in range(SPARK_HEAD):
                    dst.write(src.readline())
            for name, src_path, n in (("spark-head", head, SPARK_HEAD), ("spark-full", corpus, docs)):
                folder = work / name
                shutil.rmtree(folder, ignore_errors=True)
                cmd = [*skyledger, "extract", "--engine", "spark", "--format", "parquet", "--out", str(folder)]
                r = timed(name, [*cmd, str(src_path), "--workers", str(args.spark_workers)], n)
                said = [line for line in r["stderr_tail"] if line.startswith("wrote ")]
                r |= {"wrote": said[-1] if said else None, "output_bytes": disk_bytes(folder) if folder.exists() else 0}
            discard(head, work / "spark-head")
            head_r, full_r = runs["spark-head"], runs["spark-full"]
            per_doc = (full_r["wall_s"] - head_r["wall_s"]) / (docs - SPARK_HEAD)
            spark |= {
                "startup_s": head_r["wall_s"],
                "per_doc_ms": round(1e3 * per_doc, 3),
                "docs_s_after_startup": round(1 / per_doc, 1) if per_doc > 0 else None,
            }
            spark_ledger = work / "spark-ledger.db"
            for p in (spark_ledger, Path(f"{spark_ledger}-wal"), Path(f"{spark_ledger}-shm")):
                p.unlink(missing_ok=True)
            timed("load", [*skyledger, "load", str(work / "spark-full"), "--db", str(spark_ledger), "--quiet"], docs)
            runs["load"] |= {
                "ledger_bytes": disk_bytes(spark_ledger),
                "summary": (work / "load.out").read_text(encoding="utf-8").strip().splitlines()[-1:],
            }
            runs["load"]["mb_s"] = None  # it reads the Parquet output, not the corpus
            discard(work / "spark-full", spark_ledger)
    out["spark"] = spark
    out["runs"] = runs
    out["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    out["bench_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)
    out["elapsed_s"] = round(time.perf_counter() - t_start, 1)

    # ------------------------------------------------------------ report
    print()
    print(f"skyledger scale benchmark  {started}  git {out['git']}")
    print(
        f"Python {out['python']}, {out['machine']}; load average {out['load_avg_start'][0]:.2f} at start, "
        f"{out['load_avg_end'][0]:.2f} at end"
    )
    print(f"corpus: {docs:,} documents, {mb(input_bytes)} MB of JSONL")
    print()

    def row(name: str, r: dict, n: int) -> list[str]:
        return [
            name,
            f"{n:,}",
            f"{r['wall_s']:,.2f}",
            f"{r['docs_s']:,.0f}" if r.get("docs_s") else "-",
            f"{r['mb_s']:.2f}" if r.get("mb_s") else "-",
            f"{r['cpu_s']:,.1f}",
            f"{r['peak_rss_mb']:,.0f}" if "peak_rss_mb" in r else "-",
            f"{r['peak_pss_mb']:,.0f}" if "peak_pss_mb" in r else "-",
            f"{r['max_single_rss_mb']:,.0f}" if "max_single_rss_mb" in r else "-",
            f"{r['max_procs']}" if "max_procs" in r else "1",
            f"{r['exit']}" if "exit" in r else "-",
            f"{r['load_avg_start']:.1f}",
        ]

    rows = [row("extract --workers 1", w1, docs), row("extract --workers 2", w2, docs)]
    rows.append(row("ingest --workers 2", runs["ingest-w2"], docs))
    rows.append(row("regex scan (this process)", scan, docs))
    if "spark-head" in runs:
        rows.append(row(f"spark extract, {SPARK_HEAD} docs", runs["spark-head"], SPARK_HEAD))
        rows.append(row("spark extract, all", runs["spark-full"], docs))
        rows.append(row("load (spark output)", runs["load"], docs))
    header = [
        "run",
        "docs",
        "wall s",
        "docs/s",
        "MB/s",
        "CPU s",
        "peak RSS MB",
        "peak PSS MB",
        "max 1 proc",
        "procs",
        "exit",
        "load",
    ]
    print(table(rows, header))
    polls = [r["poll_ms"] for r in runs.values()]
    print(
        "  docs/s and MB/s per wall second; CPU s of the whole process tree (wait4, or /proc polling where more);\n"
        f"  peak RSS/PSS MB summed over the process tree (polled every 50 ms, {min(polls)}-{max(polls)} ms in\n"
        "  effect); 'max 1 proc' = largest single process (kernel peak); 'load' = 1-minute load average when\n"
        "  the run started"
    )
    print()
    print(
        f"extract outputs, 1 and 2 workers: {'byte-identical' if identical else 'DIFFERENT'} "
        f"({w1['output_docs']:,} documents, {mb(w1['output_bytes'])} MB); speed-up with 2 workers "
        f"{out['extract_speedup']:.2f}x"
    )
    print(
        f"extract --workers 1 takes {out['extract_vs_regex']:.1f}x the wall time of the regex scan "
        f"({out['extract_vs_regex_cpu']:.1f}x its CPU time)"
    )
    ing = runs["ingest-w2"]
    print(
        f"ingest: {' '.join(ing['summary'])}; ledger {mb(ing['ledger_bytes'])} MB on disk "
        f"({ing['ledger_bytes'] / docs / 1e3:.1f} kB per document); main process "
        f"{ing['cpu_s_main']:,.1f} CPU s ({1e3 * ing['cpu_s_main'] / docs:.2f} ms per document)"
    )
    if spark.get("startup_s") is not None:
        print(
            f"spark (local[{args.spark_workers}]): start-up ~{spark['startup_s']:.1f} s "
            f"(the {SPARK_HEAD}-document run), "
            f"then {spark['per_doc_ms']:.2f} ms per document"
            + (f" ({spark['docs_s_after_startup']:,.0f} docs/s)" if spark["docs_s_after_startup"] else "")
            + f"; {runs['spark-full']['wrote']}"
        )
        ld = runs["load"]
        print(f"load: {' '.join(ld['summary'])}; ledger {mb(ld['ledger_bytes'])} MB on disk")
    failed = [name for name, r in runs.items() if r["exit"] != 0]
    if failed:
        print(f"note: non-zero exit from {', '.join(failed)} (1 = some documents failed; see the .err files)")
    if max(out["load_avg_start"][0], out["load_avg_end"][0]) > (os.cpu_count() or 1) * 0.5:
        print(
            f"note: load average up to {max(out['load_avg_start'][0], out['load_avg_end'][0]):.1f} on "
            f"{os.cpu_count()} CPUs: other processes were running, wall-clock rates are low"
        )
    print(f"\nelapsed {out['elapsed_s']:.1f} s")

    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    if not args.keep and not args.workdir:  # a temporary folder: its logs (and a corpus built there) go too
        shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    main()
