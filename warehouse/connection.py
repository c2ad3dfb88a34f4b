"""Opening the published warehouse for reading: one sandboxed, read-only DuckDB connection.

In: the warehouse path. Out: a connection whose default catalog is the file (the caller closes it), or
WarehouseError with a one-line message. Only DuckDB is imported here, so `newsfacts sql` starts without
loading polars or the pipeline (warehouse/store.py, which writes, builds on the same pieces).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

READ_ALIAS = "newsfacts"  # catalog name of the warehouse on read-only connections
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}  # nothing fetched


class WarehouseError(Exception):
    """Something about the warehouse file went wrong; the message is one line for people."""


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A new connection whose default catalog is `path`, attached READ_ONLY; the caller closes it.

    An in-memory DuckDB attaches the file, then disables external access and locks its
    configuration: no other file can be read or written, no extension loaded. A fresh instance per
    call (`duckdb.connect(path)` shares one per process while any connection is open) means every
    call sees the file published at that moment.
    """
    quoted = str(Path(path).resolve()).replace("'", "''")
    con = duckdb.connect(":memory:", config={**DUCKDB_CONFIG, "temp_directory": ""})
    try:
        con.execute(f"ATTACH '{quoted}' AS {READ_ALIAS} (READ_ONLY)")
        con.execute(f"USE {READ_ALIAS}")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise WarehouseError(f"cannot open the warehouse {path}: {one_line(exc)}") from exc
    return con


def one_line(exc: BaseException) -> str:
    """The first line of an error's message (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
