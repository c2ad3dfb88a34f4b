"""Raw input bytes → documents (pure: no file, network or database access).

In: a list of `RawInput` (bytes read by flows/inputs.py: a .txt/.md file, an .html page, a whole .jsonl
file or one line of one). Out: `(documents, quarantine)` frames in the DOCUMENTS and QUARANTINE schemas
of transforms/schemas.py.

Each text is decoded (UTF-8, UTF-16/32 with a byte-order mark, Windows-1252/Latin-1, ISO-8859-15, UTF-8
with stray Windows-1252 bytes), HTML is reduced to the article (trafilatura, else a plain lxml walk),
newlines become "\\n" and the text is put in Unicode NFC; apart from that it is kept as it was, because
every offset downstream points into it. `doc_id` is the first 16 hex digits of sha256(text). What cannot
be read lands in quarantine with a reason a person understands; the rest still comes through.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterator

import polars as pl

from transforms.language import detect_languages, normalize_language_code
from transforms.schemas import DOCUMENTS, QUARANTINE, empty

STAGE = "ingest"


@dataclass(frozen=True, slots=True)
class RawInput:
    """One input as read from disk, not yet decoded.

    kind: "txt" (.txt/.md), "html" (.html/.htm), "jsonl" (a whole JSONL file) or "jsonl-line" (one line
    of a JSONL file; `source`/`path` end in "#L<n>" and `line` is n).
    """

    source: str
    path: str
    data: bytes
    kind: str
    line: int | None = None


class UnreadableInput(ValueError):
    """An input that cannot be turned into text; the message is the quarantine reason."""


# ---------------------------------------------------------------------------------------------- decoding

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_LATIN9_HINT = re.compile(rb"\xa4|[A-Za-z]\xbd[A-Za-z]")  # € (¤ in Latin-1), or œ inside a word (cœur)
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")
# Windows-1252, with its five undefined bytes read as Latin-1 (so decoding never fails)
_CP1252 = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_CP1252[b] for b in chunk), error.end


codecs.register_error("newsfacts-cp1252", _cp1252_bytes)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark shows a NUL in every other byte (for Latin script)."""
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 16:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.5 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.5 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not valid UTF-8: UTF-8 with stray Windows-1252 bytes, or a single-byte encoding."""
    loose = data.decode("utf-8", errors="replace")
    invalid = loose.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(loose) - len(loose.encode("ascii", errors="ignore"))
    valid_multibyte = non_ascii - invalid - data.count(b"\xef\xbf\xbd")
    if valid_multibyte > invalid:
        return data.decode("utf-8", errors="newsfacts-cp1252"), "utf-8 (with windows-1252 bytes)"
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high > 0.3 * len(data):
        # Not a Latin-script text in a Western encoding (Cyrillic, Greek, CJK...): ask charset-normalizer.
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise UnreadableInput("not text in any known encoding (binary file?)")
        return str(best), best.encoding
    if not _C1_BYTES.search(data) and _LATIN9_HINT.search(data):
        return data.decode("iso8859-15"), "iso8859-15"
    return data.decode("cp1252", errors="newsfacts-cp1252"), "windows-1252"


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom) :]  # then as any UTF-8 (stray Windows-1252 bytes allowed)
                break
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableInput(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {error.start + len(bom)})"
                ) from None
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
        raise UnreadableInput("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_legacy(data)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file → (text, encoding name); raises UnreadableInput when not text.

    Order: byte-order mark, NUL bytes (UTF-16 without a mark, else binary), strict UTF-8, then
    UTF-8 with stray Windows-1252 bytes, Windows-1252/Latin-1 or ISO-8859-15, charset-normalizer.
    """
    text, encoding = _decode(data)
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise UnreadableInput("binary file (control characters), not text")
    return text, encoding


_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """Newlines → "\\n" (also \\r, U+2028/9), no BOM, no NUL, lone surrogates → U+FFFD, Unicode NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def doc_id_of(text: str) -> str:
    """First 16 hex digits of sha256(text as UTF-8): same text, same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# trafilatura turns every Unicode space into " " and drops unprintable characters, so while it runs, the
# spaces that carry meaning in numbers ("100\u202f000") stand in as Linear B signs (printable, never in news).
_SPACES_KEPT = {"\xa0": "\U00010000", "\u202f": "\U00010001", "\u2009": "\U00010002", "\u2007": "\U00010003"}
_SPACES_BACK = str.maketrans({v: k for k, v in _SPACES_KEPT.items()})
_SPACES_OUT = str.maketrans(_SPACES_KEPT)
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_NEVER_TEXT = ("script", "style", "noscript", "template", "nav", "svg", "canvas", "object", "embed")
_NEVER_XPATH = (  # navigation by role, hidden nodes, and page (not article) headers and footers
    "//*[@role='navigation' or @aria-hidden='true' or @hidden]"
    " | //header[not(ancestor::article or ancestor::main)]"
    " | //footer[not(ancestor::article or ancestor::main)]"
)
_FALLBACK_DROP = ("head", "header", "footer", "aside", "form", "iframe", "button", "select", "menu")
_BLOCK_TAGS = frozenset(
    "address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p "
    "pre section table tbody thead tfoot tr td th ul".split()
)
_DATE_META = frozenset(
    "article:published_time datepublished pubdate publishdate publish-date dc.date.issued dcterms.issued "
    "dc.date dcterms.date".split()
)


def decode_html(data: bytes) -> str:
    """Decode an HTML page: byte-order mark, then the <meta charset> it declares, then as a text file."""
    if not any(data.startswith(bom) for bom, _ in _BOMS) and b"\x00" not in data:
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                encoding = codecs.lookup(match.group(1).decode("ascii")).name
            except (LookupError, UnicodeDecodeError):
                encoding = None
            if encoding in ("latin-1", "iso8859-1", "ascii"):
                encoding = "cp1252"  # as browsers do (WHATWG encoding standard)
            if encoding and not encoding.startswith(("utf-16", "utf-32")):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    pass  # the declaration lies: detect instead
    return decode_bytes(data)[0]


def _html_tree(html: str):
    from trafilatura.utils import load_html

    return load_html(_XML_DECLARATION.sub("", html, count=1))


def _html_title(tree) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:title":
            title = " ".join((meta.get("content") or "").split())
            if title:
                return title
    node = tree.find(".//title")
    if node is None:
        node = tree.find(".//h1")
    title = " ".join(node.text_content().split()) if node is not None else ""
    return title or None


def _html_published(tree) -> tuple[dt.date, str] | None:
    candidates = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            candidates.append(meta.get("content"))
    for node in tree.iter("time"):
        if (node.get("itemprop") or "").lower() == "datepublished" and node.get("datetime"):
            candidates.append(node.get("datetime"))
    for value in candidates:
        try:
            return parse_published(value)
        except ValueError:
            continue
    return None


def _prune(tree) -> None:
    """Remove what is never article text: scripts, styles, navigation, hidden nodes, page header/footer."""
    from lxml import etree

    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    for node in tree.xpath(_NEVER_XPATH):
        if node.getparent() is not None:
            node.drop_tree()  # keeps the text that follows the node


def _plain_html_text(tree) -> str:
    """Fallback extraction: body text without boilerplate elements, one line per block element."""
    from lxml import etree

    _prune(tree)
    etree.strip_elements(tree, *_FALLBACK_DROP, with_tail=False)
    body = tree.find(".//body")
    body = tree if body is None else body
    parts: list[str] = []
    for event, node in etree.iterwalk(body, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if tag and node.text:
                parts.append(node.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if node is not body and node.tail:
                parts.append(node.tail)
    return _clean_lines("".join(parts))


def _clean_lines(text: str) -> str:
    lines = (_ASCII_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, str | None, tuple[dt.date, str] | None]:
    """An HTML page → (article text, title, (published date, precision) from its meta tags or None).

    trafilatura first (keeps NBSP and thin spaces, which it would otherwise turn into plain spaces);
    when it finds nothing, a plain walk of <body> without scripts, styles and navigation.
    """
    tree = _html_tree(html)
    if tree is None:
        return "", None, None
    title, published = _html_title(tree), _html_published(tree)
    _prune(tree)
    keep_spaces = not any(mark in html for mark in _SPACES_KEPT.values())
    if keep_spaces:
        for node in tree.iter():
            if node.text:
                node.text = node.text.translate(_SPACES_OUT)
            if node.tail:
                node.tail = node.tail.translate(_SPACES_OUT)
    text = ""
    try:
        import trafilatura

        text = trafilatura.extract(
            tree, include_comments=False, include_tables=True, include_images=False,
            include_links=False, output_format="txt", deduplicate=False,
        ) or ""
    except Exception:  # a third-party parser on untrusted input: fall back, never fail the batch
        text = ""
    if keep_spaces:
        text = text.translate(_SPACES_BACK)
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    if not text:
        fallback = _html_tree(html)
        text = _plain_html_text(fallback) if fallback is not None else ""
    return text, title, published


# ---------------------------------------------------------------------------------------------- JSON lines

_ISO_DATE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
    r"|(?P<by>\d{4})(?P<bm>\d{2})(?P<bd>\d{2})"
)


def parse_published(value: Any) -> tuple[dt.date, str]:
    """An ISO date as JSONL gives it → (date, precision): "2025-03-18" day, "2025-03" month, "2025" year.

    A time of day is allowed and dropped ("2025-03-18T10:00:00+01:00" → 2025-03-18, the date as written).
    Raises ValueError for anything else.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    if match["by"]:
        year, month, day = int(match["by"]), int(match["bm"]), int(match["bd"])
    else:
        year = int(match["y"])
        month = int(match["m"]) if match["m"] else None
        day = int(match["d"]) if match["d"] else None
    if not 1800 <= year <= 2200:
        raise ValueError(f"year out of range: {value!r}")
    date = dt.date(year, month or 1, day or 1)  # ValueError on month 13, 30 February...
    return date, "day" if day else "month" if month else "year"


def _line_number(item: RawInput) -> int:
    if item.line is not None:
        return item.line
    match = re.search(r"#L(\d+)$", item.path or item.source)
    return int(match.group(1)) if match else 0


def _text_field(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _json_lines(item: RawInput) -> Iterator[tuple[str, str, int, bytes]]:
    """(source, path, line number, bytes) of each non-blank line of a JSONL input."""
    if item.kind == "jsonl-line":
        yield item.source, item.path, _line_number(item), item.data
        return
    for number, line in enumerate(item.data.split(b"\n"), 1):
        if line.strip():
            yield f"{item.source}#L{number}", f"{item.path}#L{number}", number, line


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number"}
    return names.get(type(value), "null")


def _parse_json_line(data: bytes, number: int) -> tuple[dict[str, Any], str | None]:
    """One JSONL line → (document fields, note about a dropped field); raises UnreadableInput."""
    where = f"line {number}"
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line = decode_bytes(data)[0]
        except UnreadableInput as error:
            raise UnreadableInput(f"{where}: {error}") from None
    line = line.lstrip("\ufeff").strip()
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"{where}: invalid JSON ({error.msg}, column {error.colno})") from None
    except RecursionError:
        raise UnreadableInput(f"{where}: invalid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise UnreadableInput(f"{where}: not a JSON object but {_json_type(record)}")
    if "text" not in record or record["text"] is None:
        raise UnreadableInput(f"{where}: no 'text' field")
    if not isinstance(record["text"], str):
        raise UnreadableInput(f"{where}: 'text' is {_json_type(record['text'])}, not a string")
    text = normalize_text(record["text"])
    if not text.strip():
        raise UnreadableInput(f"{where}: empty 'text'")
    fields: dict[str, Any] = {"text": text, "title": _text_field(record.get("title"))}
    url = record.get("url")
    fields["url"] = url.strip() if isinstance(url, str) and url.strip() else None
    ident = record.get("id")
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip():
        fields["source"] = str(ident).strip()
    lang = record.get("lang")
    fields["language"] = normalize_language_code(lang) if lang is not None else None
    note = None
    published = record.get("published")
    if published is not None and published != "":
        try:
            fields["published"], fields["published_precision"] = parse_published(published)
            fields["published_how"] = "input"
        except ValueError:
            note = f"{where}: 'published' {published!r} is not an ISO date; article kept without a date"
    return fields, note


# ---------------------------------------------------------------------------------------------- batch


def _quarantine_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=QUARANTINE) if rows else empty(QUARANTINE)


def _documents_frame(rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return empty(DOCUMENTS)
    columns = {name: [row.get(name) for row in rows] for name in DOCUMENTS}
    return pl.DataFrame(columns, schema=DOCUMENTS)


def _read(item: RawInput) -> Iterator[tuple[dict[str, Any] | None, dict[str, str] | None]]:
    """(document fields or None, quarantine row or None) for each document an input holds."""

    def bad(source: str, reason: str) -> dict[str, str]:
        return {"source": source, "stage": STAGE, "reason": reason}

    if item.kind in ("jsonl", "jsonl-line"):
        found = False
        for source, path, number, line in _json_lines(item):
            found = True
            try:
                fields, note = _parse_json_line(line, number)
            except UnreadableInput as error:
                yield None, bad(source, str(error))
                continue
            fields.setdefault("source", source)
            fields["path"] = path
            yield fields, bad(source, note) if note else None
        if not found and item.kind == "jsonl":
            yield None, bad(item.source, "no JSON lines in the file")
        return
    if item.kind not in ("txt", "html"):
        yield None, bad(item.source, f"unknown input kind {item.kind!r}")
        return
    try:
        if item.kind == "html":
            text, title, published = html_to_text(decode_html(item.data))
            text = normalize_text(text)
            if not text.strip():
                raise UnreadableInput("no article text found in the HTML page")
        else:
            text, title, published = normalize_text(decode_bytes(item.data)[0]), None, None
            if not text.strip():
                raise UnreadableInput("empty after decoding")
    except UnreadableInput as error:
        yield None, bad(item.source, str(error))
        return
    fields = {"source": item.source, "path": item.path, "text": text, "title": title}
    if published:
        fields["published"], fields["published_precision"] = published
        fields["published_how"] = "input"
    yield fields, None


def parse_inputs(raw: list[RawInput], lang: str | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decode and parse a batch of raw inputs → (documents, quarantine), in input order.

    `lang` overrides every document's language; else a JSONL "lang", else detection (None if unsure).
    Texts with the same doc_id: the first is kept, the others are quarantined as duplicates.
    Raises ValueError when `lang` is not a language code.
    """
    override = None
    if lang is not None:
        override = normalize_language_code(lang)
        if override is None:
            raise ValueError(f"unknown language code {lang!r}")
    documents: list[dict[str, Any]] = []
    quarantine: list[dict[str, str]] = []
    first_source: dict[str, str] = {}
    for item in raw:
        for fields, problem in _read(item):
            if problem:
                quarantine.append(problem)
            if fields is None:
                continue
            doc_id = doc_id_of(fields["text"])
            if doc_id in first_source:
                reason = f"same text as {first_source[doc_id]} (already in this batch)"
                quarantine.append({"source": fields["source"], "stage": STAGE, "reason": reason})
                continue
            first_source[doc_id] = fields["source"]
            fields["doc_id"] = doc_id
            fields["n_chars"] = len(fields["text"])
            if override:
                fields["language"] = override
            if fields.get("language"):
                fields["language_how"] = "input"
            documents.append(fields)
    undetected = [doc for doc in documents if not doc.get("language")]
    for doc, language in zip(undetected, detect_languages([doc["text"] for doc in undetected])):
        doc["language"] = language
        doc["language_how"] = "detected" if language else None
    return _documents_frame(documents), _quarantine_frame(quarantine)
