"""transforms.language: offline detection among the project's languages, and code clean-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.language import SUPPORTED, detect_language, detect_languages, normalize_language_code

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

SENTENCES = {
    "fr": "Le gouvernement a annoncé mardi une enveloppe de sept milliards d'euros pour les hôpitaux publics.",
    "de": "Die Bundesregierung kündigte am Dienstag ein Förderprogramm von sieben Milliarden Euro für Kliniken an.",
    "id": "Pemerintah mengumumkan anggaran sebesar tujuh triliun rupiah untuk rumah sakit umum pada hari Selasa.",
    "en": "The government announced on Tuesday a package of seven billion pounds for public hospitals across the country.",
    "es": "El gobierno anunció el martes un paquete de siete mil millones de euros para los hospitales públicos.",
    "pt": "O governo anunciou na terça-feira um pacote de sete bilhões de reais para os hospitais públicos do país.",
    "nl": "De regering heeft dinsdag een pakket van zeven miljard euro voor de openbare ziekenhuizen aangekondigd.",
    "it": "Il governo ha annunciato martedì un pacchetto di sette miliardi di euro per gli ospedali pubblici del paese.",
}


def test_seeds_languages():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert detect_languages(texts) == ["fr", "de", "id", "fr", "fr"]


def test_each_supported_language_one_sentence():
    assert set(SENTENCES) == set(SUPPORTED)
    assert detect_languages(list(SENTENCES.values())) == list(SENTENCES)


def test_too_short_or_no_letters_is_none_and_order_is_kept():
    texts = ["", "OK", "12 345 678,90 € — 2025", SENTENCES["de"], "Merci.", SENTENCES["it"]]
    assert detect_languages(texts) == [None, None, None, "de", None, "it"]
    assert detect_languages([]) == []
    assert detect_language(SENTENCES["id"]) == "id"


def test_only_the_start_of_a_long_text_counts():
    text = " ".join([SENTENCES["es"]] * 10 + [SENTENCES["en"]] * 200)
    assert detect_language(text) == "es"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "fr"), ("FR", "fr"), (" de ", "de"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("pt-BR", "pt"),
        ("fra", "fr"), ("deu", "de"), ("ger", "de"), ("ind", "id"), ("in", "id"), ("nld", "nl"),
        ("xx", None), ("", None), (None, None), (42, None), ("français", None), ("fr;de", None),
    ],
)
def test_normalize_language_code(code, expected):
    assert normalize_language_code(code) == expected
