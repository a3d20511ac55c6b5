"""The ``skyledger`` command: parse arguments, call the library, print, and turn errors into one line.

Every library error (a :class:`SkyledgerError`) becomes ``Error: <message>`` and exit status 1 in
:class:`_Group`, so commands never catch them. Options used by several commands are declared once
below as ``Annotated`` aliases so that they mean the same everywhere.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from skyledger import views
from skyledger.errors import SkyledgerError
from skyledger.explain import explain
from skyledger.model import ACTIONS, CLAIMANT_KINDS, WEAPONS, ReadFailure
from skyledger.parallel import default_workers
from skyledger.progress import Tally, tally
from skyledger.regions import UnknownRegion, region_code
from skyledger.store import BatchSummary, exports, get_claim, iter_claims, open_ledger, reconciled_views, store_batch
from skyledger.store.db import bulk, writer
from skyledger.store.load import (
    BATCH,
    extract_and_sign,
    extract_to_json,
    extractor_version,
    in_flight,
    known_to,
    read_and_extract,
)
from skyledger.store.query import SORTS, ClaimQuery


class _Group(TyperGroup):
    """The command group; the one place where library errors become ``Error: …`` and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.TyperException as e:  # a bad option value: one line that says what is accepted
            if getattr(e, "exit_code", None) != 2:
                raise
            typer.echo(f"Error: {e.format_message()}", err=True)
            raise typer.Exit(2) from e
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
    parquet = "parquet"


SortKey = StrEnum("SortKey", {k: k for k in SORTS})  # type: ignore[misc]


ExportWhat = StrEnum("ExportWhat", {w: w for w in exports.WHATS})  # type: ignore[misc]


GeoShape = StrEnum("GeoShape", {"polygon": "polygon", "point": "point"})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {f: f for f in exports.FORMATS})  # type: ignore[misc]


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


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes that extract [default: the number of cores]. The output is the same for any N.",
        show_default=False,
    ),
]
BatchOption = Annotated[
    int,
    typer.Option("--batch", min=1, metavar="N", help="Documents per transaction: fewer lose less to a kill."),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress line (it is drawn only when standard error is a terminal)."),
]


def _fail(failure: ReadFailure, counts: Tally | None = None) -> None:
    message = f"Error: {failure}"
    if counts is not None:
        counts.say(message)
    else:
        typer.echo(message, err=True)


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    published: PublishedOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    batch: BatchOption = BATCH,
) -> None:
    """Read reports, extract their claims and store them in the ledger.

    Each failure is printed as one 'Error: SOURCE: REASON' line and recorded; the rest of the batch
    goes on. Then a summary: documents stored or already there (new ones in brackets) and their
    claims. Documents are committed in batches (--batch). Reports the ledger already holds from the
    same extractor are not extracted again, so ingesting the same report twice changes nothing, and
    a run that was interrupted (Ctrl-C, exit 130, or even killed) finishes the job when run again.
    Exits 1 if anything failed.

    Example:

        skyledger ingest reports/ --db ledger.db --published 2025-11-14 --workers 2
    """
    version = extractor_version()
    _store(
        db,
        lambda session: read_and_extract(
            paths,
            published,
            workers or default_workers(),
            known_to(session, version),
            work=extract_and_sign,
            ahead=in_flight(batch),
        ),
        batch,
        quiet,
    )


def _store(db: str | None, items: Callable[[Any], Iterable[Any]], batch: int, quiet: bool) -> None:
    """What ``ingest`` and ``load`` share: store ``items(session)`` in the ledger with a progress
    line, then print the summary (or, on Ctrl-C, how far it got) and exit with the right status."""
    factory = bulk(writer(open_ledger(db)))
    summary = BatchSummary()
    try:
        with factory() as session, tally(quiet) as counts:
            store_batch(
                session,
                items(session),
                extractor_version(),
                functools.partial(_fail, counts=counts),
                summary,
                batch,
                on_stored=lambda s: counts.update(s.documents, s.claims, len(s.failures)),
            )
    except KeyboardInterrupt:
        typer.echo(
            f"Interrupted: {summary.line()}. Every document counted is stored; run the same command "
            "again to finish (reports already in the ledger are not extracted again).",
            err=True,
        )
        raise typer.Exit(130) from None
    typer.echo(summary.line())
    raise typer.Exit(1 if summary.failures else 0)


class Engine(StrEnum):
    local = "local"
    spark = "spark"


InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Report files or directories of them; with --engine spark, also URIs (s3a://...) and globs.",
        show_default=False,
    ),
]


@app.command()
def extract(
    paths: InputsArgument,
    format: Annotated[
        ExtractFormat,
        format_option("jsonl: one object a line; json: one array; parquet: datasets under --out (--engine spark)."),
    ] = ExtractFormat.jsonl,
    published: PublishedOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine's cores; spark: Apache Spark (pip install 'skyledger[spark]').")
    ] = Engine.local,
    out: Annotated[
        str | None, typer.Option("--out", "-o", metavar="DIR", help="Output folder or URI (--engine spark).")
    ] = None,
) -> None:
    """Extract claims without a database: print one contract JSON object per document.

    Documents come out in the order they are read, whatever --workers is. Failures go to stderr,
    one 'Error: SOURCE: REASON' line each, and make the exit status 1.

    With --engine spark --format parquet --out DIR, Spark runs the same extraction per partition over
    JSONL or Parquet inputs (paths or URIs such as s3a://...) and writes Parquet datasets (documents,
    claims, impacts, measures, failures) partitioned by date; 'skyledger load DIR' stores them.

    Example:

        skyledger extract report.txt --published 2025-11-14 > claims.jsonl
    """
    if (engine == Engine.spark) != (format == ExtractFormat.parquet) or (out is None) != (engine == Engine.local):
        raise typer.BadParameter("the Spark engine writes --format parquet to --out DIR; the local one prints JSON")
    if engine == Engine.spark:
        from skyledger import spark

        counts = spark.run(paths, out, published, workers)
        said = ", ".join(f"{counts.get(name, 0)} {name}" for name in spark.DATASETS)
        typer.echo(f"wrote {said} to {out}", err=True)
        raise typer.Exit(1 if counts.get("failures") else 0)
    first = True
    work = functools.partial(extract_to_json, indent=2 if format == "json" else None)
    with tally(quiet) as counts:
        for item in read_and_extract(paths, published, workers or default_workers(), work=work):
            if isinstance(item, ReadFailure):
                _fail(item, counts)
                counts.add(errors=1)
                continue
            text = item if format == "jsonl" else ("[\n" if first else ",\n") + item
            typer.echo(text, nl=format == "jsonl")
            first = False
            counts.add(documents=1)
    if format == "json":
        typer.echo("[]" if first else "\n]")
    raise typer.Exit(1 if counts.errors else 0)


@app.command()
def load(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="What 'extract --engine spark' wrote.")],
    db: DbOption = None,
    quiet: QuietOption = False,
    batch: BatchOption = BATCH,
) -> None:
    """Store what the Spark engine extracted in the ledger, as 'ingest' would have.

    Reports are keyed by the same identity as in 'ingest', so loading twice, or loading what was
    already ingested, stores nothing twice. Prints the same summary line as 'ingest'.

    Example:

        skyledger load out/ --db ledger.db
    """
    from skyledger.spark import read_extracted

    _store(db, lambda session: read_extracted(folder), batch, quiet)


def _days(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> date | None:
    """A YYYY-MM-DD option as a date; anything else is a usage error that says what is accepted."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a date ({e}); expected YYYY-MM-DD", ctx, param) from e


def _regions(ctx: typer.Context, param: typer.CallbackParam, values: list[str] | None) -> list[str]:
    """Region codes or names as codes; an unknown or ambiguous one is a usage error."""
    try:
        return [region_code(v) for v in values or []]
    except UnknownRegion as e:
        raise typer.BadParameter(str(e), ctx, param) from e


def _zone(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """An IANA time zone name, checked."""
    if value is None:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as e:
        message = f"unknown time zone {value!r}; expected an IANA name such as Europe/Kyiv or UTC"
        raise typer.BadParameter(message, ctx, param) from e
    return value


def _columns(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> list[str]:
    """A comma-separated choice of table columns, checked."""
    if value is None:
        return list(views.DEFAULT_COLUMNS)
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in views.CLAIM_COLUMNS]
    if unknown or not names:
        choices = ", ".join(views.CLAIM_COLUMNS)
        raise typer.BadParameter(
            f"unknown column(s) {', '.join(unknown) or '(none)'}; choose from {choices}", ctx, param
        )
    return names


def _many(help: str, metavar: str | None = None) -> Any:
    return typer.Option(help=f"{help} Repeat to match any of several.", metavar=metavar, show_default=False)


ActionsOption = Annotated[list[Action] | None, _many("Only this action.")]
WeaponsOption = Annotated[list[Weapon] | None, _many("Only this weapon class.")]
RegionsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        metavar="REGION",
        callback=_regions,
        help="Only claims naming this region: an ISO 3166-2 code (RU-BEL) or SEA-*, or a name in English, "
        "Russian or Ukrainian ('Belgorod', 'Белгородская'). Repeat to match any of several.",
    ),
]
KindsOption = Annotated[list[ClaimantKind] | None, _many("Only this kind of claimant.")]
PersonsOption = Annotated[list[str] | None, _many("Only claims by a person whose name holds this.", "NAME")]
ChannelsOption = Annotated[
    list[str] | None, _many("Only reports published by this channel, outlet or site ('t.me/mod_russia').", "ORIGIN")
]
SourcesOption = Annotated[list[str] | None, _many("Only reports read from a file or row starting so.", "PATH")]
LangsOption = Annotated[list[str] | None, _many("Only reports in this language (en, ru, uk).", "LANG")]
FlagsOption = Annotated[list[str] | None, _many("Only claims carrying this flag (docs/flags.md).", "FLAG")]
ExcludeFlagsOption = Annotated[
    list[str] | None, typer.Option(metavar="FLAG", help="Leave out claims carrying this flag. Repeatable.")
]
FailedOption = Annotated[
    bool | None,
    typer.Option(
        "--failed-checks/--no-failed-checks",
        help="Only claims with a failed consistency check, or only claims with none.",
        show_default=False,
    ),
]
HedgedOption = Annotated[
    bool | None,
    typer.Option(
        "--hedged/--not-hedged", help="Only hedged claims ('at least', 'about'), or none.", show_default=False
    ),
]
TextOption = Annotated[str | None, typer.Option(metavar="WORDS", help="Only reports whose text holds these words.")]
SinceDayOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="YYYY-MM-DD",
        callback=_days,
        help="Only claims whose window ends on or after this day, in the claimant's own zone (a night "
        "counts on the date of its morning). See --tz.",
    ),
]
UntilDayOption = Annotated[
    str | None,
    typer.Option(
        "--until", metavar="YYYY-MM-DD", callback=_days, help="Only claims whose window ends on or before this day."
    ),
]
TzOption = Annotated[
    str | None,
    typer.Option(
        metavar="ZONE",
        callback=_zone,
        help="Read --since/--until in this zone (Europe/Kyiv, UTC) instead of each claimant's own.",
    ),
]
SortOption = Annotated[
    SortKey, typer.Option(help="Order by the end of the window or by the total, largest or newest first.")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Oldest (or smallest) first.")]
LimitOption = Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many claims.")]


#: The filter options 'claims' and 'export' share, declared once: (name, annotation, default).
FILTERS = (
    ("action", ActionsOption, None),
    ("weapon", WeaponsOption, None),
    ("region", RegionsOption, None),
    ("claimant", KindsOption, None),
    ("person", PersonsOption, None),
    ("channel", ChannelsOption, None),
    ("source", SourcesOption, None),
    ("lang", LangsOption, None),
    ("flag", FlagsOption, None),
    ("exclude_flag", ExcludeFlagsOption, None),
    ("failed_checks", FailedOption, None),
    ("hedged", HedgedOption, None),
    ("text", TextOption, None),
    ("since", SinceDayOption, None),
    ("until", UntilDayOption, None),
    ("tz", TzOption, None),
    ("limit", LimitOption, None),
)


def claim_filters(command: Any) -> Any:
    """Give a command the shared filter options; it receives them as one ``query`` (a ClaimQuery).

    Typer reads a command's options from its signature, so the wrapper's signature is the
    command's own (without ``query``) plus the filters.
    """
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "query"]
    extra = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a) for n, a, d in FILTERS]
    names = [n for n, _, _ in FILTERS]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        options = {n: kwargs.pop(n) for n in names}
        sort, reverse = kwargs.pop("sort", SortKey.window), kwargs.pop("reverse", None)
        query = _query(**options, sort=sort, reverse=command.__name__ == "export" if reverse is None else reverse)
        return command(**kwargs, query=query)

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + extra
    wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _query(**o: Any) -> ClaimQuery:
    """The query the shared filter options describe."""
    return ClaimQuery(
        actions=[a.value for a in o["action"] or []],
        weapons=[w.value for w in o["weapon"] or []],
        regions=o["region"] or [],
        claimant_kinds=[k.value for k in o["claimant"] or []],
        persons=o["person"] or [],
        channels=o["channel"] or [],
        sources=o["source"] or [],
        langs=o["lang"] or [],
        flags=o["flag"] or [],
        exclude_flags=o["exclude_flag"] or [],
        failed_checks=o["failed_checks"],
        hedged=o["hedged"],
        text=o["text"],
        since=o["since"],
        until=o["until"],
        tz=o["tz"],
        sort=o["sort"].value,
        reverse=o["reverse"],
        limit=o["limit"],
    )


@app.command()
@claim_filters
def claims(
    db: DbOption = None,
    sort: SortOption = SortKey.window,
    reverse: ReverseOption = False,
    format: Annotated[ClaimsFormat, format_option("How to print the claims.")] = ClaimsFormat.table,
    columns: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            callback=_columns,
            help="The table's columns, in order, comma-separated, from: "
            + ", ".join(views.CLAIM_COLUMNS)
            + f". [default: {','.join(views.DEFAULT_COLUMNS)}]",
        ),
    ] = None,
    query: ClaimQuery | None = None,
) -> None:
    """List stored claims, newest first, filtered by any of the options.

    Each option may be given several times: a claim matches any of its values, and must match every
    option given. A claim's day is the day its window ends in the claimant's own zone (Moscow time for
    Russian claimants, Kyiv time for Ukrainian ones), so the night 'в ночь на 27 ноября' is found on
    27 November; --tz reads the days in one zone instead. The role column says which rows to sum:
    several reports of one claim are one group (docs/reconciliation.md).

    Example:

        skyledger claims --region Belgorod --region RU-KRS --action destroyed --since 2025-11-01
    """
    with open_ledger(db, create=False)() as session:
        rows = list(iter_claims(session, query or ClaimQuery(), with_text=format == "csv"))
    if format == "jsonl":
        for c in rows:
            typer.echo(json.dumps(c, ensure_ascii=False))
    elif format == "csv":
        exports.write_csv(rows, sys.stdout)
    else:
        _print_table(_claims_table(rows, columns))


def _claims_table(rows: list[dict[str, Any]], columns: list[str]) -> Table:
    table = Table(caption=f"{len(rows)} claims")
    for name in columns:
        table.add_column(name, no_wrap=name == "id", overflow="fold")
    for c in rows:
        table.add_row(*(views.CLAIM_COLUMNS[name](c) for name in columns))
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
    typer.echo("how it was read:")
    for line in explain(c):
        typer.echo(f"  - {line}")
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
@claim_filters
def export(
    out: Annotated[str, typer.Option("--out", "-o", metavar="PATH", help="File to write, or - for stdout.")],
    format: Annotated[
        ExportFormat,
        format_option(
            "csv: one row per claim (--long: per claim and region); jsonl: one contract object "
            "per document; geojson: one feature (polygon or point) per claim-region; parquet: one row per claim in the "
            "contract's nested columns."
        ),
    ],
    db: DbOption = None,
    long: Annotated[
        bool, typer.Option("--long", help="CSV: one row per claim and region, the total on the claim's first row.")
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV: start with a UTF-8 byte-order mark, so spreadsheets read Cyrillic, "
            "and quote cells that would run as formulas.",
        ),
    ] = False,
    what: Annotated[
        ExportWhat, typer.Option(help="CSV: the claims, or the impacts on the ground, or the measures ordered.")
    ] = ExportWhat.claims,
    unplaced: Annotated[
        str | None,
        typer.Option(
            metavar="PATH",
            help="GeoJSON: where the claims with no place on the map go "
            "[default: next to --out, as NAME.unplaced.geojson].",
        ),
    ] = None,
    shapes: Annotated[
        GeoShape,
        typer.Option(
            help="GeoJSON: each region as its boundary polygon (where the map's boundaries are installed, "
            "else a point) or as a point.",
        ),
    ] = GeoShape.polygon,
    query: ClaimQuery | None = None,
) -> None:
    """Write the ledger's claims to a file as CSV, GeoJSON or Parquet, oldest first, filtered by the
    same options as 'skyledger claims'; or every document whole as JSONL (the filters do not apply).

    The CSV has one row per claim, so that a column sum counts each claim once, with the breakdown in
    'regions' and one 'region_<CODE>' count column per region; --long gives a row per claim and
    region. Several reports of one claim are one 'group': sum the rows whose 'role' is 'primary'.
    GeoJSON holds a feature per claim-region (the region's polygon where the map's boundaries are
    installed, else a point), with the long CSV's columns as properties; claims with no region, and
    regions with no shape, go to a second file (--unplaced).

    Example:

        skyledger export --format csv --out belgorod.csv --region Belgorod --since 2025-11-01
    """
    binary = format == "parquet"
    if binary and out == "-":
        raise typer.BadParameter("Parquet is a binary file: give a file name", param_hint="'--out'")
    if format == "geojson" and unplaced is None and out != "-":
        unplaced = _unplaced_path(out)
    with open_ledger(db, create=False)() as session, ExitStack() as files:
        fp = files.enter_context(_output(out, binary))
        off_map = files.enter_context(_output(unplaced)) if unplaced else None
        n = exports.export(
            session,
            format.value,
            fp,
            query=query,
            long=long,
            excel=excel,
            what=what.value,
            unplaced=off_map,
            polygons=shapes == GeoShape.polygon,
        )
    if n and unplaced:
        typer.echo(f"{n} features with no place on the map written to {unplaced}", err=True)
    elif n:
        typer.echo(f"{n} features with no place on the map were left out: --unplaced PATH writes them", err=True)


def _unplaced_path(out: str) -> str:
    """Where the GeoJSON features with no place on the map go by default: next to the map's file.

    >>> _unplaced_path("maps/belgorod.geojson"), _unplaced_path("claims")
    ('maps/belgorod.unplaced.geojson', 'claims.unplaced.geojson')
    """
    path = Path(out)
    stem = path.stem if path.suffix.lower() in (".geojson", ".json") else path.name
    return str(path.with_name(f"{stem}.unplaced.geojson"))


@contextmanager
def _output(path: str, binary: bool = False) -> Iterator[IO[Any]]:
    """The file to write, or stdout for ``-``; a file that cannot be opened is a one-line error."""
    if path == "-":
        yield sys.stdout
        return
    try:
        fp = open(path, "wb") if binary else open(path, "w", encoding="utf-8", newline="")
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
    date | None,
    typer.Option(
        "--from",
        metavar="YYYY-MM-DD",
        callback=_days,
        parser=str,
        help="From this day (a night is named by the morning it ends).",
    ),
]
ToOption = Annotated[
    date | None,
    typer.Option("--to", metavar="YYYY-MM-DD", callback=_days, parser=str, help="To this day, inclusive."),
]


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
        rows = reconciled_views.incidents(session, from_, to, region, claimant)
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
        rows = reconciled_views.daily_totals(session, by.value, from_, to, claimant)
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


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine (see docs/serving.md).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes; more serve more clients at once (one per core).")
    ] = 1,
) -> None:
    """Serve the ledger: the REST API under /api (its OpenAPI schema at /openapi.json) and the web
    page with the map, timeline and claims at /. Read-only unless SKYLEDGER_TOKEN
    is set, which 'POST /api/documents' must then carry as 'Authorization: Bearer TOKEN'.

    Example:

        skyledger serve --db demo.db --port 8000
    """
    import uvicorn

    from skyledger.api import create_app
    from skyledger.store.db import database_url

    application = create_app(db)  # refuses a ledger that does not exist, before any worker starts
    typer.echo(f"serving {database_url(db)} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    os.environ["SKYLEDGER_DB"] = database_url(db)  # each worker process builds its own app from it
    factory = "skyledger.api.app:create_app"
    uvicorn.run(factory, factory=True, host=host, port=port, workers=workers, log_level="warning")


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
