"""transforms.ingest: bytes → documents + quarantine, decoding, HTML, JSON lines, duplicates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.ingest import RawInput, UnreadableInput, decode_bytes, parse_inputs, parse_published
from transforms.schemas import DOCUMENTS, QUARANTINE

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "inputs"
SEEDS = ROOT / "seeds"


def raw_file(name: str, kind: str = "txt") -> RawInput:
    path = FIXTURES / name
    return RawInput(source=name, path=str(path), data=path.read_bytes(), kind=kind)


def raw_text(source: str, data: bytes, kind: str = "txt") -> RawInput:
    return RawInput(source=source, path=f"/in/{source}", data=data, kind=kind)


def one_doc(raw: RawInput, **kwargs) -> dict:
    docs, quarantine = parse_inputs([raw], **kwargs)
    assert quarantine.height == 0, quarantine.to_dicts()
    assert docs.height == 1
    return docs.row(0, named=True)


# ---------------------------------------------------------------------------------------------- decoding

def test_latin1_french_decodes_right():
    doc = one_doc(raw_file("latin1_fr.txt"))
    assert doc["text"].startswith("Le coût était de 5 millions d'euros, à Montréal.\n")
    assert doc["language"] == "fr" and doc["language_how"] == "detected"


def test_utf16_with_bom_german_decodes():
    doc = one_doc(raw_file("utf16_de.txt"))
    assert doc["text"].startswith("Die Übernahme kostete 45 Milliarden Dollar.\nDas Rechenzentrum")
    assert "\ufeff" not in doc["text"]
    assert doc["language"] == "de"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("L’État a payé 5 000 € – «\u00a0énorme\u00a0».".encode("cp1252"), "L’État a payé 5 000 € – «\u00a0énorme\u00a0»."),
        ("Le cœur coûte 5 000 €.".encode("iso8859-15"), "Le cœur coûte 5 000 €."),
        ("Größe: 1,5 Mio. Euro".encode("latin-1"), "Größe: 1,5 Mio. Euro"),
        ("Déjà vu à Montréal, ".encode("utf-8") * 3 + b"caf\xe9", "Déjà vu à Montréal, " * 3 + "café"),
        ("\ufeffÉté 2025".encode("utf-8"), "Été 2025"),
        ("Die Übernahme".encode("utf-16-be"), "Die Übernahme"),  # no byte-order mark
        ("Die Übernahme".encode("utf-32"), "Die Übernahme"),
    ],
    ids=["cp1252", "latin9", "latin1", "utf8-with-stray-byte", "utf8-bom", "utf16be-no-bom", "utf32-bom"],
)
def test_decode_bytes_common_encodings(data, expected):
    text, _encoding = decode_bytes(data)
    assert text.lstrip("\ufeff") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10", "binary file (NUL bytes), not text"),
        (bytes(range(1, 32)) * 10, "binary file (control characters), not text"),
    ],
)
def test_decode_bytes_refuses_binary(data, reason):
    with pytest.raises(UnreadableInput, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(data)


def test_bad_inputs_are_quarantined_and_good_ones_come_through():
    raws = [
        raw_file("binary.txt"),
        raw_text("blank.txt", b"  \r\n\t \n"),
        raw_file("latin1_fr.txt"),
        raw_text("weird.bin", b"hello", kind="pdf"),
        raw_file("crlf_en.md"),
    ]
    docs, quarantine = parse_inputs(raws)
    assert docs["source"].to_list() == ["latin1_fr.txt", "crlf_en.md"]
    reasons = dict(zip(quarantine["source"], quarantine["reason"]))
    assert reasons == {
        "binary.txt": "binary file (NUL bytes), not text",
        "blank.txt": "empty after decoding",
        "weird.bin": "unknown input kind 'pdf'",
    }
    assert set(quarantine["stage"]) == {"ingest"}


def test_newlines_normalised_and_offsets_are_code_points():
    doc = one_doc(raw_file("crlf_en.md"))
    text = doc["text"]
    assert isinstance(text, str) and "\r" not in text
    assert text.startswith("# Results\n\nThe company said revenue rose 12 percent")
    assert doc["n_chars"] == len(text)
    start = text.index("$4.5 billion")
    assert text[start : start + len("$4.5 billion")] == "$4.5 billion"


def test_lone_carriage_returns_and_unicode_line_separators_become_newlines():
    doc = one_doc(raw_text("mac.txt", "Ligne un, assez longue pour la détection.\rLigne deux\u2028trois".encode("utf-8")))
    assert doc["text"] == "Ligne un, assez longue pour la détection.\nLigne deux\ntrois"


def test_text_is_put_in_nfc():
    nfd = unicodedata.normalize("NFD", "Le coût était élevé à Montréal cette année-là.")
    doc = one_doc(raw_text("nfd.txt", nfd.encode("utf-8")))
    assert doc["text"] == "Le coût était élevé à Montréal cette année-là."


def test_doc_id_is_sha256_prefix_of_the_text():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = one_doc(RawInput(path.name, str(path), path.read_bytes(), "txt"))
        assert doc["doc_id"] == hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()[:16]
        assert doc["text"] == path.read_text(encoding="utf-8")


def test_frames_follow_the_schemas():
    docs, quarantine = parse_inputs([raw_file("latin1_fr.txt"), raw_file("binary.txt")])
    assert docs.schema == pl.Schema(DOCUMENTS)
    assert quarantine.schema == pl.Schema(QUARANTINE)
    docs, quarantine = parse_inputs([])
    assert docs.schema == pl.Schema(DOCUMENTS) and docs.height == 0
    assert quarantine.schema == pl.Schema(QUARANTINE) and quarantine.height == 0


# ---------------------------------------------------------------------------------------------- duplicates

def test_same_text_under_two_names_is_one_document():
    docs, quarantine = parse_inputs([raw_file("dup_a.txt"), raw_file("dup_b.txt")])
    assert docs["source"].to_list() == ["dup_a.txt"]
    assert quarantine.to_dicts() == [
        {"source": "dup_b.txt", "stage": "ingest", "reason": "same text as dup_a.txt (already in this batch)"}
    ]


# ---------------------------------------------------------------------------------------------- HTML

def test_html_keeps_article_drops_script_style_nav_footer():
    doc = one_doc(raw_file("article.html", kind="html"))
    text = doc["text"]
    assert "L’entrepreneur a annoncé, vendredi 28 mars" in text
    assert "alimenté par 100\u00a0000 processeurs graphiques" in text  # NBSP kept
    for junk in ("SCRIPT-TEXT", "STYLE-TEXT", "NAV-TEXT", "FOOTER-TEXT", "dataLayer", "font-size"):
        assert junk not in text
    assert doc["title"] == "xAI rachète X pour 45 milliards de dollars"
    assert doc["published"] == dt.date(2025, 3, 28)
    assert (doc["published_precision"], doc["published_how"]) == ("day", "input")
    assert doc["language"] == "fr"


def test_html_falls_back_to_lxml_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    doc = one_doc(raw_file("article.html", kind="html"))
    lines = doc["text"].split("\n")
    assert "xAI rachète X pour 45 milliards de dollars" in lines
    assert any(line.startswith("L’entrepreneur a annoncé") for line in lines)
    for junk in ("SCRIPT-TEXT", "STYLE-TEXT", "NAV-TEXT", "FOOTER-TEXT", "Accueil"):
        assert junk not in doc["text"]


def test_html_declared_charset_is_used():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Le coût était de 5 millions d’euros à Montréal, a dit le maire.</p></body></html>'
    doc = one_doc(raw_text("page.htm", html.encode("cp1252"), kind="html"))
    assert "Le coût était de 5 millions d’euros à Montréal" in doc["text"]


def test_html_without_text_is_quarantined():
    docs, quarantine = parse_inputs([raw_text("empty.html", b"<html><head><title>T</title></head><body></body></html>", "html")])
    assert docs.height == 0
    assert quarantine["reason"].to_list() == ["no article text found in the HTML page"]


# ---------------------------------------------------------------------------------------------- JSON lines

def test_jsonl_three_good_lines_and_one_bad():
    docs, quarantine = parse_inputs([raw_file("articles.jsonl", kind="jsonl")])
    assert docs["source"].to_list() == ["fr-1", "de-2", "4"]
    assert docs["path"].to_list()[0].endswith("articles.jsonl#L1")
    assert quarantine.to_dicts() == [
        {"source": "articles.jsonl#L4", "stage": "ingest",
         "reason": "line 4: invalid JSON (Expecting ',' delimiter, column 150)"}
    ]
    first = docs.row(0, named=True)
    assert first["title"] == "Ségur" and first["url"] == "https://example.org/1"
    assert (first["language"], first["language_how"]) == ("fr", "input")
    assert docs["published"].to_list() == [dt.date(2020, 7, 9), dt.date(2025, 3, 1), None]
    assert docs["published_precision"].to_list() == ["day", "month", None]
    assert docs["published_how"].to_list() == ["input", "input", None]
    assert docs["language"].to_list() == ["fr", "de", "en"]
    assert docs["language_how"].to_list() == ["input", "detected", "input"]


def jsonl_line(record, number: int = 3) -> RawInput:
    data = record if isinstance(record, bytes) else json.dumps(record).encode("utf-8")
    return RawInput(f"f.jsonl#L{number}", f"/in/f.jsonl#L{number}", data, "jsonl-line", number)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"id": "a"}, "line 3: no 'text' field"),
        ({"id": "a", "text": None}, "line 3: no 'text' field"),
        ({"id": "a", "text": 42}, "line 3: 'text' is a number, not a string"),
        ({"id": "a", "text": "  \n "}, "line 3: empty 'text'"),
        (["a", "b"], "line 3: not a JSON object but an array"),
        (None, "line 3: not a JSON object but null"),
        (b'{"id": "a", "text": "x"', "line 3: invalid JSON (Expecting ',' delimiter, column 24)"),
        (b"\x89PNG\x00\xff", "line 3: binary file (NUL bytes), not text"),
        (b"\x00\x01", "line 3: invalid JSON (Expecting value, column 1)"),
    ],
)
def test_jsonl_bad_lines_have_readable_reasons(record, reason):
    docs, quarantine = parse_inputs([jsonl_line(record)])
    assert docs.height == 0
    assert quarantine.to_dicts() == [{"source": "f.jsonl#L3", "stage": "ingest", "reason": reason}]


def test_jsonl_line_number_comes_from_the_path_when_not_given():
    raw = RawInput("f.jsonl#L12", "/in/f.jsonl#L12", b"{oops", "jsonl-line")
    _, quarantine = parse_inputs([raw])
    assert quarantine["reason"].to_list()[0].startswith("line 12: invalid JSON (")


def test_jsonl_bad_published_keeps_the_article_and_says_so():
    text = "Die Stadt investiert 12 Millionen Euro in ein neues Hallenbad, teilte der Bürgermeister mit."
    docs, quarantine = parse_inputs([jsonl_line({"id": "x", "text": text, "published": "letzte Woche"})])
    assert docs["source"].to_list() == ["x"] and docs["published"].to_list() == [None]
    assert quarantine["reason"].to_list() == [
        "line 3: 'published' 'letzte Woche' is not an ISO date; article kept without a date"
    ]


def test_jsonl_without_id_is_named_by_its_line():
    text = "De gemeente investeert 12 miljoen euro in een nieuw zwembad, meldde de wethouder dinsdag."
    doc = one_doc(jsonl_line({"text": text}))
    assert doc["source"] == "f.jsonl#L3" and doc["language"] == "nl"


def test_jsonl_lone_surrogate_and_crlf_and_bom_do_not_break_the_line():
    data = b'\xef\xbb\xbf{"id": "s", "text": "Le co\\u00fbt: 5 \\ud800 euros pour la ville de Lyon cette ann\\u00e9e."}\r\n'
    doc = one_doc(jsonl_line(data))
    assert doc["text"] == "Le coût: 5 \ufffd euros pour la ville de Lyon cette année."
    doc["text"].encode("utf-8")  # valid for Arrow and DuckDB


def test_language_override_beats_jsonl_lang_and_detection():
    docs, _ = parse_inputs([raw_file("articles.jsonl", kind="jsonl"), raw_file("latin1_fr.txt")], lang="fr-FR")
    assert set(docs["language"]) == {"fr"} and set(docs["language_how"]) == {"input"}


def test_unknown_language_override_is_an_error():
    with pytest.raises(ValueError, match="unknown language code"):
        parse_inputs([raw_file("latin1_fr.txt")], lang="klingon")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-18", (dt.date(2025, 3, 18), "day")),
        ("2025-03", (dt.date(2025, 3, 1), "month")),
        ("2025", (dt.date(2025, 1, 1), "year")),
        (2025, (dt.date(2025, 1, 1), "year")),
        ("2025-03-18T23:30:00-05:00", (dt.date(2025, 3, 18), "day")),
        ("2025-03-18 10:00", (dt.date(2025, 3, 18), "day")),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "18/03/2025", "March 2025", "", "1066", 3.5, True, None])
def test_parse_published_refuses_non_iso(value):
    with pytest.raises(ValueError):
        parse_published(value)


# ---------------------------------------------------------------------------------------------- robustness

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), kind=st.sampled_from(["txt", "html", "jsonl", "jsonl-line"]))
def test_any_bytes_give_documents_or_quarantine_never_an_exception(data, kind):
    raw = RawInput("x", "/in/x", data, kind, 1 if kind == "jsonl-line" else None)
    docs, quarantine = parse_inputs([raw])
    if kind in ("txt", "html"):
        assert docs.height + quarantine.height == 1
    for text in docs["text"]:
        assert "\r" not in text and text.strip()
        text.encode("utf-8")
