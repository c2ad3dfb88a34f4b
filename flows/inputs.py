"""Finding and reading input files: the only I/O of ingest.

In: the paths given to `--input` or `extract` (files and folders, folders searched recursively).
Out: batches of `RawInput` (bytes, not yet decoded: transforms.ingest.parse_inputs does that) with a
QUARANTINE frame of what could not be read: a missing path, an unreadable, empty or oversized file,
an unsupported file named explicitly. JSONL files are streamed line by line, so a big file never sits
in memory at once and its lines spread over batches. Order is deterministic: paths in the order given,
each folder's files sorted.
"""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path
from typing import BinaryIO, Iterator

import polars as pl

from transforms.ingest import STAGE, RawInput
from transforms.schemas import QUARANTINE, empty

__all__ = ["RawInput", "EXTENSIONS", "find_inputs", "iter_input_batches", "count_inputs"]

EXTENSIONS = {".txt": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
"""File extensions read (lower-cased), and the RawInput kind of each."""

BATCH_BYTES = 64_000_000
"""A batch is also closed once it holds this many bytes, whatever batch_size says."""

_CHUNK = 1 << 20


def _problem(source: str, reason: str) -> dict[str, str]:
    return {"source": source, "stage": STAGE, "reason": reason}


def _quarantine(rows: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=QUARANTINE) if rows else empty(QUARANTINE)


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1e6:,.1f} MB ({n:,} bytes)"


def _walk(folder: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """Supported files under `folder`, sorted; hidden files and folders are skipped."""
    found: list[Path] = []
    problems: list[dict[str, str]] = []

    def on_error(error: OSError) -> None:
        problems.append(_problem(str(error.filename or folder), f"cannot read folder: {error.strerror}"))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                found.append(Path(root, name))
    return sorted(found, key=lambda p: p.as_posix()), problems


def find_inputs(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[dict[str, str]]]:
    """The files to read as (path, kind), and quarantine rows (dicts) for paths that cannot be used.

    A file named twice (or both named and inside a named folder) is read once.
    """
    files: list[tuple[Path, str]] = []
    problems: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(path: Path, kind: str) -> None:
        try:
            key = str(path.resolve())
        except OSError:
            key = str(path.absolute())
        if key not in seen:
            seen.add(key)
            files.append((path, kind))

    for path in map(Path, paths):
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:
            problems.append(_problem(str(path), f"cannot read: {error.strerror or error}"))
            continue
        if is_dir:
            found, errors = _walk(path)
            problems.extend(errors)
            for file in found:
                add(file, EXTENSIONS[file.suffix.lower()])
        elif not exists:
            problems.append(_problem(str(path), "no such file or folder"))
        elif path.suffix.lower() not in EXTENSIONS:
            shown = path.suffix or "(no extension)"
            problems.append(_problem(
                path.name, f"unsupported file type {shown}: expected .txt, .md, .html, .htm or .jsonl"
            ))
        else:
            add(path, EXTENSIONS[path.suffix.lower()])
    return files, problems


def _read_file(path: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    """(bytes, None) or (None, reason)."""
    try:
        if not path.is_file():
            return None, "not a regular file"
        size = path.stat().st_size
        if size == 0:
            return None, "empty file (0 bytes)"
        if size > max_bytes:
            return None, f"file too large: {_size(size)}, the limit is {_size(max_bytes)}"
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return None, f"cannot read: {error.strerror or error}"
    if len(data) > max_bytes:
        return None, f"file too large: more than {_size(max_bytes)} (it grew while being read)"
    if not data:
        return None, "empty file (0 bytes)"
    return data, None


def _text_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """Lines of a UTF-16/32 file (it starts with a byte-order mark), re-encoded as UTF-8."""
    bom = handle.read(4)
    encoding = "utf-32" if bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) else "utf-16"
    handle.seek(0)
    reader = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    while True:
        line = reader.readline(max_bytes + 1)
        if not line:
            return
        yield line.encode("utf-8", errors="surrogatepass")


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, bytes, None) for each non-blank line, or (n, None, reason); reads line by line.

    A line longer than max_bytes is skipped (reported), without ever holding it whole in memory.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
        lines = _text_lines(handle, max_bytes) if wide else iter(lambda: handle.readline(max_bytes + 1), b"")
        number = 0
        for line in lines:
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                total = len(line)
                while True:  # skip the rest of this line in chunks
                    rest = handle.readline(_CHUNK) if not wide else next(lines, b"\n")
                    total += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        total -= rest.endswith(b"\n")
                        break
                limit = f"the limit is {_size(max_bytes)}"
                yield number, None, f"line {number}: too large ({_size(total)}, {limit})"
                continue
            if line.strip():
                yield number, line, None


def iter_input_batches(
    paths: list[Path], batch_size: int = 500, max_bytes: int = 20_000_000
) -> Iterator[tuple[list[RawInput], pl.DataFrame]]:
    """Batches of raw inputs (≤ batch_size each) with the quarantine rows met while filling them.

    .txt/.md/.html files become one RawInput each (kind "txt" or "html"); a .jsonl file becomes one
    RawInput per non-blank line (kind "jsonl-line", source "file.jsonl#L12", line 12). max_bytes limits
    a file (for JSONL: a line). Nothing is yielded when there is nothing to read and nothing to report.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    files, problems = find_inputs(paths)
    batch: list[RawInput] = []
    batch_bytes = 0

    def full() -> bool:
        return len(batch) >= batch_size or batch_bytes >= BATCH_BYTES

    for path, kind in files:
        if kind != "jsonl":
            data, reason = _read_file(path, max_bytes)
            if reason:
                problems.append(_problem(path.name, reason))
                continue
            batch.append(RawInput(source=path.name, path=str(path), data=data, kind=kind))
            batch_bytes += len(data)
        else:
            try:
                if not path.is_file():
                    problems.append(_problem(path.name, "not a regular file"))
                    continue
                if path.stat().st_size == 0:
                    problems.append(_problem(path.name, "empty file (0 bytes)"))
                    continue
                n_lines = 0
                for number, line, reason in _jsonl_lines(path, max_bytes):
                    where = f"{path.name}#L{number}"
                    if reason:
                        problems.append(_problem(where, reason))
                        continue
                    n_lines += 1
                    batch.append(RawInput(where, f"{path}#L{number}", line, "jsonl-line", number))
                    batch_bytes += len(line)
                    if full():
                        yield batch, _quarantine(problems)
                        batch, batch_bytes, problems = [], 0, []
                if n_lines == 0:
                    problems.append(_problem(path.name, "no JSON lines in the file"))
            except OSError as error:
                problems.append(_problem(path.name, f"cannot read: {error.strerror or error}"))
                continue
        if full():
            yield batch, _quarantine(problems)
            batch, batch_bytes, problems = [], 0, []
    if batch or problems:
        yield batch, _quarantine(problems)


def count_inputs(paths: list[Path]) -> int:
    """A cheap estimate of the number of documents (for a progress bar): files, plus lines of JSONL."""
    files, _ = find_inputs(paths)
    total = 0
    for path, kind in files:
        if kind != "jsonl":
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                last = b"\n"
                for chunk in iter(lambda: handle.read(_CHUNK), b""):
                    total += chunk.count(b"\n")
                    last = chunk[-1:]
                total += last != b"\n"
        except OSError:
            continue
    return total
