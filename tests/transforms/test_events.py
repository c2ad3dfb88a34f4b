"""Events: the story's one disaster or demonstration, named by its kind and its day."""

from __future__ import annotations

from datetime import date

from transforms.events import event_mentions
from transforms.facts import sentences


def dated(text: str, *days: tuple[str, str]) -> list[dict]:
    """Date quantities of `text`: (surface, ISO value) pairs."""
    return [{"start": text.index(surface), "value_text": iso, "unit_norm": "date"} for surface, iso in days]


def names(text: str, lang: str, days: list[dict], published: date | None) -> set[str]:
    return {m.name for m in event_mentions(text, lang, sentences(text, lang), days, published)}


def test_the_event_is_named_by_its_kind_and_its_day_in_every_language():
    en = "Floods hit Kerala\n\nKOCHI, March 3 2024 - Floods that swept the state on Friday, March 1, left 12 people dead."
    days = dated(en, ("March 3 2024", "2024-03-03"), ("March 1", "2024-03-01"))
    assert names(en, "en", days, date(2024, 3, 3)) == {"flood of 2024-03-01"}  # the dateline is the report's day
    de = "Das Hochwasser vom 1. März 2024 hat in Kerala zwölf Menschen getötet."
    assert names(de, "de", dated(de, ("1. März 2024", "2024-03-01")), date(2024, 3, 4)) == {"flood of 2024-03-01"}


def test_no_day_no_publication_date_or_an_old_day_no_event():
    text = "Le séisme a fait 40 morts, selon les autorités."
    assert names(text, "fr", [], date(2024, 3, 3)) == set()
    text = "Le séisme du 2 mars 2024 a fait 40 morts."
    days = dated(text, ("2 mars 2024", "2024-03-02"))
    assert names(text, "fr", days, None) == set()                      # when was the story written?
    assert names(text, "fr", days, date(2024, 9, 1)) == set()          # months later: a look back, not the story's
    assert names(text, "fr", days, date(2024, 3, 3)) == {"earthquake of 2024-03-02"}


def test_an_event_word_of_another_year_is_another_event():
    text = ("Gempa mengguncang Palu pada Senin (4/3/2024). Gempa itu mirip gempa tahun 2018 "
            "yang menewaskan 4.000 orang.")
    days = dated(text, ("Senin (4/3/2024)", "2024-03-04"), ("2018", "2018"))
    found = event_mentions(text, "id", sentences(text, "id"), days, date(2024, 3, 5))
    assert [text[m.start:m.end] for m in found] == ["Gempa"]  # not the words of the 2018 sentence
