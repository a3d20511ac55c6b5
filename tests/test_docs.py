"""The user documentation agrees with the code (sqlite-utils' test_docs habit).

- every flag the extractor can write, and every check, is documented in docs/flags.md, and every
  flag documented there is one the extractor can write;
- every command has help text that ends with an example, appears in README.md, and docs/cli.md is
  exactly what scripts/gen_cli_docs.py generates now;
- every field of the extract JSON contract is described in docs/contract.md;
- every file extension the readers know is described in docs/formats.md;
- relative links between the pages point at files and headings that exist.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import re
import tokenize
from dataclasses import fields
from pathlib import Path

import pytest
import typer

from skyledger.cli import app
from skyledger.contract import extraction_to_dict
from skyledger.ingest import EXTENSIONS
from skyledger.model import Check, Claim, Claimant, Extraction, Impact, Measure, RegionCount, Report, Window

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXTRACT = ROOT / "skyledger" / "extract"
COMMANDS = list(typer.main.get_command(app).commands)

# --- flags -------------------------------------------------------------------------------------

#: A statement that writes a flag: ``flags.append(...)``, ``d.flags.append``, ``line_flags.append``,
#: ``flags += [...]``, ``flags.extend``, ``flag = "a" if ... else "b"``.
FLAG_WRITE = re.compile(r"\b\w*flags?\s*(?:\.\s*(?:append|extend)\s*\(|\+=|=(?!=))")
#: A ``return`` statement; only the literals it returns inside a list or a one-tuple count as flags
#: (``return ZONES["RU"], ["tz_assumed"]``, ``("region_from_claimant",)``), not arguments such as
#: ``lex.cue("country_hint")``.
RETURN = re.compile(r"^\s*return\b")
#: A snake_case string literal ('tz_assumed'), or the fixed head of an f-string that ends in a
#: placeholder (f"fuzzy_place:{...}" -> 'fuzzy_place:', f"claimant_from_{basis}" -> 'claimant_from_').
LITERAL = re.compile(r"""(?<![\w"'])(?P<f>f?)(?P<q>["'])(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?P=q)""")
FSTRING_HEAD = re.compile(r"""(?<![\w"'])f(?P<q>["'])(?P<head>[a-z][a-z0-9_]*:?)\{""")
IN_LIST = re.compile(r"""(?:\[\s*|\(\s*(?=f?["'][a-z0-9_:]+["']\s*,\s*\)))f?["'](?P<name>[a-z][a-z0-9_]*:?)[{"']""")


def statements(source: str) -> list[str]:
    """Logical lines of Python source (a call over several lines is one), without comments and
    without docstrings, as Python's own tokenizer splits them."""
    out: list[str] = []
    parts: list[tokenize.TokenInfo] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if parts and not all(t.type == tokenize.STRING for t in parts):
                out.append(" ".join(t.string for t in parts))
            parts = []
        elif tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT):
            parts.append(tok)
    return out


def flags_in(source: str) -> set[str]:
    """Flag names a module's source can write; an f-string flag is given by its fixed head."""
    found: set[str] = set()
    for stmt in statements(source):
        if FLAG_WRITE.search(stmt):
            found |= {m["name"] for m in LITERAL.finditer(stmt) if not m["f"]}
            found |= {m["head"] for m in FSTRING_HEAD.finditer(stmt)}
        elif RETURN.search(stmt):
            found |= {m["name"] for m in IN_LIST.finditer(stmt) if "_" in m["name"]}
    return found


def extractor_flags() -> set[str]:
    """Every flag name or f-string head in skyledger/extract/."""
    return set().union(*(flags_in(p.read_text(encoding="utf-8")) for p in sorted(EXTRACT.glob("*.py"))))


def check_names() -> set[str]:
    """The names of the checks in skyledger/extract/checks.py."""
    return set(re.findall(r"""\bname\s*=\s*["']([a-z_]+)["']""", (EXTRACT / "checks.py").read_text(encoding="utf-8")))


def documented(name: str, page: str) -> bool:
    """A flag is documented when the page shows it in backticks: `name`, `name:VALUE` or, for an
    f-string head such as 'claimant_from_', any `claimant_from_...`."""
    if name.endswith(("_", ":")):
        return f"`{name}" in page
    return f"`{name}`" in page or f"`{name}:" in page


def undocumented(names: set[str], page: str) -> list[str]:
    """The names the page does not document."""
    return sorted(n for n in names if not documented(n, page))


def table_names(page: str, section: str | None = None) -> set[str]:
    """Backticked names in the first column of the page's tables of flags or checks (the tables
    whose header starts with 'flag' or 'check'), optionally only under one heading."""
    if section is not None:
        page = page.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    listing = False
    for line in page.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if not line.startswith("|") or len(cells) < 3:
            listing = False
        elif cells[1] in ("flag", "check"):
            listing = True
        elif listing and not set(cells[1]) <= {"-", " "}:
            names |= set(re.findall(r"`([^`]+)`", cells[1]))
    return names


FLAGS_PAGE = (DOCS / "flags.md").read_text(encoding="utf-8")


def test_the_flag_scanner_finds_flags_of_every_form():
    """If the scanner broke and found nothing, the next test would pass for the wrong reason."""
    found = extractor_flags()
    # a plain append, a conditional append, a returned list, a one-tuple, an f-string head
    assert {"claimant_from_channel", "collective_uneven", "tz_assumed", "region_from_context"} <= found
    assert {"fuzzy_place:", "check_failed:", "claimant_from_"} <= found
    assert not {"country_hint", "foreign_place", "unit_forms"} & found, "cue names are not flags"


def test_the_flag_scanner_reads_statements_over_several_lines():
    source = 'flags.append(\n    "made_up_flag"\n)\nreturn ZONES["RU"], ["other_flag"]\nx = lex.cue("a_cue")\n'
    assert flags_in(source) == {"made_up_flag", "other_flag"}
    assert undocumented(flags_in(source), "`other_flag` does X") == ["made_up_flag"]


def test_every_flag_is_documented():
    missing = undocumented(extractor_flags(), FLAGS_PAGE)
    assert not missing, f"flags written by skyledger/extract but missing from docs/flags.md: {missing}"


def test_every_documented_flag_exists():
    """The page's tables list no flag the extractor no longer writes."""
    found = extractor_flags()
    heads = {f for f in found if f.endswith(("_", ":"))}
    checks = check_names()
    listed = table_names(FLAGS_PAGE) - table_names(FLAGS_PAGE, "Checks")
    stale = sorted(n for n in listed if n not in found and not any(n.startswith(h) for h in heads))
    assert not stale, f"docs/flags.md lists flags the extractor does not write: {stale}"
    for name in listed:
        if name.startswith("check_failed:"):
            assert name.removeprefix("check_failed:") in checks, name


def test_every_check_is_documented():
    from skyledger.model import CHECKS

    checks = check_names()
    assert set(CHECKS) == checks, "model.CHECKS (the API's check filter) lists the checks extract/checks.py runs"
    assert len(checks) >= 4
    assert table_names(FLAGS_PAGE, "Checks") == checks


# --- the CLI -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_help_ends_with_an_example(name):
    command = typer.main.get_command(app).commands[name]
    assert command.help, f"skyledger {name} has no help text"
    paragraphs = inspect.cleandoc(command.help).split("\n\n")
    assert paragraphs[-2] == "Example:", f"skyledger {name}: the help does not end with 'Example:'"
    assert paragraphs[-1].strip().startswith(f"skyledger {name} ")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"skyledger {name} " in readme or f"skyledger {name}\n" in readme


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_generated_and_current():
    gen = load_generator()
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert gen.HEADER in page.split("\n## ", 1)[0], "the page must say that it is generated"
    assert page == gen.render(), "docs/cli.md is out of date: run .venv/bin/python scripts/gen_cli_docs.py"
    for name in COMMANDS:
        assert f"## skyledger {name}\n" in page


def test_readme_gives_the_two_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"Makefile has no '{target}' target"


# --- the contract and the formats --------------------------------------------------------------


def every_key(value: object, prefix: str = "") -> set[str]:
    """The keys of a JSON value, nested ones included."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in every_key(v)}
    if isinstance(value, list):
        return {k for v in value for k in every_key(v)}
    return set()


def test_every_contract_field_is_described():
    # Optional keys the contract writes only when set (a hit claim's 'locations') need a value here.
    optional = {"locations": 3} if "locations" in {f.name for f in fields(Claim)} else {}
    claim = Claim(
        Claimant("ministry", "Ministry of Defence", span=(0, 8)),
        "destroyed",
        "uav",
        2,
        regions=(RegionCount("RU-KRS", "Kursk Oblast", 2, (20, 25)),),
        window=Window(start="23:00", end="01:00", span=(30, 40)),
        checks=(Check("breakdown_sums_to_total", "pass"),),
        spans=(("total", (10, 11)),),
        **optional,
    )
    report = Report(source="x.txt", text="x" * 50, format="text")
    x = Extraction(report, "en", (claim,), (Impact("fire", (41, 45)),), (Measure("stay_indoors", (46, 50)),))
    page = (DOCS / "contract.md").read_text(encoding="utf-8")
    data = extraction_to_dict(x)
    keys = every_key(data) - set(data["claims"][0]["spans"])  # span names are values, listed separately
    missing = sorted(k for k in keys if f"`{k}`" not in page)
    assert not missing, f"contract fields not described in docs/contract.md: {missing}"


def test_every_extension_is_described():
    page = (DOCS / "formats.md").read_text(encoding="utf-8")
    missing = sorted(ext for ext in EXTENSIONS if f"`{ext}`" not in page)
    assert not missing, f"extensions not described in docs/formats.md: {missing}"


# --- links ---------------------------------------------------------------------------------------

PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
#: Pages that other people write: a link to one of them may point ahead of its arrival.
OWNED_ELSEWHERE = {DOCS / "benchmarks.md"}


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown page."""
    out = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#{1,6} (.+)", line)
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(slug)
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if dest in OWNED_ELSEWHERE and not dest.exists():
            continue
        assert dest.exists(), f"{page.name}: link to missing {target}"
        if anchor and dest.suffix == ".md":
            assert anchor in anchors(dest), f"{page.name}: link to missing heading {target}"


# Statements the docs make about behaviour, each checked against the behaviour.


def _first_claim(text: str, published: str = "2025-11-20T09:00:00+03:00"):
    from datetime import datetime

    from skyledger.extract import extract
    from skyledger.model import Report

    report = Report("t.txt", text, "text", published=datetime.fromisoformat(published), published_basis="source")
    return extract(report).claims[0]


def test_flags_page_is_right_that_a_vague_relative_window_keeps_no_date():
    row = next(line for line in FLAGS_PAGE.splitlines() if line.startswith("| `relative_date`"))
    assert "`date` stays null" in row
    claim = _first_claim(
        "Air defence systems destroyed 12 Ukrainian drones overnight, the Russian Defence Ministry said."
    )
    assert "relative_date" in claim.flags and claim.window.date is None
    assert (claim.window.approx_start, claim.window.approx_end) == (
        "2025-11-19T21:00:00+03:00",
        "2025-11-20T07:00:00+03:00",
    )
    weekday = _first_claim(
        "Late Tuesday night, air defence systems destroyed 12 Ukrainian drones, the Russian Defence Ministry said."
    )
    assert "relative_date" in weekday.flags and weekday.window.date is not None  # "It comes from a weekday"


def test_readme_says_claims_come_newest_first_as_they_do():
    from skyledger.store.query import ClaimQuery

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Claims are listed newest first" in readme and "listed oldest first" not in readme
    assert ClaimQuery().reverse is False  # tests/store/test_query.py checks that this is newest first


def test_readme_describes_the_geojson_properties_as_they_are():
    from skyledger.store.exports import CSV_COLUMNS

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "carries the claim's values" not in readme
    assert "its properties are the columns of the `--long` csv" in readme.lower()
    assert "region_code" in CSV_COLUMNS  # tests/store/test_exports.py checks every feature's properties


def test_contract_says_the_named_zone_wins_over_the_claimants():
    contract = " ".join((DOCS / "contract.md").read_text(encoding="utf-8").split())
    assert "in the zone the text names beside them" in contract  # tests/extract/test_zones.py checks it
    assert "UTC+2 in winter, UTC+3 in summer" in contract


def test_formats_page_says_a_page_of_menus_fails():
    formats = " ".join((DOCS / "formats.md").read_text(encoding="utf-8").split())
    assert 'fails with "no main text found in HTML"' in formats  # tests/ingest/test_bad_input.py checks it
