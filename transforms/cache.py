"""Tables built from the data inside packages, kept between processes.

In: a name, the packages whose data a table is built from, how to build it. Out: the table, read from
the cache folder (`NEWSFACTS_CACHE`, else `$XDG_CACHE_HOME/newsfacts` or `~/.cache/newsfacts`) when a
process built it before with the same package versions, else built and written there atomically. A
missing, stale, broken or unwritable cache only costs the build. Used for what takes a second or more
to build in every process: the gazetteer's cities and dictionaries, the ECB rate history.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def folder() -> Path:
    if os.environ.get("NEWSFACTS_CACHE"):
        return Path(os.environ["NEWSFACTS_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsfacts"


def stored(name: str, packages: tuple[str, ...], build: Callable[[], T], kind: type = frozenset,
           stamp: tuple = ()) -> T:
    """What `build()` makes (an instance of `kind`), from the cache when the same package versions (and
    `stamp`, the builder's own parameters) made it before; written there after a build (best effort)."""
    key = "-".join([name, *(version(p) for p in packages), *map(str, stamp), "1"])
    path = folder() / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}-{name}.pickle"
    try:
        with path.open("rb") as cached:
            value = pickle.load(cached)
        if isinstance(value, kind):
            return value
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
            pickle.dump(value, part, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part.name, path)
    except OSError:
        pass
    return value
