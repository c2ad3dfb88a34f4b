"""Claims: who a figure is credited to, and the place a crowd's count is limited to."""

from __future__ import annotations

import pytest

from transforms.claims import claimant, scope, share_class
from transforms.entities import Mention


def q(text: str, surface: str) -> dict:
    start = text.index(surface)
    return {"start": start, "end": start + len(surface)}


def test_the_claimant_after_a_figure_and_its_kind():
    text = "A Lille, 1400 personnes selon la police, 2000 selon les organisateurs, ont défilé."
    amounts = [q(text, "1400 personnes"), q(text, "2000")]
    sentence = (0, len(text))
    assert claimant(text, "fr", sentence, amounts[0], amounts) == "police"
    assert claimant(text, "fr", sentence, amounts[1], amounts) == "organisers"


def test_a_contrast_or_another_amount_ends_what_a_claimant_credits():
    text = "58 600 personnes ont manifesté, selon le ministère, alors que le mouvement revendique 116 000 manifestants."
    amounts = [q(text, "58 600 personnes"), q(text, "116 000 manifestants")]
    sentence = (0, len(text))
    assert claimant(text, "fr", sentence, amounts[0], amounts) == "authorities"
    assert claimant(text, "fr", sentence, amounts[1], amounts) is None


def test_a_claimant_that_opens_the_sentence_and_the_same_source():
    text = "According to the organisers, 12,000 people marched."
    assert claimant(text, "en", (0, len(text)), q(text, "12,000 people"), [q(text, "12,000 people")]) == "organisers"
    text = "Some 300 were detained, the same source said."
    assert claimant(text, "en", (0, len(text)), q(text, "300"), [q(text, "300")], previous="police") is None
    text = "Some 300 were detained, according to the same source."
    assert claimant(text, "en", (0, len(text)), q(text, "300"), [q(text, "300")], previous="police") == "police"


def test_an_unknown_claimant_is_kept_as_written():
    text = "Quelque 13 800 personnes ont défilé à Paris, selon le cabinet Occurence."
    amount = q(text, "13 800 personnes")
    assert claimant(text, "fr", (0, len(text)), amount, [amount]) == "cabinet occurence"


def place(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, "place", "shape")


def test_the_scope_is_the_nearest_city_with_no_other_amount_between():
    text = "À Caen, 1 700 personnes ont manifesté, et 1 500 à Montpellier (2 000 selon les organisateurs), Lille 900."
    amounts = [q(text, "1 700 personnes"), q(text, "1 500"), q(text, "2 000"), q(text, "900")]
    places = [place(text, "Caen"), place(text, "Montpellier"), place(text, "Lille")]
    sentence = (0, len(text))
    assert [scope(text, sentence, a, amounts, places) for a in amounts] == ["Caen", "Montpellier", "Montpellier", "Lille"]


def test_a_country_is_no_scope():
    text = "Il y a eu 117 interpellations en France."
    amount = q(text, "117 interpellations")
    assert scope(text, (0, len(text)), amount, [amount], [place(text, "France")]) is None


@pytest.mark.parametrize("text,lang,amount,expected", [
    ('It expects a total dividend of four cents per "B" share and 40 cents a share on A shares.', "en", "four cents", "B shares"),
    ('It expects a total dividend of four cents per "B" share and 40 cents a share on A shares.', "en", "40 cents", None),
    ("Un dividende de 2 euros par action B est proposé.", "fr", "2 euros", "B shares"),
    ("Die Dividende steigt auf 1,20 Euro je Aktie.", "de", "1,20 Euro", None),
])
def test_a_per_share_amount_of_one_class_of_shares_says_which(text, lang, amount, expected):
    start = text.index(amount)
    assert share_class(text, lang, {"start": start, "end": start + len(amount)}) == expected
