"""Reliability at scale (issue #5): readers during a publish, and runs killed with SIGKILL, on real news.

    python -m benchmarks.reliability [--corpora ../shared/corpora] [--articles 3000] [--base 300] [--keep DIR]

The same checks as tests/reliability/ (it uses their helpers), on real articles written to a temp JSONL
(languages interleaved, as benchmarks.throughput does):

1. Concurrent readers. A warehouse holds the first --base articles (the old state). `newsfacts run` over
   all --articles (a subprocess, as a user runs it) publishes the new state while three other processes
   read: a fresh read-only DuckDB connection every 0.25 s, `newsfacts sql` every 0.25 s, and one
   connection held open across the run. Printed: reads made (during the run), failures, the distinct
   counts seen (documents, quantities, facts, consensus, runs), whether they only went old → new.
2. Crash safety. A clean run of all articles into a fresh warehouse gives the reference. Then, on a copy
   of the old state, runs over the same input are SIGKILLed (whole process group) after 3 s, after 8 s,
   halfway through the clean run's time, and the moment their staging file appears; after each, the
   published file must be unchanged. A last run must then publish exactly the clean run's rows.
   Printed: for each kill when and in which stage; counts after the rerun vs the clean run.

Exit 0 when every promise held, 1 otherwise. Nothing here is a test; the corpora stay outside the repo.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.throughput import write_subset
from tests.reliability import (
    NEWSFACTS, ROOT, Holder, Reader, killed_run, read_counts, snapshot, staged_files,
)

NAMES = ["documents", "quantities", "facts", "consensus", "runs"]


def newsfacts_run(inputs: list[Path], warehouse: Path, log: Path) -> tuple[int, float]:
    started = time.monotonic()
    with open(log, "w") as err:
        code = subprocess.call([*NEWSFACTS, "run", "--input", *map(str, inputs), "--warehouse", str(warehouse)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    return code, time.monotonic() - started


def blocked_because(log: Path) -> list[str]:
    """The reasons a blocked run printed (`publishing blocked: ...` lines of its stderr)."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line.strip() for line in lines if "blocked" in line and not line.startswith("run ")]


def show(counts: list | None) -> str:
    return "-" if counts is None else ", ".join(f"{n} {name}" for n, name in zip(counts, NAMES))


def readers_during_a_run(base: Path, full: Path, work: Path) -> dict:
    warehouse = work / "readers" / "w.duckdb"
    warehouse.parent.mkdir(parents=True)
    code, seconds = newsfacts_run([base], warehouse, work / "base.log")
    if code != 0:
        raise SystemExit(f"the base run failed (exit {code}): {(work / 'base.log').read_text()[-800:]}")
    old = read_counts(warehouse)
    shutil.copyfile(warehouse, work / "old-state.duckdb")  # the crash part starts from this state too

    holder = Holder(warehouse)
    readers = {via: Reader(warehouse, via, 0.25, work / f"reader-{via}.log") for via in ("duckdb", "cli")}
    try:
        time.sleep(2)
        started = time.time()
        code, seconds = newsfacts_run([full], warehouse, work / "full.log")
        finished = time.time()
        time.sleep(3)
    finally:
        reads = {via: reader.stop() for via, reader in readers.items()}
        held = holder.read_again()
    new = read_counts(warehouse)
    result = {"run_exit": code, "run_seconds": round(seconds, 1), "old": old, "new": new,
              "blocked_because": blocked_because(work / "full.log") if code == 3 else [],
              "holder_kept_old": holder.first == old and held == old, "readers": {}}
    ok = code in (0, 3) and result["holder_kept_old"]
    for via, got in reads.items():
        seen = [r["counts"] for r in got if "counts" in r]
        distinct = sorted({tuple(s) for s in seen})
        first_new = next((i for i, s in enumerate(seen) if s == new), len(seen))
        monotonic = all(s == old for s in seen[:first_new]) and all(s == new for s in seen[first_new:])
        errors = [r["error"] for r in got if "error" in r]
        result["readers"][via] = {
            "reads": len(got), "during_run": sum(started <= r["t"] <= finished for r in got),
            "failures": len(errors), "first_failure": errors[0] if errors else None,
            "distinct_counts": [list(d) for d in distinct], "old_then_new_only": monotonic,
            "slowest_read_s": round(max((r.get("took", 0) for r in got), default=0), 2),
        }
        ok = ok and not errors and set(distinct) <= {tuple(old), tuple(new)} and monotonic
    result["ok"] = ok
    return result


def kills_then_rerun(full: Path, work: Path) -> dict:
    clean = work / "clean" / "w.duckdb"
    clean.parent.mkdir(parents=True)
    code, clean_seconds = newsfacts_run([full], clean, work / "clean.log")
    reference = snapshot(clean) if clean.exists() else None

    crashed = work / "crashed" / "w.duckdb"
    crashed.parent.mkdir(parents=True)
    shutil.copyfile(work / "old-state.duckdb", crashed)
    before = snapshot(crashed), read_counts(crashed)
    kills = {"after 3 s": {"after": 3.0}, "after 8 s": {"after": 8.0},
             f"after {clean_seconds / 2:.0f} s (half a clean run)": {"after": clean_seconds / 2},
             "mid-publish": {"mid_publish": True}}
    done = []
    ok = code in (0, 3)
    for name, how in kills.items():
        info = killed_run(["--input", str(full)], crashed, log=work / "killed.log", **how)
        unchanged = (snapshot(crashed), read_counts(crashed)) == before
        info.update(name=name, published_unchanged=unchanged,
                    wal_left=crashed.with_name(crashed.name + ".wal").exists())
        done.append(info)
        ok = ok and unchanged and not info["finished"] and not info["group_left"] and not info["wal_left"]
    rerun_code, rerun_seconds = newsfacts_run([full], crashed, work / "rerun.log")
    after = snapshot(crashed)
    # A clean run that publishes is the reference; one the quality gate blocks (exit 3) publishes nothing,
    # so the rerun, blocked too, must leave the old state as it was.
    same = after == (reference if code == 0 else before[0])
    leftovers = [p.name for p in staged_files(crashed)]
    ok = ok and rerun_code == code and same and not leftovers
    return {
        "clean_exit": code, "clean_seconds": round(clean_seconds, 1), "kills": done,
        "blocked_because": blocked_because(work / "clean.log") if code == 3 else [],
        "rerun_exit": rerun_code, "rerun_seconds": round(rerun_seconds, 1),
        "rerun_counts": {name: after[name][0] for name in after},
        "clean_counts": {name: reference[name][0] for name in reference} if reference else None,
        "rerun_equals_clean": same, "staging_left": leftovers, "ok": ok,
    }


def report_readers(r: dict) -> None:
    print(f"\n1. readers during a publish: run exit {r['run_exit']} in {r['run_seconds']} s")
    for reason in r["blocked_because"]:
        print(f"   {reason}")
    print(f"   old state: {show(r['old'])}")
    print(f"   new state: {show(r['new'])}")
    for via, x in r["readers"].items():
        print(f"   reader {via:6}: {x['reads']} reads ({x['during_run']} during the run), {x['failures']} failures, "
              f"{len(x['distinct_counts'])} distinct counts, old then new only: {x['old_then_new_only']}, "
              f"slowest read {x['slowest_read_s']} s")
        for counts in x["distinct_counts"]:
            print(f"      seen: {show(counts)}")
        if x["first_failure"]:
            print(f"      first failure: {x['first_failure']}")
    print(f"   a connection held open across the run kept the old state: {r['holder_kept_old']}")


def report_kills(r: dict) -> None:
    print(f"\n2. crash safety: clean run exit {r['clean_exit']} in {r['clean_seconds']} s")
    for reason in r["blocked_because"]:
        print(f"   {reason} (so the rerun must leave the old state as it was)")
    for k in r["kills"]:
        what = "finished before the kill" if k["finished"] else f"killed at {k['after']} s while {k['stage']}"
        print(f"   {k['name']:34} {what}; published file unchanged: {k['published_unchanged']}; "
              f"process group gone: {not k.get('group_left')}; wal left: {k['wal_left']}")
    print(f"   rerun exit {r['rerun_exit']} in {r['rerun_seconds']} s")
    print(f"   counts after kills + rerun: {r['rerun_counts']}")
    print(f"   counts of the clean run   : {r['clean_counts']}")
    what = "the clean run's" if r["clean_exit"] == 0 else "the old state's"
    print(f"   same rows as {what} in every curated table: {r['rerun_equals_clean']}; "
          f"staging files left: {r['staging_left'] or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--base", type=int, default=300, help="articles in the old state (default 300)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    parser.add_argument("--json", action="store_true", help="also print the results as one JSON line")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        raise SystemExit(f"no corpora at {args.corpora}")
    if not 0 < args.base < args.articles:
        raise SystemExit("--base must be between 0 and --articles")

    with tempfile.TemporaryDirectory(prefix="newsfacts-reliability-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        base, _, _ = write_subset(args.corpora, args.base, work)
        full, count, characters = write_subset(args.corpora, args.articles, work)
        print(f"{count} real articles ({characters:,} characters) in {full.name}; old state: the first {args.base}")
        readers = readers_during_a_run(base, full, work)
        report_readers(readers)
        crashes = kills_then_rerun(full, work)
        report_kills(crashes)
        ok = readers["ok"] and crashes["ok"]
        print(f"\n{'every promise held' if ok else 'A PROMISE WAS BROKEN (see above)'}")
        if args.json:
            print(json.dumps({"articles": count, "readers": readers, "crash": crashes, "ok": ok}, default=str))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
