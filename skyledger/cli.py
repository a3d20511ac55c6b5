"""The ``skyledger`` command: parse arguments, call the library, print, and turn errors into one line.

Every library error (a :class:`SkyledgerError`) becomes ``Error: <message>`` and exit status 1 in
:class:`_Group`, so commands never catch them. Options used by several commands are declared once
below as ``Annotated`` aliases so that they mean the same everywhere.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from skyledger import views
from skyledger.contract import extraction_to_dict
from skyledger.errors import SkyledgerError
from skyledger.model import ACTIONS, CLAIMANT_KINDS, WEAPONS, ReadFailure
from skyledger.store import exports, get_claim, list_claims, open_ledger, reconciled_views, store_batch
from skyledger.store.load import extractor_version, read_and_extract


class _Group(TyperGroup):
    """The command group; the one place where library errors become ``Error: …`` and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SkyledgerError as e:
            typer.echo(f"Error: {e}", err=True)
            raise typer.Exit(1) from e


app = typer.Typer(
    cls=_Group,
    name="skyledger",
    help="Turn reports of air attacks and interceptions into an auditable ledger of claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    """``--version``: the release, the extractor's version (which the ledger keys on) and the contract's."""
    if not value:
        return
    from importlib.metadata import version

    from skyledger.contract import CONTRACT_VERSION
    from skyledger.extract import EXTRACTOR_VERSION

    typer.echo(f"skyledger {version('skyledger')} (extractor {EXTRACTOR_VERSION}, contract {CONTRACT_VERSION})")
    raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the release and the extractor's version."
        ),
    ] = False,
) -> None:
    """Turn reports of air attacks and interceptions into an auditable ledger of claims."""


# Closed sets from the model, so that a typo is a usage error, not an empty result.
Action = StrEnum("Action", {a: a for a in ACTIONS})  # type: ignore[misc]
Weapon = StrEnum("Weapon", {w: w for w in WEAPONS})  # type: ignore[misc]
ClaimantKind = StrEnum("ClaimantKind", {k: k for k in CLAIMANT_KINDS})  # type: ignore[misc]


class ClaimsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


DATE_FORMATS = ["%Y-%m-%d"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL or SQLite file [default: $SKYLEDGER_DB, else skyledger.db].",
        show_default=False,
    ),
]
PublishedOption = Annotated[
    datetime | None,
    typer.Option(
        "--published",
        formats=DATE_FORMATS + ["%Y-%m-%dT%H:%M:%S%z"],
        metavar="YYYY-MM-DD",
        help="Publication date for reports that carry none; relative times resolve against it.",
    ),
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(metavar="PATH", help="Report files or directories of them.", show_default=False),
]
SinceOption = Annotated[
    datetime | None,
    typer.Option(formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="Only claims dated on or after this day."),
]
UntilOption = Annotated[
    datetime | None,
    typer.Option(formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="Only claims dated on or before this day."),
]


def format_option(help: str) -> Any:
    """The ``--format``/``-f`` option; each command passes its own choices as the parameter type."""
    return typer.Option("--format", "-f", case_sensitive=False, help=help)


def _fail(failure: ReadFailure) -> None:
    typer.echo(f"Error: {failure}", err=True)


@app.command()
def ingest(paths: PathsArgument, db: DbOption = None, published: PublishedOption = None) -> None:
    """Read reports, extract their claims and store them in the ledger.

    Each failure is printed as one 'Error: SOURCE: REASON' line and recorded; the rest of the batch
    goes on. Then a summary: documents stored or already there (new ones in brackets) and their
    claims. Ingesting the same report twice with the same extractor changes nothing. Exits 1 if
    anything failed.

    Example:

        skyledger ingest reports/ --db ledger.db --published 2025-11-14
    """
    factory = open_ledger(db)
    with factory() as session:
        summary = store_batch(session, read_and_extract(paths, published), extractor_version(), _fail)
    typer.echo(summary.line())
    raise typer.Exit(1 if summary.failures else 0)


@app.command()
def extract(
    paths: PathsArgument,
    format: Annotated[ExtractFormat, format_option("jsonl: one object a line; json: one array.")] = ExtractFormat.jsonl,
    published: PublishedOption = None,
) -> None:
    """Extract claims without a database: print one contract JSON object per document.

    Failures go to stderr, one 'Error: SOURCE: REASON' line each, and make the exit status 1.

    Example:

        skyledger extract report.txt --published 2025-11-14 > claims.jsonl
    """
    failures = 0
    first = True
    for item in read_and_extract(paths, published):
        if isinstance(item, ReadFailure):
            _fail(item)
            failures += 1
            continue
        text = json.dumps(extraction_to_dict(item), ensure_ascii=False, indent=2 if format == "json" else None)
        if format == "json":
            text = ("[\n" if first else ",\n") + text
        typer.echo(text, nl=format == "jsonl")
        first = False
    if format == "json":
        typer.echo("[]" if first else "\n]")
    raise typer.Exit(1 if failures else 0)


@app.command()
def claims(
    db: DbOption = None,
    action: Annotated[Action | None, typer.Option(help="Only this action.")] = None,
    weapon: Annotated[Weapon | None, typer.Option(help="Only this weapon class.")] = None,
    region: Annotated[
        str | None, typer.Option(metavar="CODE", help="Only claims naming this region (ISO 3166-2).")
    ] = None,
    claimant: Annotated[ClaimantKind | None, typer.Option(help="Only this kind of claimant.")] = None,
    flag: Annotated[str | None, typer.Option(metavar="FLAG", help="Only claims carrying this flag.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many claims.")] = None,
    format: Annotated[ClaimsFormat, format_option("How to print the claims.")] = ClaimsFormat.table,
) -> None:
    """List stored claims, oldest first, filtered by any of the options.

    A claim's date is its window's date, else its report's publication date.

    Example:

        skyledger claims --region RU-BEL --action destroyed --since 2025-11-01
    """
    factory = open_ledger(db, create=False)
    with factory() as session:
        rows = list_claims(
            session,
            action=action,
            weapon=weapon,
            region=region,
            claimant_kind=claimant,
            flag=flag,
            since=since.date() if since else None,
            until=until.date() if until else None,
            limit=limit,
        )
    if format == "jsonl":
        for c in rows:
            typer.echo(json.dumps(c, ensure_ascii=False))
    elif format == "csv":
        exports.write_csv(rows, sys.stdout)
    else:
        _print_table(_claims_table(rows))


def _claims_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(caption=f"{len(rows)} claims")
    table.add_column("id", no_wrap=True)
    for name in ("claimant", "action", "weapon", "total", "regions", "window", "flags", "checks"):
        table.add_column(name, overflow="fold")
    for c in rows:
        table.add_row(
            c["id"],
            views.claimant_cell(c),
            c["action"],
            views.weapon_cell(c),
            views.total_cell(c),
            views.regions_cell(c),
            views.window_cell(c),
            ", ".join(c["flags"]),
            views.checks_cell(c),
        )
    return table


def _print_table(table: Table) -> None:
    """Print a table whole: on a terminal folded to its width, elsewhere (pipes, files) as wide as it
    needs, because an ellipsis there would lose data for good."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(
            highlight=False,
            width=Measurement.get(console, console.options.update_width(10_000), table).maximum,
        )
    console.print(table)


STYLES = {
    "total": "bold yellow",
    "count": "bold yellow",
    "claimant": "cyan",
    "window": "magenta",
    "region": "green",
}


@app.command()
def show(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="A claim id, as listed by 'skyledger claims'.")],
    db: DbOption = None,
) -> None:
    """Show one claim with its source sentences, every value marked where the text states it.

    On a terminal the values are coloured; otherwise each is put in [brackets]. Then each value
    with its span [start, end) in the document, and the claim's checks.

    Example:

        skyledger show 68248978b53a51e3-1 --db ledger.db
    """
    factory = open_ledger(db, create=False)
    with factory() as session:
        c = get_claim(session, claim_id)
    _print_claim(c)


def _print_claim(c: dict[str, Any]) -> None:
    """A summary line, the marked source sentences, then the values and checks tables."""
    typer.echo(f"{c['id']}  {c['source']}  published {c['published'] or 'unknown'}")
    regions = f"  {views.regions_cell(c)}" if c["regions"] else ""
    typer.echo(
        f"{views.claimant_cell(c)}: {c['action']} {views.total_cell(c)} {views.weapon_cell(c)}"
        f"{regions}  {views.window_cell(c)}".rstrip()
    )
    if c["flags"]:
        typer.echo(f"flags: {', '.join(c['flags'])}")
    typer.echo()
    start, end = views.excerpt_bounds(c)
    parts = views.segments(c["text"], start, end, c["values"])
    console = Console(highlight=False)
    if console.is_terminal:
        styled = ((text, STYLES.get(views.field_kind(f), "underline") if f else "") for text, f in parts)
        console.print(Text.assemble(*styled))
    else:
        typer.echo(views.bracketed(parts))
    typer.echo()
    _print_table(_values_table(c))
    _print_table(_checks_table(c))
    if len(c["carried_by"]) > 1:
        _print_table(_carried_table(c))


def _carried_table(c: dict[str, Any]) -> Table:
    table = Table("claim", "role", "total", "source", "published", title="carried by", title_justify="left")
    for d in c["carried_by"]:
        table.add_row(d["claim"], d["role"], views.cell(d["total"]), d["source"], d["published"] or "")
    return table


def _values_table(c: dict[str, Any]) -> Table:
    table = Table("value", "normalised", "text", "span", title="values", title_justify="left")
    for v in c["values"]:
        table.add_row(v["field"], views.value_of(c, v["field"]), v["text"], f"[{v['start']}, {v['end']})")
    return table


def _checks_table(c: dict[str, Any]) -> Table:
    table = Table("check", "result", "detail", title="checks", title_justify="left")
    for k in c["checks"]:
        table.add_row(k["name"], f"{views.CHECK_MARKS.get(k['status'], '?')} {k['status']}", k["detail"])
    return table


@app.command()
def export(
    out: Annotated[str, typer.Option("--out", "-o", metavar="PATH", help="File to write, or - for stdout.")],
    format: Annotated[
        ExportFormat,
        format_option(
            "csv: one row per claim-region; jsonl: one contract object "
            "per document; geojson: one point per claim-region."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Write the whole ledger to a file as CSV, JSONL or GeoJSON.

    Example:

        skyledger export --format geojson --out claims.geojson --db ledger.db
    """
    factory = open_ledger(db, create=False)
    with factory() as session, _output(out) as fp:
        exports.export(session, format.value, fp)


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    """The file to write, or stdout for ``-``; a file that cannot be opened is a one-line error."""
    if path == "-":
        yield sys.stdout
        return
    try:
        fp = open(path, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise SkyledgerError(f"cannot write {path}: {e.strerror}") from e
    with fp:
        yield fp


#: Reconciliation tables print as the claims do.
ReconcileFormat = ClaimsFormat
DailyBy = StrEnum("DailyBy", {b: b for b in reconciled_views.BY})  # type: ignore[misc]
RecordBy = StrEnum("RecordBy", {"month": "month"})  # type: ignore[misc]


ClaimantKeyOption = Annotated[
    str | None,
    typer.Option(
        "--claimant",
        metavar="KEY",
        help="Only this claimant: a key as printed ('ministry:RU', 'governor:RU-BEL') or its start ('ministry').",
    ),
]
FromOption = Annotated[
    datetime | None,
    typer.Option(
        "--from", formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="From this day (a night is named by its morning)."
    ),
]
ToOption = Annotated[
    datetime | None,
    typer.Option("--to", formats=DATE_FORMATS, metavar="YYYY-MM-DD", help="To this day, inclusive."),
]


def _day(value: datetime | None) -> Any:
    return value.date() if value else None


def _print_rows(rows: list[dict[str, Any]], format: ReconcileFormat, columns: list[str]) -> None:
    """Rows as JSON lines, CSV (lists joined with ';') or a table of ``columns``."""
    if format == "jsonl":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
        return
    cells = [[views.cell(r.get(c)) for c in columns] for r in rows]
    if format == "csv":
        exports.write_rows(columns, cells, sys.stdout)
        return
    table = Table(caption=f"{len(rows)} rows")
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in cells:
        table.add_row(*row)
    _print_table(table)


@app.command()
def incidents(
    db: DbOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    region: Annotated[
        str | None, typer.Option(metavar="CODE", help="Only incidents with a claim naming this region.")
    ] = None,
    claimant: ClaimantKeyOption = None,
    format: Annotated[ReconcileFormat, format_option("How to print the incidents.")] = ReconcileFormat.table,
) -> None:
    """One row per attack period (a night from 18:00 to 09:00 Moscow time, or the day between), newest
    first: each side's reconciled claims side by side, with discrepancies and flags.

    Each claim is counted once however many reports carry it; '(5 docs, 40-41)' says five reports
    carry it and they disagree on the figure.

    Example:

        skyledger incidents --from 2026-03-14 --to 2026-03-16
    """
    with open_ledger(db, create=False)() as session:
        rows = reconciled_views.incidents(session, _day(from_), _day(to), region, claimant)
    columns = ["incident", "RU", "UA", "other", "impacts", "flags"]
    if format == "jsonl":
        _print_rows(rows, format, columns)
        return
    flat = [
        {
            **r,
            **{side: views.groups_cell(r[side]) for side in ("RU", "UA", "other")},
            "impacts": views.impacts_cell(r["impacts"]),
        }
        for r in rows
    ]
    _print_rows(flat, format, columns)


@app.command()
def daily(
    db: DbOption = None,
    by: Annotated[
        DailyBy, typer.Option(help="One row per claimant and action, or also per region or weapon class.")
    ] = DailyBy.claimant,
    from_: FromOption = None,
    to: ToOption = None,
    claimant: ClaimantKeyOption = None,
    format: Annotated[ReconcileFormat, format_option("How to print the totals.")] = ReconcileFormat.table,
) -> None:
    """Daily totals with no double counting, newest first.

    A day is the claimant's calendar day on which a window ends, so a night counts on the date of
    its morning. A window inside another (an evening update inside the night report) is part of it;
    an overlap that the reports do not settle gives a range LOW-HIGH, flagged possible_double_count.

    Example:

        skyledger daily --by region --claimant ministry:RU -f csv
    """
    with open_ledger(db, create=False)() as session:
        rows = reconciled_views.daily_totals(session, by.value, _day(from_), _day(to), claimant)
    key = [] if by == "claimant" else [by.value]
    _print_rows(rows, format, ["date", "claimant", "action", *key, "low", "high", "flags", "groups"])


@app.command()
def record(
    db: DbOption = None,
    claimant: ClaimantKeyOption = None,
    by: Annotated[RecordBy, typer.Option(help="The period of each row.")] = RecordBy.month,
) -> None:
    """The track record per claimant and month, as JSON lines: claims made, claims relayed by
    others, discrepancies between relays and the claim, corrections, and where the other side states
    a figure for the same period and weapon, the two side by side. Every number is a list of claim
    groups, so that it links back to its claims.

    Example:

        skyledger record --claimant ministry:RU
    """
    with open_ledger(db, create=False)() as session:
        rows = reconciled_views.track_record(session, claimant)
    for r in rows:
        typer.echo(json.dumps(r, ensure_ascii=False))


@app.command("eval")
def eval_(
    gold: Annotated[
        Path,
        typer.Argument(metavar="GOLD.jsonl", exists=True, dir_okay=False, help="Gold annotations (JSONL)."),
    ],
    pred: Annotated[
        Path,
        typer.Argument(
            metavar="PRED.jsonl",
            exists=True,
            dir_okay=False,
            help="Predictions: 'skyledger extract' output (JSONL).",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score predicted claims against gold annotations and print the scores.

    Example:

        skyledger eval tests/gold/en.jsonl predictions.jsonl --json
    """
    from skyledger.evaluate import score_files

    scores = score_files(gold, pred)
    typer.echo(json.dumps(scores.as_dict(), ensure_ascii=False, indent=2) if as_json else scores.render())


db_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="""The ledger's database itself.

Example:

    skyledger db upgrade --db ledger.db
""",
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the ledger if it does not exist, or bring its schema to this version (every other
    command that only reads refuses a ledger that does not exist; they all upgrade an old one).

    Example:

        skyledger db upgrade --db postgresql+psycopg://me@db.example/skyledger
    """
    open_ledger(db)
    from skyledger.store.db import HEAD, database_url

    typer.echo(f"ledger {database_url(db)} is at revision {HEAD}")
