"""Dates: month names from CLDR, relative dates, and the publication date a text reveals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms import schemas
from transforms.dates import fill_published, infer_published, latest_with_weekday, month_names

TODAY = dt.date(2026, 11, 23)


def test_month_names_come_from_cldr_and_extras():
    assert month_names("fr")["mars"] == 3 and month_names("fr")["sept"] == 9
    assert month_names("id")["maret"] == 3 and month_names("id")["agustus"] == 8
    assert month_names("de")["märz"] == 3 and month_names("de")["jänner"] == 1
    assert month_names("es")["septiembre"] == 9 and month_names("es")["setiembre"] == 9


def test_latest_with_weekday():
    # 28 March 2026 is a Saturday; the latest Friday 28 March not after today is in 2025
    assert latest_with_weekday(28, 3, 4, TODAY) == dt.date(2025, 3, 28)


@pytest.mark.parametrize("text,lang,expected", [
    ("tulis Hotshot, dikutip topik.id Selasa (18/3/2025).", "id", (dt.date(2025, 3, 18), "day")),
    ("L'entrepreneur a en effet annoncé, vendredi 28 mars, que sa start-up", "fr", (dt.date(2025, 3, 28), "day")),
    ("Berlin, Freitag, 28. März 2025 – Die Firma", "de", (dt.date(2025, 3, 28), "day")),
    ("WASHINGTON, Friday, March 28, 2025 - The company", "en", (dt.date(2025, 3, 28), "day")),
    ("Madrid, viernes 28 de marzo de 2025. La empresa", "es", (dt.date(2025, 3, 28), "day")),
    ("18/03/2025\nLe gouvernement a annoncé", "fr", (dt.date(2025, 3, 18), "day")),
    ("Hotshot a été fondée en 2023 et lancée en septembre 2024.", "fr", None),
    ("Pengguna punya waktu hingga 30 Maret 2025 untuk mengunduh.", "id", None),
])
def test_infer_published(text, lang, expected):
    assert infer_published(text, lang, today=TODAY) == expected


def test_infer_published_ignores_the_future():
    assert infer_published("Selasa (18/3/2031) acara", "id", today=TODAY) is None


def test_infer_published_takes_the_latest_dated_statement():
    text = "Pada Senin (17/3/2025) dia berkata ... dikutip Selasa (18/3/2025)."
    assert infer_published(text, "id", today=TODAY) == (dt.date(2025, 3, 18), "day")


def test_fill_published():
    docs = pl.DataFrame({
        "doc_id": ["a", "b", "c"], "source": ["a.txt", "b.txt", "c.txt"],
        "text": ["dikutip Selasa (18/3/2025).", "rien ici", "vendredi 28 mars"],
        "language": ["id", "fr", "fr"],
        "published": [None, None, dt.date(2020, 1, 1)],
        "published_precision": [None, None, "day"],
        "published_how": [None, None, "input"],
    })
    out = fill_published(docs)
    assert out.schema == pl.Schema(schemas.DOCUMENTS)
    assert out.select("published", "published_precision", "published_how").rows() == [
        (dt.date(2025, 3, 18), "day", "text"), (None, None, None), (dt.date(2020, 1, 1), "day", "input")]


def test_weekday_without_year_prefers_a_year_the_text_mentions():
    # 27 March 2017 was a Monday; so was 27 March 2023 (the latest before today): the text says 2017
    text = "Pertumbuhan ekonomi 2017 diperkirakan naik, ucap Zulkifli, Senin (27/3)."
    assert infer_published(text, "id", today=TODAY) == (dt.date(2017, 3, 27), "day")
    # no year in the text fits: the most recent year with that weekday
    assert infer_published("annoncé vendredi 28 mars, après 2023 et 2024", "fr", today=TODAY) == (dt.date(2025, 3, 28), "day")
