"""A progress line on standard error for long batches: documents, documents/s, claims and errors.

It shows only when standard error is a terminal (a log file or a pipe gets no control codes) and not
``--quiet``. It is redrawn by the counting itself, never by a thread of its own, because the worker
processes are forked and a fork must not copy a thread that may hold a lock. It counts what has been
done (written or stored), not what has been read, so the figures never run ahead of the output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text


class _Rate(ProgressColumn):
    """Documents per second over the whole run (rich's own speed column smooths over a few seconds)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} docs/s")


class Tally:
    """Counts shown on the progress line; :meth:`update` is cheap enough to call per document."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task = progress.add_task("documents", total=None, claims=0, errors=0) if progress else None
        self.documents = self.claims = self.errors = 0
        self._shown = 0.0

    def update(self, documents: int, claims: int, errors: int) -> None:
        """Set the totals so far; the line is redrawn at most ten times a second."""
        self.documents, self.claims, self.errors = documents, claims, errors
        if self._progress is None or self._task is None:
            return
        now = time.monotonic()
        if now - self._shown >= 0.1:
            self._shown = now
            self._progress.update(self._task, completed=documents, claims=claims, errors=errors, refresh=True)

    def add(self, documents: int = 0, claims: int = 0, errors: int = 0) -> None:
        """Add to the totals so far."""
        self.update(self.documents + documents, self.claims + claims, self.errors + errors)

    def say(self, message: str) -> None:
        """Print a line on standard error above the progress line, which is then drawn again."""
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            print(message, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task, completed=self.documents, claims=self.claims, errors=self.errors, refresh=True
            )


def shown(quiet: bool) -> bool:
    """Whether to draw the line: a terminal on standard error and no ``--quiet``."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def tally(quiet: bool = False) -> Iterator[Tally]:
    """A :class:`Tally` whose line is drawn on standard error while the block runs, when :func:`shown`."""
    if not shown(quiet):
        yield Tally(None)
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed:,} documents"),
        _Rate(),
        TextColumn("{task.fields[claims]:,} claims"),
        TextColumn("{task.fields[errors]:,} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False, auto_refresh=False) as progress:
        counts = Tally(progress)
        try:
            yield counts
        finally:
            counts.finish()
