"""Run the README's transcripts and write back what they print, so the README shows real runs.

A transcript is a fenced block whose lines start with ``$ ``: each such line is a command, and the
lines after it, up to the next command, are what it prints. A last line ``…`` means "and more": only
the lines before it are kept and compared. The commands run in order, in a scratch folder holding a
copy of ``examples/`` and the demo ledger ``make demo`` builds (``demo.db``), with no
``$SKYLEDGER_DB``, as a reader who follows the README from the top would run them.

    .venv/bin/python scripts/readme_transcripts.py          # rewrite README.md
    .venv/bin/python scripts/readme_transcripts.py --check  # exit 1 if README.md is out of date

tests/test_readme.py runs the check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MORE = "…"
#: How the README names the command, and the demo ledger it expects (as in the Makefile's demo).
COMMAND = ".venv/bin/skyledger"
DEMO = ("ingest", "--db", "demo.db", "--published", "2025-11-20", "examples/")
_BLOCK = re.compile(r"^```\n(\$ .*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass
class Step:
    """One command of a transcript and the lines it is shown printing."""

    command: str
    shown: list[str]

    @property
    def truncated(self) -> bool:
        return bool(self.shown) and self.shown[-1] == MORE


def steps(block: str) -> list[Step]:
    """The commands of one transcript block, each with the lines shown after it."""
    out: list[Step] = []
    for line in block.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            out.append(Step(line[2:], []))
        else:
            out[-1].shown.append(line)
    return out


def render(step: Step, printed: str) -> list[str]:
    """What the README should show for a step that printed ``printed``: all of it, or as many lines
    as it showed before its ``…``."""
    lines = printed.rstrip("\n").split("\n") if printed.strip() else []
    if step.truncated:
        return [*lines[: len(step.shown) - 1], MORE]
    return lines


def run(command: str, cwd: Path, skyledger: str) -> str:
    """Run one README command in ``cwd`` with the installed skyledger; standard output and error
    together, as a terminal would show them."""
    env = {k: v for k, v in os.environ.items() if k != "SKYLEDGER_DB"}
    env["COLUMNS"] = "200"
    result = subprocess.run(
        command.replace(COMMAND, skyledger),
        shell=True,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result.stdout + result.stderr


def regenerate(text: str, skyledger: str) -> str:
    """The README ``text`` with every transcript's output replaced by a real run's."""
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        shutil.copytree(ROOT / "examples", cwd / "examples")
        subprocess.run([skyledger, *DEMO], cwd=cwd, capture_output=True, check=True)

        def rewrite(match: re.Match[str]) -> str:
            lines = []
            for step in steps(match.group(1)):
                lines += [f"$ {step.command}", *render(step, run(step.command, cwd, skyledger))]
            return "```\n" + "\n".join(lines) + "\n```"

        return _BLOCK.sub(rewrite, text)


def installed_skyledger() -> str:
    """The skyledger command of this Python's environment."""
    script = Path(sys.executable).with_name("skyledger")
    if not script.exists():
        raise SystemExit(f"no skyledger command beside {sys.executable}: run make setup")
    return str(script)


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = regenerate(text, installed_skyledger())
    if "--check" in argv:
        if fresh != text:
            print("README.md transcripts are out of date: run .venv/bin/python scripts/readme_transcripts.py")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
