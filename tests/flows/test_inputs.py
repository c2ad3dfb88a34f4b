"""flows.inputs: listing and reading files, streaming JSONL, quarantine of what cannot be read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

import transforms.ingest
from flows import inputs
from flows.inputs import RawInput, count_inputs, find_inputs, iter_input_batches
from transforms.ingest import parse_inputs
from transforms.schemas import QUARANTINE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "inputs"


def collect(paths, **kwargs) -> tuple[list[list[RawInput]], pl.DataFrame]:
    batches, quarantines = [], []
    for batch, quarantine in iter_input_batches([Path(p) for p in paths], **kwargs):
        assert quarantine.schema == pl.Schema(QUARANTINE)
        batches.append(batch)
        quarantines.append(quarantine)
    return batches, pl.concat(quarantines) if quarantines else pl.DataFrame(schema=QUARANTINE)


def reasons(quarantine: pl.DataFrame) -> dict[str, str]:
    return dict(zip(quarantine["source"], quarantine["reason"]))


def test_raw_input_is_the_transforms_type():
    assert RawInput is transforms.ingest.RawInput


def test_folder_is_searched_recursively_sorted_skipping_hidden_and_other_extensions():
    files, problems = find_inputs([FIXTURES])
    names = [path.relative_to(FIXTURES).as_posix() for path, _ in files]
    assert names == [
        "article.html", "articles.jsonl", "binary.txt", "crlf_en.md", "dup_a.txt", "dup_b.txt",
        "empty.txt", "latin1_fr.txt", "nested/note_nl.txt", "oversized.txt", "utf16_de.txt",
    ]
    assert dict((p.name, kind) for p, kind in files)["article.html"] == "html"
    assert problems == []


def test_whole_fixture_folder_end_to_end():
    batches, quarantine = collect([FIXTURES], max_bytes=2000)
    raws = [raw for batch in batches for raw in batch]
    docs, parse_quarantine = parse_inputs(raws)
    assert docs["source"].to_list() == [
        "article.html", "fr-1", "de-2", "4", "crlf_en.md", "dup_a.txt", "latin1_fr.txt", "note_nl.txt",
        "utf16_de.txt",
    ]
    assert docs["language"].to_list() == ["fr", "fr", "de", "en", "en", "es", "fr", "nl", "de"]
    assert reasons(quarantine) == {
        "empty.txt": "empty file (0 bytes)",
        "oversized.txt": "file too large: 3,240 bytes, the limit is 2,000 bytes",
    }
    assert reasons(parse_quarantine) == {
        "articles.jsonl#L4": "line 4: invalid JSON (Expecting ',' delimiter, column 150)",
        "binary.txt": "binary file (NUL bytes), not text",
        "dup_b.txt": "same text as dup_a.txt (already in this batch)",
    }


def test_explicit_paths_missing_unsupported_and_not_regular(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = FIXTURES / "latin1_fr.txt"
    batches, quarantine = collect([tmp_path / "missing.txt", pdf, fifo, good])
    assert [raw.source for batch in batches for raw in batch] == ["latin1_fr.txt"]
    assert reasons(quarantine) == {
        str(tmp_path / "missing.txt"): "no such file or folder",
        "report.pdf": "unsupported file type .pdf: expected .txt, .md, .html, .htm or .jsonl",
        "pipe.txt": "not a regular file",
    }
    assert set(quarantine["stage"]) == {"ingest"}


def test_file_named_twice_is_read_once():
    batches, _ = collect([FIXTURES / "dup_a.txt", FIXTURES / "dup_a.txt", FIXTURES / "nested"])
    assert [raw.source for batch in batches for raw in batch] == ["dup_a.txt", "note_nl.txt"]


def test_raw_inputs_carry_bytes_and_kind():
    batches, _ = collect([FIXTURES / "utf16_de.txt", FIXTURES / "article.html", FIXTURES / "crlf_en.md"])
    [utf16, html, md] = batches[0]
    assert utf16.data == (FIXTURES / "utf16_de.txt").read_bytes() and utf16.kind == "txt"
    assert html.kind == "html" and md.kind == "txt"
    assert html.path == str(FIXTURES / "article.html")


def test_jsonl_is_streamed_line_by_line_across_batches(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(1, 8):
            handle.write(json.dumps({"id": f"a{i}", "text": f"Article numéro {i}."}) + "\n")
            if i == 3:
                handle.write("\n")  # blank line: skipped, but it still counts for line numbers
    batches, quarantine = collect([path, FIXTURES / "latin1_fr.txt"], batch_size=3)
    assert [len(batch) for batch in batches] == [3, 3, 2]
    first = batches[0][0]
    assert (first.source, first.kind, first.line) == ("big.jsonl#L1", "jsonl-line", 1)
    assert first.path == f"{path}#L1"
    assert [raw.line for batch in batches for raw in batch][:7] == [1, 2, 3, 5, 6, 7, 8]
    assert quarantine.height == 0
    docs, _ = parse_inputs([raw for batch in batches for raw in batch], lang="fr")
    assert docs["source"].to_list() == [f"a{i}" for i in range(1, 8)] + ["latin1_fr.txt"]


def test_jsonl_oversized_line_is_skipped_not_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "_CHUNK", 64)  # the skipped line is read in small pieces
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "small-1", "text": "court"}),
        json.dumps({"id": "huge", "text": "x" * 5000}),
        json.dumps({"id": "small-2", "text": "court aussi"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")  # no final newline
    batches, quarantine = collect([path], max_bytes=1000)
    assert [raw.source for batch in batches for raw in batch] == ["mixed.jsonl#L1", "mixed.jsonl#L3"]
    assert reasons(quarantine) == {
        "mixed.jsonl#L2": f"line 2: too large ({len(lines[1]):,} bytes, the limit is 1,000 bytes)",
    }


def test_utf16_jsonl_lines_arrive_as_utf8(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_text(
        json.dumps({"id": "w1", "text": "Größe"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "w2", "text": "Übernahme"}, ensure_ascii=False) + "\n",
        encoding="utf-16",
    )
    batches, quarantine = collect([path])
    assert quarantine.height == 0
    docs, _ = parse_inputs(batches[0], lang="de")
    assert docs["text"].to_list() == ["Größe", "Übernahme"]


def test_empty_and_blank_jsonl(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n\n")
    _, quarantine = collect([tmp_path])
    assert reasons(quarantine) == {
        "blank.jsonl": "no JSON lines in the file",
        "empty.jsonl": "empty file (0 bytes)",
    }


def test_nothing_to_read_yields_nothing(tmp_path):
    assert list(iter_input_batches([tmp_path])) == []


def test_batches_never_exceed_batch_size():
    batches, _ = collect([FIXTURES], batch_size=2)
    assert all(1 <= len(batch) <= 2 for batch in batches[:-1]) and len(batches[-1]) <= 2
    with pytest.raises(ValueError):
        list(iter_input_batches([FIXTURES], batch_size=0))


def test_count_inputs(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id":1,"text":"a"}\n{"id":2,"text":"b"}\n{"id":3,"text":"c"}')
    (tmp_path / "b.txt").write_text("texte")
    (tmp_path / "c.csv").write_text("ignored")
    assert count_inputs([tmp_path]) == 4
    assert count_inputs([tmp_path / "missing"]) == 0
