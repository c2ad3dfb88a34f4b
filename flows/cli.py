"""The `newsfacts` command line: run, extract, sql, serve, report (see README.md and `--help`).

In: argv. Out: an exit code: 0 done, 3 the quality gate blocked publishing, 2 a usage error, 1 any other
error; errors are one line on stderr, never a traceback (set NEWSFACTS_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_INPUT = "seeds"
DEFAULT_WAREHOUSE = "warehouse/newsfacts.duckdb"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_BLOCKED = 0, 1, 2, 3


class UsageError(Exception):
    """A mistake in how the command was called: exit 2 with one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="Turn news articles (fr, de, id, en, es, ...) into a DuckDB warehouse of checked numeric facts.",
        epilog="Example: newsfacts run && newsfacts sql \"SELECT * FROM curated.fact_consensus\"",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's logs")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="one pipeline run: ingest, extract, normalize, validate, publish")
    _add_inputs(run)
    _add_warehouse(run)
    run.add_argument("--lang", help="language of every input (ISO 639-1, e.g. fr); detected by default")
    run.add_argument("--batch-size", type=int, default=1000, help="documents per batch (default 1000)")
    run.add_argument("--max-bytes", type=int, default=20_000_000,
                     help="inputs larger than this are quarantined (default 20000000)")

    extract = commands.add_parser("extract", help="print the quantity mentions of files as JSON lines; writes nothing")
    extract.add_argument("files", nargs="+", metavar="FILE", help=".txt, .md, .html or .jsonl files or folders")
    extract.add_argument("--lang", help="language of the inputs (ISO 639-1); detected by default")

    sql = commands.add_parser("sql", help="run a read-only SQL query on the published warehouse")
    sql.add_argument("query", metavar="QUERY", help='e.g. "SELECT * FROM curated.facts LIMIT 5"')
    _add_warehouse(sql)
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")

    serve = commands.add_parser("serve", help="scheduled runs until stopped (Ctrl-C or SIGTERM)")
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", metavar="EXPR", help='a cron expression, e.g. "*/15 * * * *"')
    when.add_argument("--interval", type=float, metavar="SECONDS", help="seconds between runs")
    _add_inputs(serve)
    _add_warehouse(serve)
    serve.add_argument("--lang", help="language of every input (ISO 639-1); detected by default")

    report = commands.add_parser("report", help="(re)build the data quality report and print its path")
    _add_warehouse(report)
    return parser


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", dest="inputs", action="extend", nargs="+", metavar="PATH",
                        help=f"files or folders to read (default {DEFAULT_INPUT}/)")


def _add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, metavar="FILE",
                        help=f"the DuckDB warehouse file (default {DEFAULT_WAREHOUSE})")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_prefect(args.verbose)
    try:
        _check_lang(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("newsfacts: interrupted", file=sys.stderr)
        return 130
    except UsageError as err:
        print(f"newsfacts: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # one line for people; NEWSFACTS_DEBUG=1 for the traceback
        if os.environ.get("NEWSFACTS_DEBUG"):
            raise
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        print(f"newsfacts: error: {message}", file=sys.stderr)
        return EXIT_ERROR


def _quiet_prefect(verbose: bool) -> None:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # the temporary API server a run starts can be slow on a loaded 2-core machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _check_lang(args) -> None:
    if getattr(args, "lang", None):
        from transforms.language import normalize_language_code

        code = normalize_language_code(args.lang)
        if code is None:
            raise UsageError(f"--lang {args.lang!r} is not a language code (use ISO 639-1, e.g. fr, de, id)")
        args.lang = code


def _input_paths(args) -> list[str]:
    paths = args.inputs or [DEFAULT_INPUT]
    if not any(Path(p).exists() for p in paths):
        raise UsageError(f"no such input: {', '.join(paths)}")
    return [str(Path(p).resolve()) for p in paths]


def cmd_run(args) -> int:
    from flows.pipeline import BLOCKED
    from flows.pipeline import run as run_pipeline

    if args.batch_size < 1 or args.max_bytes < 1:
        raise UsageError("--batch-size and --max-bytes must be positive")
    run = run_pipeline(_input_paths(args), str(Path(args.warehouse).resolve()), lang=args.lang,
                   batch_size=args.batch_size, max_bytes=args.max_bytes)
    print(summary_line(run), file=sys.stderr)
    for message in run["messages"]:
        print(f"  {message}", file=sys.stderr)
    print(run["report_path"])
    return EXIT_BLOCKED if run["status"] == BLOCKED else EXIT_OK


def summary_line(run: dict) -> str:
    seconds = (run["finished_at"] - run["started_at"]).total_seconds()
    return (f"run {run['run_id']} {run['status']} in {seconds:.1f} s: {run['n_documents']} documents read, "
            f"{run['n_new_documents']} new; {run['n_quantities']} quantities and {run['n_facts']} facts in the "
            f"warehouse; {run['n_quarantined']} quarantined")


def cmd_extract(args) -> int:
    from flows import inputs, parallel
    from transforms import dates, extract, ingest

    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.exists()]
    if len(missing) == len(paths):
        raise UsageError(f"no such file: {', '.join(missing)}")
    out = sys.stdout
    for raw, unreadable in inputs.iter_input_batches(paths, batch_size=2000):
        documents, rejected = ingest.parse_inputs(raw, lang=args.lang)
        for row in unreadable.vstack(rejected).iter_rows(named=True):
            print(f"newsfacts: skipped {row['source']}: {row['reason']}", file=sys.stderr)
        documents = parallel.map_documents(dates.fill_published, documents)
        mentions = parallel.map_documents(extract.extract_mentions, documents)
        sources = dict(zip(documents.get_column("doc_id"), documents.get_column("source")))
        for m in mentions.iter_rows(named=True):
            out.write(json.dumps(mention_line(m, sources[m["doc_id"]]), ensure_ascii=False) + "\n")
    parallel.shutdown()
    return EXIT_OK


def mention_line(mention: dict, source: str) -> dict:
    """A MENTIONS row as the contract's JSON line: dates as ISO strings, whole numbers without '.0'."""
    value = mention["value_text"] if mention["unit"] == "date" else mention["value"]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    return {"doc": source, "start": mention["start"], "end": mention["end"], "surface": mention["surface"],
            "value": value, "unit": mention["unit"], "bound": mention["bound"], "object": mention["object"],
            "lang": mention["lang"]}


def cmd_sql(args) -> int:
    from warehouse.query import QueryError, format_rows, run_query

    try:
        columns, rows = run_query(Path(args.warehouse), args.query)
    except QueryError as err:
        raise UsageError(str(err)) from None
    text = format_rows(columns, rows, args.format)
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    return EXIT_OK


def cmd_serve(args) -> int:
    from flows.serve import serve

    if args.interval is not None and args.interval <= 0:
        raise UsageError("--interval must be a positive number of seconds")
    return serve(_input_paths(args), str(Path(args.warehouse).resolve()), lang=args.lang,
                 interval=args.interval, cron=args.cron)


def cmd_report(args) -> int:
    from flows.report import rebuild_report

    print(rebuild_report(Path(args.warehouse)))
    return EXIT_OK


COMMANDS = {"run": cmd_run, "extract": cmd_extract, "sql": cmd_sql, "serve": cmd_serve, "report": cmd_report}

if __name__ == "__main__":
    sys.exit(main())
