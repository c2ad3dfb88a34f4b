"""The command line's promises that need no pipeline run: help, usage errors, one-line messages."""

from __future__ import annotations

import json

import pytest

from flows import cli
from tests.conftest import SEEDS, newsfacts


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ["run", "extract", "sql", "serve", "report"]:
        assert command in out


def test_serve_needs_a_schedule(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve"])
    assert exit_info.value.code == 2


def test_missing_input_is_a_one_line_usage_error(capsys):
    assert cli.main(["run", "--input", "no/such/folder"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such input" in err


def test_sql_on_a_missing_warehouse_is_one_line(tmp_path, capsys):
    code = cli.main(["sql", "SELECT 1", "--warehouse", str(tmp_path / "none.duckdb")])
    assert code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_extract_prints_contract_json_lines_for_a_seed():
    result = newsfacts("extract", str(SEEDS / "001_4ebb08f9a1ef79e5.txt"))
    assert result.returncode == 0, result.stderr
    mentions = [json.loads(line) for line in result.stdout.splitlines()]
    text = (SEEDS / "001_4ebb08f9a1ef79e5.txt").read_text(encoding="utf-8")
    assert mentions, "no mention found"
    for m in mentions:
        assert set(m) >= {"doc", "start", "end", "surface", "value", "unit", "bound", "object", "lang"}
        assert text[m["start"]:m["end"]] == m["surface"]
        assert m["doc"] == "001_4ebb08f9a1ef79e5.txt" and m["lang"] == "de"
    assert any(m["value"] == 200000 and m["unit"] == "count" for m in mentions)
    assert any(m["value"] == 5e9 and m["unit"] == "USD" and m["bound"] == "at_least" for m in mentions)
