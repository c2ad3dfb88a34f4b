"""A progress bar for long work, shown only when a person watches (stderr is a terminal)."""

from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def bar(label: str, total: int | None, shown: bool = True):
    """Yields `advance(n)`; draws a rich progress bar on an interactive stderr (when `shown`), else nothing."""
    if not shown or not sys.stderr.isatty():
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task_id = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task_id, n)
