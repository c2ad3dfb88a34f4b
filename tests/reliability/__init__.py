"""Reliability tests (issue #5): nothing lost, nothing half-published, nobody locked out.

Helpers shared by the test modules and by benchmarks/reliability.py:
- synthetic articles made from the seeds (their numbers varied and a made-up name added, so every
  text is new and still plausible): nothing here reads data from outside the repository;
- `killed_run`: a real `newsfacts run` in its own process group, SIGKILLed at a chosen moment;
- `Reader` / `Holder`: other processes reading the published file while a run publishes;
- `read_counts` / `snapshot`: what is published, as counts and as a digest of every curated row.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

COUNTS = (
    "SELECT (SELECT count(*) FROM curated.documents) AS documents, "
    "(SELECT count(*) FROM curated.quantities) AS quantities, "
    "(SELECT count(*) FROM curated.facts) AS facts, "
    "(SELECT count(*) FROM curated.fact_consensus) AS consensus, "
    "(SELECT count(*) FROM quality.runs) AS runs"
)
"""Everything a publish changes, in one statement (one snapshot of one file)."""

# A closing line per seed language: a reviewer's name (letters only, so no new number) makes every text unique.
_CLOSING = {"fr": "Article relu par {name}.", "de": "Redaktion: {name}.", "id": "Penyunting: {name}."}
_SEED_LANGS = ["fr", "de", "id", "fr", "fr"]  # seeds/ in sorted order (tests/flows/test_end_to_end.py)
_SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si", "be", "da", "gu", "pe", "zo", "fa", "ni", "to"]
_NUMBER = re.compile(r"(?<![\d.,])([1-9])(\d{2,})(?![\d])")


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def person(i: int) -> str:
    """A made-up two-word name, different for every i (no digits)."""
    def word(n: int) -> str:
        parts = []
        for _ in range(3):
            n, r = divmod(n, len(_SYLLABLES))
            parts.append(_SYLLABLES[r])
        return "".join(parts).capitalize()

    return f"{word(i)} {word(i * 7 + 3)}"


def vary(text: str, i: int) -> str:
    """The seed text with the leading digit of its numbers of 3+ digits shifted (years kept).

    "200 000 puces" becomes "300 000 puces", "1280x720" "2280x720": same magnitude, still plausible.
    """
    shift = (i // 5) % 9

    def bump(match: re.Match) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return digits  # a year
        first = (int(match.group(1)) - 1 + shift) % 9 + 1
        return f"{first}{match.group(2)}"

    return _NUMBER.sub(bump, text)


def synthetic_articles(n: int, start: int = 0) -> list[dict]:
    """n distinct JSONL articles {"id", "text"} from the five seeds; ids syn-<start>... are stable."""
    seeds = seed_texts()
    out = []
    for i in range(start, start + n):
        k = i % len(seeds)
        closing = _CLOSING[_SEED_LANGS[k]].format(name=person(i))
        out.append({"id": f"syn-{i:05d}", "text": vary(seeds[k], i).rstrip() + "\n\n" + closing})
    return out


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------------------------------------- runs

NEWSFACTS = [sys.executable, "-m", "flows.cli"]


def run_in_process(*args: str) -> int:
    """`newsfacts run ARGS` in this process (the Prefect server it starts is shared by later runs)."""
    from flows import cli

    return cli.main(["run", *args])


def staged_files(warehouse: Path) -> list[Path]:
    """Staging files (of live or dead runs) beside the warehouse."""
    staging = Path(warehouse).parent / ".staging"
    return sorted(p for p in staging.iterdir() if ".duckdb" in p.name) if staging.is_dir() else []


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def killed_run(args: list[str], warehouse: Path, *, after: float | None = None, in_flow: float | None = None,
               mid_publish: bool = False, log: Path | None = None, timeout: float = 600) -> dict:
    """Start `newsfacts run ARGS --warehouse W` in its own process group and SIGKILL the whole group:

    `after` seconds after the start, or `in_flow` seconds after the run took the writer lock (it is
    then ingesting, extracting or auditing), or (`mid_publish`) as soon as its staging file exists.
    Returns what was seen at the moment of the kill: seconds, stage ("starting": not yet in the
    flow; "running": holds the writer lock; "publishing": its staging file exists), and whether the
    run had already finished by itself (then nothing was killed).
    """
    warehouse = Path(warehouse)
    lock = warehouse.with_name(warehouse.name + ".lock")
    before = set(staged_files(warehouse))
    err = open(log, "w") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen([*NEWSFACTS, "run", *args, "--warehouse", str(warehouse)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    finally:
        if log:
            err.close()
    started = time.monotonic()
    staged: list[Path] = []
    locked_at = None
    while True:
        elapsed = time.monotonic() - started
        if proc.poll() is not None:
            return {"after": round(elapsed, 2), "stage": "finished", "finished": True,
                    "returncode": proc.returncode, "in_flow_at": locked_at, "staged": [], "group_left": False}
        staged = [p for p in staged_files(warehouse) if p not in before]
        if locked_at is None and lock_holder(lock) == str(proc.pid):
            locked_at = elapsed
        if ((after is not None and elapsed >= after) or (mid_publish and staged) or elapsed > timeout
                or (in_flow is not None and locked_at is not None and elapsed - locked_at >= in_flow)):
            break
        time.sleep(0.002 if mid_publish else 0.01)
    holder = lock_holder(lock)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    stage = "publishing" if staged else "running" if holder == str(proc.pid) else "starting"
    return {"after": round(elapsed, 2), "stage": stage, "finished": False, "returncode": proc.returncode,
            "in_flow_at": None if locked_at is None else round(locked_at, 2),
            "staged": [p.name for p in staged], "group_left": _group_alive(proc.pid)}


def lock_holder(lock: Path) -> str:
    """The pid written in the warehouse's writer lock file (the last run that took the lock)."""
    try:
        return lock.read_text().strip()
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------------- readers

_READER = r"""
import json, subprocess, sys, threading, time
import duckdb
path, via, interval, query = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    t = time.time()
    try:
        if via == "duckdb":  # any DuckDB client, a fresh read-only connection each time
            con = duckdb.connect(path, read_only=True)
            try:
                row = list(con.execute(query).fetchone())
            finally:
                con.close()
        else:  # the real command line
            out = subprocess.run([sys.executable, "-m", "flows.cli", "sql", query, "--warehouse", path,
                                  "--format", "json"], capture_output=True, text=True, timeout=120)
            if out.returncode != 0:
                raise RuntimeError(f"exit {out.returncode}: {out.stderr.strip()}")
            row = list(json.loads(out.stdout).values())
        print(json.dumps({"t": t, "took": time.time() - t, "counts": row}), flush=True)
    except Exception as exc:
        print(json.dumps({"t": t, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
    stop.wait(interval)
"""

_HOLDER = r"""
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps(list(con.execute(sys.argv[2]).fetchone())), flush=True)
sys.stdin.readline()
print(json.dumps(list(con.execute(sys.argv[2]).fetchone())), flush=True)
con.close()
"""


class Reader:
    """A process that queries the published warehouse every `interval` seconds until stopped.

    via "duckdb": a fresh `duckdb.connect(path, read_only=True)` per read; via "cli": `newsfacts sql`.
    `stop()` returns every read: {"t", "counts"} or {"t", "error"}.
    """

    def __init__(self, warehouse: Path, via: str, interval: float, log: Path, query: str = COUNTS):
        self.log = Path(log)
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen([sys.executable, "-c", _READER, str(warehouse), via, str(interval), query],
                                     cwd=ROOT, stdin=subprocess.PIPE, stdout=self._out, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)

    def reads(self) -> list[dict]:
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def stop(self) -> list[dict]:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=150)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            self._out.close()
        return self.reads()


class Holder:
    """A process that opens one read-only connection, reads, and reads again on it when told."""

    def __init__(self, warehouse: Path, query: str = COUNTS):
        self.proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(warehouse), query], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"holder could not read: {self.proc.stderr.read()}")
        self.first = json.loads(line)

    def read_again(self) -> list:
        self.proc.stdin.write("again\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if not line:
            raise RuntimeError(f"holder failed: {self.proc.stderr.read()}")
        return json.loads(line)


def read_counts(warehouse: Path) -> list:
    """COUNTS of the published file, through a plain read-only DuckDB connection."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return list(con.execute(COUNTS).fetchone())
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- content

_SNAPSHOT = {
    "documents": "SELECT doc_id, source, language, published, n_chars, title, url FROM curated.documents",
    "document_text": "SELECT doc_id, text FROM curated.document_text",
    "quantities": "SELECT * FROM curated.quantities",
    "facts": "SELECT * FROM curated.facts",
    "consensus": "SELECT * REPLACE (list_sort(values_norm) AS values_norm, list_sort(values_text) AS values_text, "
                 "list_sort(doc_ids) AS doc_ids, list_sort(fact_ids) AS fact_ids) FROM curated.fact_consensus",
}


def snapshot(warehouse: Path) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of the sorted rows) of every curated table: equal snapshots, equal content."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for name, query in _SNAPSHOT.items():
            rows = sorted(repr(row) for row in con.execute(query).fetchall())
            out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
        return out
    finally:
        con.close()
