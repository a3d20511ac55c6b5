"""The README's transcripts are real runs: each `$ ` command in it, run in order on a copy of
examples/ (as scripts/readme_transcripts.py does), prints what the README shows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load():
    spec = importlib.util.spec_from_file_location("readme_transcripts", ROOT / "scripts" / "readme_transcripts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_steps_split_a_block_into_commands_and_what_they_print():
    t = load()
    block = "$ skyledger a\none\ntwo\n$ skyledger b\n$ skyledger c\nx\n…\n"
    assert [(s.command, s.shown, s.truncated) for s in t.steps(block)] == [
        ("skyledger a", ["one", "two"], False),
        ("skyledger b", [], False),
        ("skyledger c", ["x", "…"], True),
    ]
    assert t.render(t.steps(block)[2], "x\ny\nz\n") == ["x", "…"]


def test_readme_transcripts_are_what_the_commands_print():
    t = load()
    if not Path(sys.executable).with_name("skyledger").exists():
        pytest.skip("no installed skyledger command beside this Python (run make setup)")
    text = t.README.read_text(encoding="utf-8")
    assert len(t._BLOCK.findall(text)) >= 4, "the transcript pattern should find the README's examples"
    fresh = t.regenerate(text, t.installed_skyledger())
    assert fresh == text, "README.md transcripts are out of date: run .venv/bin/python scripts/readme_transcripts.py"
