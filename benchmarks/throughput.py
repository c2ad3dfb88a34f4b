"""Throughput, cost growth and memory of newsfacts on real news, side by side with Recognizers-Text.

    python -m benchmarks.throughput [--corpora ../shared/corpora] [--sizes 1000 5000 20474] [--sample 200]

For each size N it builds a JSONL of the first N articles (languages interleaved) and measures, each as a
whole process as a user would run it:
  - `newsfacts extract`: characters per second and mentions found;
  - `newsfacts run` into a fresh warehouse: wall time and peak memory (max RSS of the process tree);
  - the same `newsfacts run` again with nothing new: wall time.
Then it runs the released Recognizers-Text (recognizers-text-suite, emoji<2, in its own virtualenv under
.bench/, created on first use from the package index) on a sample of the same articles, and prints two ratios:
  - extract_speedup: `newsfacts extract` on the largest corpus (whole process, both cores) over their rate;
  - loop_speedup: both recognition loops on the sample, one core each, after warm-up (models and patterns built).
The corpora stay outside the repository; nothing here is a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSFACTS = [sys.executable, "-m", "flows.cli"]
BENCH_DIR = ROOT / ".bench"


def interleaved_articles(corpora: Path):
    """Articles of every corpus file, one language after another, so any prefix mixes languages."""
    files = sorted(corpora.glob("*/*.jsonl"))
    readers = [open(f, encoding="utf-8") for f in files]
    try:
        for lines in itertools.zip_longest(*readers):
            for line in lines:
                if line and line.strip():
                    yield line
    finally:
        for reader in readers:
            reader.close()


def write_subset(corpora: Path, n: int, folder: Path) -> tuple[Path, int, int]:
    path = folder / f"articles_{n}.jsonl"
    count = characters = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in itertools.islice(interleaved_articles(corpora), n):
            out.write(line)
            count += 1
            characters += len(json.loads(line)["text"])
    return path, count, characters


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - started, result


def peak_rss_mb() -> float:
    """Max RSS of the largest finished child so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(corpora: Path, n: int, work: Path) -> dict:
    subset, count, characters = write_subset(corpora, n, work)
    seconds, result = timed([*NEWSFACTS, "extract", str(subset)])
    if result.returncode != 0:
        raise SystemExit(f"extract failed: {result.stderr.strip()[-500:]}")
    mentions = result.stdout.count("\n")
    warehouse = work / f"w_{n}" / "newsfacts.duckdb"
    # each `run` in a fresh child process so its peak memory is its own
    run_seconds, run = timed([sys.executable, "-c", _RUN_AND_REPORT_RSS, str(subset), str(warehouse)])
    if run.returncode not in (0, 3):
        raise SystemExit(f"run failed: {run.stderr.strip()[-800:]}")
    peak = json.loads(run.stdout.strip().splitlines()[-1])["peak_rss_mb"]
    rerun_seconds, rerun = timed([*NEWSFACTS, "run", "--input", str(subset), "--warehouse", str(warehouse)])
    return {
        "articles": count, "characters": characters,
        "extract_seconds": round(seconds, 2), "extract_chars_per_s": round(characters / seconds),
        "mentions": mentions, "run_seconds": round(run_seconds, 1), "run_exit": run.returncode,
        "run_peak_rss_mb": round(peak), "rerun_seconds": round(rerun_seconds, 1), "rerun_exit": rerun.returncode,
    }


# runs `newsfacts run` in a grandchild and reports the max RSS over that process tree
_RUN_AND_REPORT_RSS = """
import json, resource, subprocess, sys
code = subprocess.call([sys.executable, "-m", "flows.cli", "run", "--input", sys.argv[1], "--warehouse", sys.argv[2]],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
sys.exit(code)
"""


# times newsfacts' own extraction loop over a JSONL, after imports and a warm-up call
_EXTRACT_LOOP = """
import json, sys, time
from transforms.extract import extract_text
articles = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for lang in {a.get("lang") or "en" for a in articles}:  # compile each language's scanner, load pint
    extract_text("Il a payé 5 millions d'euros pour 3 km² et 20 MW.", lang)
started = time.perf_counter()
for a in articles:
    extract_text(a["text"], a.get("lang") or "en")
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def recognizers_python() -> Path:
    venv = BENCH_DIR / "recognizers-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("creating the Recognizers-Text virtualenv (once)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "recognizers-text-suite", "emoji<2"], check=True)
    return python


def measure_recognizers(corpora: Path, sample: int, work: Path) -> dict:
    subset, _, _ = write_subset(corpora, sample, work)
    seconds, ours = timed([*NEWSFACTS, "extract", str(subset)])
    with open(subset, encoding="utf-8") as stdin:
        result = subprocess.run([str(recognizers_python()), str(ROOT / "benchmarks" / "recognizers_runner.py")],
                                stdin=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"recognizers failed: {result.stderr.strip()[-500:]}")
    theirs = json.loads(result.stdout.strip().splitlines()[-1])
    # like for like: both recognition loops after warm-up (theirs builds its models per culture first)
    loop = subprocess.run([sys.executable, "-c", _EXTRACT_LOOP, str(subset)], cwd=ROOT, capture_output=True, text=True)
    if loop.returncode != 0:
        raise SystemExit(f"extract loop failed: {loop.stderr.strip()[-500:]}")
    loop_seconds = json.loads(loop.stdout.strip().splitlines()[-1])["seconds"]
    ours_rate = theirs["characters"] / loop_seconds
    return {
        "sample_articles": theirs["documents"], "characters": theirs["characters"],
        "recognizers_seconds": round(theirs["seconds"], 1), "recognizers_chars_per_s": round(theirs["characters"] / theirs["seconds"]),
        "recognizers_mentions": theirs["mentions"], "newsfacts_seconds": round(seconds, 2),
        "newsfacts_loop_seconds": round(loop_seconds, 3), "newsfacts_chars_per_s": round(ours_rate),
        "newsfacts_process_chars_per_s": round(theirs["characters"] / seconds), "newsfacts_mentions": ours.stdout.count("\n"),
        "loop_speedup": round(ours_rate / (theirs["characters"] / theirs["seconds"]), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20474])
    parser.add_argument("--sample", type=int, default=200, help="articles for the Recognizers-Text comparison (0: skip)")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        raise SystemExit(f"no corpora at {args.corpora}")
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        work = Path(tmp)
        sizes = []
        for n in args.sizes:
            sizes.append({"size": n, **measure(args.corpora, n, work)})
            print(json.dumps(sizes[-1]), flush=True)
        if args.sample:
            comparison = measure_recognizers(args.corpora, args.sample, work)
            if sizes:  # the headline: `newsfacts extract` on the largest corpus, whole process, against theirs
                largest = max(sizes, key=lambda r: r["articles"])
                comparison["extract_articles"] = largest["articles"]
                comparison["extract_speedup"] = round(largest["extract_chars_per_s"] / comparison["recognizers_chars_per_s"], 1)
            print(json.dumps({"comparison": "recognizers-text", **comparison}), flush=True)


if __name__ == "__main__":
    main()
