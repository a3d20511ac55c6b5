"""Build hostile and oversized input files, read each in its own process, print what came out and
the peak memory it took.

Every file is read by ``skyledger.ingest.read`` in a fresh Python process, so that its peak RSS
(``VmHWM`` of /proc/self/status: unlike ``ru_maxrss`` it does not inherit the parent's peak across
fork and exec) is its own; "growth" is that peak less the peak after the child's imports. Files are
written a chunk at a time into a temporary folder and deleted after their case, so the script needs
some 200 MB of disk at a time and little memory itself.

    .venv/bin/python bench/hostile_files.py            # every case, about a minute
    .venv/bin/python bench/hostile_files.py --only jsonl --size-mb 50
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
GOOD_ROW = json.dumps({"id": "after", "text": "Two drones were shot down over the Kursk region."}) + "\n"
RU = "Над Белгородской областью сбиты 12 беспилотников. "

#: Runs in the child: read one file, report every item and the RSS before and after.
CHILD = """
import json, resource, sys
from datetime import UTC, datetime
from skyledger.ingest import read
import skyledger.ingest.encoding, skyledger.ingest.feeds, skyledger.ingest.html, skyledger.ingest.telegram

def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

base = peak_kb()
items, reports, encodings = [], 0, set()
for item in read(sys.argv[1], datetime(2025, 11, 20, tzinfo=UTC)):
    reason = getattr(item, "reason", None)
    if reason is None:
        reports += 1
        encodings.add(item.encoding)
    elif len(items) < 20:
        items.append((item.source.rsplit("/", 1)[-1], reason))
print(json.dumps({"base_kb": base, "peak_kb": peak_kb(), "failures": items, "reports": reports,
                  "encodings": sorted(encodings)}))
"""


def repeat(path: Path, head: bytes, unit: bytes, size: int, tail: bytes = b"") -> None:
    """Write ``head``, then whole ``unit``s until the file holds at least ``size`` bytes, then ``tail``."""
    per_block = max(1, (4 * MB) // len(unit))
    block = unit * per_block
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size:
            units = min(per_block, -(-(size - written) // len(unit)))
            piece = block if units == per_block else unit * units
            out.write(piece)
            written += len(piece)
        out.write(tail)


def telegram_messages(path: Path, size: int) -> None:
    """A Telegram Desktop export of ``size`` bytes of ordinary messages."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "name": "Governor of Example Oblast",\n "type": "public_channel",\n "messages": [\n')
        n = 0
        while out.tell() < size:
            n += 1
            message = {
                "id": n,
                "type": "message",
                "date": "2025-11-12T07:41:03",
                "date_unixtime": str(1762922463 + n),
                "text": [
                    "Air defence forces ",
                    {"type": "bold", "text": f"shot down {n % 40 + 1} UAVs"},
                    " overnight.",
                ],
            }
            out.write(("  " if n == 1 else ",\n  ") + json.dumps(message, ensure_ascii=False))
        out.write("\n ]\n}\n")


def jsonl_rows(path: Path, size: int) -> None:
    """A JSONL file of ``size`` bytes of ordinary rows."""
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while out.tell() < size:
            n += 1
            out.write(json.dumps({"id": n, "text": f"{RU}{n}", "source": "t.me/example"}, ensure_ascii=False) + "\n")


def case_list(size: int) -> list[tuple[str, str, Callable[[Path], None]]]:
    """(name, file name, builder) for every case; ``size`` is the size of the big ones."""
    deep = 1_000_000
    laughs = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(10))
    return [
        ("zero-byte file", "empty.txt", lambda p: p.write_bytes(b"")),
        ("binary (random, with NULs)", "random.txt", lambda p: p.write_bytes(os.urandom(MB))),
        ("binary (PDF)", "scan.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n" + os.urandom(MB))),
        (f"{size // MB} MB single-line .txt", "huge.txt", lambda p: repeat(p, b"", b"drones ", size)),
        (
            f"{size // MB} MB line in .jsonl, then a good row",
            "huge-line.jsonl",
            lambda p: repeat(p, b'{"text": "', b"drones ", size, b'"}\n' + GOOD_ROW.encode()),
        ),
        (
            "10 MB CSV cell on one line, then a good row",
            "cell.csv",
            lambda p: repeat(p, b"id,text\n1,", b"drones ", 10 * MB, b"\n2,Two drones were shot down.\n"),
        ),
        (
            "10 MB quoted CSV cell over many lines, then a good row",
            "quoted-cell.csv",
            lambda p: repeat(p, b'id,text\n1,"', b"drones\n", 10 * MB, b'"\n2,Two drones were shot down.\n'),
        ),
        (
            f"JSONL row nested {deep:,} deep, then a good row",
            "deep.jsonl",
            lambda p: p.write_bytes(b'{"text": "x", "a": ' + b"[" * deep + b"]" * deep + b"}\n" + GOOD_ROW.encode()),
        ),
        (
            f"Telegram message nested {deep:,} deep, then a good one",
            "deep/result.json",
            lambda p: p.write_bytes(
                b'{"name": "C", "messages": [{"id": 1, "text": '
                + b"[" * deep
                + b"]" * deep
                + b'}, {"id": 2, "type": "message", "text": "Two drones were shot down."}]}'
            ),
        ),
        (
            f"Telegram export with one {size // MB} MB string",
            "string/result.json",
            lambda p: repeat(p, b'{"name": "C", "messages": [{"id": 1, "text": "', b"drones ", size, b'"}]}'),
        ),
        (
            "XML billion laughs",
            "laughs.xml",
            lambda p: p.write_text(
                f'<?xml version="1.0"?><!DOCTYPE rss [{laughs}]><rss><channel><item><title>&lol9;</title>'
                "</item></channel></rss>"
            ),
        ),
        (
            "XML external entity",
            "xxe.rss",
            lambda p: p.write_text(
                '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<rss><channel><item><title>&x;</title></item></channel></rss>"
            ),
        ),
        (
            "XHTML page with billion laughs",
            "laughs.xhtml",
            lambda p: p.write_text(
                f'<?xml version="1.0"?><!DOCTYPE html [{laughs}]><html><body><p>&lol9; drones</p></body></html>'
            ),
        ),
        ("truncated feed", "truncated.xml", lambda p: p.write_bytes(b"<rss><channel><item><title>x</title>")),
        (
            f"feed item of {size // MB} MB",
            "huge-item.xml",
            lambda p: repeat(
                p,
                b"<rss><channel><item><description>",
                b"drones ",
                size,
                b"</description></item><item><title>Two drones were shot down</title></item></channel></rss>",
            ),
        ),
        (
            f"XML attribute of {size // MB} MB",
            "huge-attribute.xml",
            lambda p: repeat(p, b'<rss><channel><item a="', b"drones ", size, b'"/></channel></rss>'),
        ),
        (
            "short text in no telling encoding",
            "short.txt",
            lambda p: p.write_bytes("ЗНИЩЕНО: 71 БпЛА".encode("cp1251")),
        ),
        (f"{size // 4 // MB} MB of good JSONL rows", "rows.jsonl", lambda p: jsonl_rows(p, size // 4)),
        (f"{size // 4 // MB} MB Telegram export", "export/result.json", lambda p: telegram_messages(p, size // 4)),
        (
            f"{size // 4 // MB} MB JSONL in cp1251",
            "cp1251.jsonl",
            lambda p: repeat(p, b"", (json.dumps({"text": RU}, ensure_ascii=False) + "\n").encode("cp1251"), size // 4),
        ),
    ]


def summarise(out: dict) -> str:
    """What a file gave: failures in full, reports counted."""
    failures = [f"{source}: {reason}" for source, reason in out["failures"]]
    parts = failures[:3] + ([f"(+{len(failures) - 3} more failures)"] if len(failures) > 3 else [])
    if out["reports"]:
        s = "s" if out["reports"] != 1 else ""
        parts.append(f"{out['reports']} report{s} ({', '.join(str(e) for e in out['encodings'])})")
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200, help="size of the big files (default 200)")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = []
    print(f"{'case':<48} {'file MB':>8} {'peak RSS MB':>11} {'growth MB':>9} {'s':>5}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name, file_name, build in case_list(args.size_mb * MB):
            if args.only and args.only not in name and args.only not in file_name:
                continue
            path = Path(folder) / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            build(path)
            size = path.stat().st_size
            start = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT, check=False
            )
            elapsed = time.perf_counter() - start
            path.unlink()
            if run.returncode != 0:
                print(f"{name:<48} child failed: {run.stderr.strip().splitlines()[-1:]}")
                continue
            out = json.loads(run.stdout)
            peak, growth = out["peak_kb"] / 1024, (out["peak_kb"] - out["base_kb"]) / 1024
            outcome = summarise(out)
            print(f"{name:<48} {size / MB:>8.1f} {peak:>11.0f} {growth:>9.1f} {elapsed:>5.1f}  {outcome}")
            results.append(
                {"case": name, "file_mb": size / MB, "peak_rss_mb": peak, "growth_mb": growth, "outcome": outcome}
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
