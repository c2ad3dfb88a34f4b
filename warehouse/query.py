"""Read-only SQL on the published warehouse, and the three ways to print the answer.

In: the warehouse path and one SQL statement from a person (`newsfacts sql`).
Out: `(columns, rows)`, or `QueryError` with a one-line message; `format_rows` turns them into
aligned text, CSV or JSON lines.

Three locks, any one of which is enough: DuckDB itself classifies the statement
(`duckdb.extract_statements`) and only reading kinds run (SELECT and its forms DESCRIBE, SHOW,
SUMMARIZE, table PRAGMAs; EXPLAIN of a SELECT); the file is attached READ_ONLY; external access is
disabled and the configuration locked (`connection.open_read_only`), so a query can neither write nor
read any other file, nor load an extension.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import WarehouseError, one_line, open_read_only

_READING = {duckdb.StatementType.SELECT}
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+)?", re.IGNORECASE)
_CELL_WIDTH = 60


class QueryError(Exception):
    """A query was refused or failed; the message is one line."""


def run_query(path: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement on the warehouse at `path`; returns column names and rows."""
    path = Path(path)
    if not path.exists():
        raise QueryError(f"no warehouse at {path} yet: run `newsfacts run` first")
    statement = _read_only_statement(sql)
    try:
        con = open_read_only(path)
    except WarehouseError as exc:
        raise QueryError(str(exc)) from exc
    try:
        cursor = con.execute(statement)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from exc
    finally:
        con.close()


def _read_only_statement(sql: str) -> duckdb.Statement:
    """The single statement in `sql`, if DuckDB says it only reads; else QueryError."""
    statements = _parse(sql)
    if not statements:
        raise QueryError("empty query: give one SELECT statement")
    if len(statements) > 1:
        raise QueryError(f"one statement at a time, got {len(statements)}")
    statement = statements[0]
    kind = statement.type
    if kind == duckdb.StatementType.EXPLAIN:
        inner = _EXPLAIN.sub("", statement.query, count=1)
        explained = _parse(inner) if inner != statement.query else []
        if len(explained) != 1 or explained[0].type not in _READING:
            raise QueryError("refused: EXPLAIN only of a read-only query")
        return statement
    if kind not in _READING:
        raise QueryError(f"refused: {kind.name} statements are not allowed, the warehouse is read-only")
    return statement


def _parse(sql: str) -> list[duckdb.Statement]:
    try:
        return duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from exc


def format_rows(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """Rows as `table` (aligned text), `csv` (header, then a line a row) or `json` (an object a line)."""
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "json":
        return _json_lines(columns, rows)
    if fmt == "table":
        return _table(columns, rows)
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, lists stay lists, non-finite floats as null."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}_{n + 1}")
    return out


def _json_lines(columns: list[str], rows: list[tuple]) -> str:
    names = _unique(columns)
    lines = [
        json.dumps({k: _plain(v) for k, v in zip(names, row)}, ensure_ascii=False, allow_nan=False)
        for row in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _csv_cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _table_cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        text = str(int(value))
    else:
        text = _csv_cell(value)
    text = text.replace("\r", "").replace("\n", "⏎").replace("\t", " ")
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _table(columns: list[str], rows: list[tuple]) -> str:
    cells = [[_table_cell(v) for v in row] for row in rows]
    right = [
        any(_is_number(row[i]) for row in rows) and all(row[i] is None or _is_number(row[i]) for row in rows)
        for i in range(len(columns))
    ]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)]
        return "  ".join(parts).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"
