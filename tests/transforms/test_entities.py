"""Entities: lexicon names, roles, descriptive references and discovered organisations."""

from __future__ import annotations

from transforms.entities import Cues, canonical_name, discover, find_mentions, movements
from transforms.metrics import attribute_cues


def mentions(text: str, lang: str):
    return find_mentions(text, lang, attribute_cues(lang))


def named(text: str, lang: str) -> list[tuple[str, str, str]]:
    return [(text[m.start:m.end], m.name, m.how) for m in mentions(text, lang)]


def test_lexicon_aliases_map_to_canonical_names():
    found = named("XAI apporte aussi son supercalculateur Colossus, et Natural Synthetics Inc. suit.", "fr")
    assert ("XAI", "xAI", "lexicon") in found
    assert ("Colossus", "Colossus", "lexicon") in found
    assert ("Natural Synthetics Inc.", "Hotshot", "lexicon") in found


def test_x_is_the_network_but_not_a_multiplication_sign():
    assert [m.name for m in mentions("sur la plateforme X, sans révéler", "fr")] == ["X"]
    assert "X" not in [m.name for m in mentions("une résolution de 1280 X 720 pixels", "fr")]
    assert "X" not in [m.name for m in mentions("SpaceX et xAI", "fr")]


def test_brand_of_counted_hardware_is_a_modifier():
    roles = {m.name: m.role for m in mentions("une fraction des 200 000 puces NVIDIA équipant Colossus", "fr")}
    assert roles == {"Nvidia": "modifier", "Colossus": ""}
    roles = {m.name: m.role for m in mentions("benötigte Tausende von Nvidia A100-Grafikprozessoren", "de")}
    assert roles["Nvidia"] == "modifier"
    roles = {m.name: m.role for m in mentions("ein Bruchteil der 200.000 Nvidia-Chips", "de")}
    assert roles["Nvidia"] == "modifier"


def test_a_system_after_hardware_nouns_is_its_owner_not_a_brand():
    roles = {m.name: m.role for m in mentions("menambah jumlah kartu grafis Colossus menjadi 1 juta", "id")}
    assert roles["Colossus"] == ""


def test_compound_oblique_and_agent_roles():
    roles = {m.name: m.role for m in mentions("im xAI-Supercomputer Colossus verbaut", "de")}
    assert roles["xAI"] == "compound"
    roles = {m.name: m.role for m in mentions("xAI a négocié avec Dell Technologies l'achat", "fr")}
    assert roles == {"xAI": "", "Dell Technologies": "oblique"}
    roles = {m.name: m.role for m in mentions("Hotshot telah diakuisisi oleh xAI.", "id")}
    assert roles["xAI"] == "agent"


def test_descriptive_references_resolve_to_the_last_entity_of_their_type():
    text = ("Colossus est installé à Memphis. xAI, la société d'Elon Musk, s'est associée à Dell Technologies. "
            "Le supercalculateur compte 100 000 GPU. La start-up a levé 6 milliards.")
    refs = [(text[m.start:m.end], m.name) for m in mentions(text, "fr") if m.how == "reference"]
    assert ("la société", "xAI") in refs
    assert ("Le supercalculateur", "Colossus") in refs
    assert ("La start-up", "xAI") in refs  # Dell is a counterparty ("associée à"), not an antecedent


def test_an_agent_is_not_what_the_next_sentence_is_about():
    text = ("La start-up Nimbus a levé 300 millions lors d'un tour mené par Sequoia Capital. "
            "L'entreprise est désormais valorisée à 2 milliards.")
    assert [m.name for m in mentions(text, "fr") if m.how == "reference"] == ["Nimbus"]
    # with no other antecedent, the agent is still one
    text = "Le rachat a été annoncé par xAI. La société paiera 45 milliards."
    assert [m.name for m in mentions(text, "fr") if m.how == "reference"] == ["xAI"]


def test_indonesian_and_german_references():
    text = "Colossus milik xAI sangat besar. Superkomputer ini ditempatkan di Memphis."
    assert [(m.name, m.how) for m in mentions(text, "id")][-2] == ("Colossus", "reference")
    text = "Elon Musks Unternehmen xAI gab heute die Übernahme bekannt. Das Unternehmen plant viel."
    assert [m.name for m in mentions(text, "de") if m.how == "reference"] == ["xAI"]


def test_apposition_is_not_a_second_reference():
    text = "xAI apporte son supercalculateur Colossus."
    assert [m.how for m in mentions(text, "fr")] == ["lexicon", "lexicon"]


def test_unresolvable_reference_is_dropped():
    assert mentions("La société a levé 6 milliards.", "fr") == []


def test_discovery_by_cue_words_and_legal_forms():
    assert discover("La start-up française Zephyr Robotics a levé 10 millions.", "fr") == {"Zephyr Robotics": "company"}
    assert discover("Die Nordlicht Data GmbH eröffnet ein Rechenzentrum.", "de") == {"Nordlicht Data": "company"}
    assert discover("PT Sinar Awan Digital Tbk resmi beroperasi.", "id") == {"Sinar Awan Digital": "company"}
    assert discover("The company Acme Widgets said on Monday it raised $5m.", "en") == {"Acme Widgets": "company"}
    assert discover("Perusahaan asal Jerman, Nordlicht Data, meresmikan pusat data.", "id") == {"Nordlicht Data": "company"}
    assert discover("La proveedora indonesia de servicios en la nube Sinar Awan Digital abrió.", "es") == {
        "Sinar Awan Digital": "company"}


def test_discovery_ignores_known_names_places_and_common_words():
    assert discover("Das Unternehmen Anfang 2024 gegründet.", "de") == {}
    assert discover("la société Tesla et l'entreprise a levé", "fr") == {}
    assert discover("La société a déclaré mardi que", "fr") == {}


def test_discovered_names_are_mentions_everywhere_in_the_text():
    text = "La société allemande Nordlicht Data ouvre un site. Nordlicht Data emploie 350 salariés."
    found = [(m.name, m.how) for m in mentions(text, "fr")]
    assert found.count(("Nordlicht Data", "discovered")) == 2


def test_canonical_name_drops_legal_forms_and_articles():
    assert canonical_name("PT Telkom Nusantara Tbk") == "Telkom Nusantara"
    assert canonical_name("Die Foo GmbH") == "Foo"
    assert canonical_name("Acme Corp.") == "Acme"


def test_cue_syntax():
    cues = Cues([("prévoi", "p"), ("va$", "v"), ("*chips", "c"), ("^perusahaan$", "s"), ("l'année$", "y")])
    assert [t for _s, _e, t in cues.finditer("xAI prévoit; valeur; va; Nvidia-Chips, KI-Rechenchips")] == ["p", "v", "c", "c"]
    assert [t for _s, _e, t in cues.finditer("Perusahaan itu. Jumlah perusahaan")] == ["s"]
    assert [t for _s, _e, t in cues.finditer("fin de l’année")] == ["y"]
    assert cues.ends_at("le prévoit  ", 12) and not cues.ends_at("le prévoit x", 12)


def test_organisation_words_and_short_forms():
    assert discover("Brightline Systems has been acquired by Meridian Group.", "en") == {
        "Brightline Systems": "company", "Meridian": "company"}  # "Group" is generic, "Systems" is the brand
    text = "The company Brightline Systems grew. Brightline reported revenue."
    found = [(text[m.start:m.end], m.name) for m in mentions(text, "en") if m.how == "discovered"]
    assert found == [("Brightline Systems", "Brightline Systems"), ("Brightline", "Brightline Systems")]


def test_an_acronym_the_text_defines_is_the_name_it_spells():
    # "Name (ACR)" and "ACR (Name)" in every language: the acronym written alone afterwards is the name
    text = "Le fonds néerlandais Zeeland Offshore Partners (ZOP) détient 49 %. ZOP a levé 650 millions."
    assert [(text[m.start:m.end], m.name) for m in mentions(text, "fr") if "Z" in text[m.start:m.end]] == [
        ("Zeeland Offshore Partners", "Zeeland Offshore Partners"), ("ZOP", "Zeeland Offshore Partners"),
        ("ZOP", "Zeeland Offshore Partners")]
    text = "Perusahaan BNS (PT Bumi Nikel Sejahtera) membangun smelter. BNS akan berinvestasi."
    assert {m.name for m in mentions(text, "id") if text[m.start:m.end] == "BNS"} == {"Bumi Nikel Sejahtera"}
    # letters that are not the name's initials define nothing: the parenthesis is a ticker or another party
    text = "The company Brightline Systems (NYSE) grew. NYSE said so."
    assert "Brightline Systems" not in {m.name for m in mentions(text, "en") if text[m.start:m.end] == "NYSE"}


def test_one_word_name_past_other_words_must_recur_and_not_be_a_place():
    assert discover("Le fabricant suédois de batteries Voltaris construit. Voltaris prévoit", "fr") == {"Voltaris": "company"}
    assert discover("Le fabricant suédois de batteries Voltaris construit une usine.", "fr") == {}
    assert discover("La société basée à Leipzig a levé. Leipzig est belle.", "fr") == {}


def test_ambiguous_names_need_their_context():
    # the king is a person found by his name's shape; neither "X" is the company
    assert [(m.name, m.type) for m in mentions("Le roi Louis X aimait la lettre X.", "fr")] == [("Louis X", "person")]
    text = "Musk a racheté Twitter. Sur X, les messages circulent. L'iPhone X coûte cher."
    assert [text[m.start:m.end] for m in mentions(text, "fr")] == ["Musk", "Twitter", "X"]
    assert mentions("Apple pie is a dessert.", "en") == []


def test_a_brand_before_a_product_name_is_a_modifier():
    roles = {m.name: m.role for m in mentions("Laptop ini ditenagai prosesor Intel Core i5 dan 512 GB SSD.", "id")}
    assert roles["Intel"] == "modifier"


def test_discovery_drops_agencies_and_common_leading_words():
    assert discover("The U.S. Commodity Credit Corporation (CCC) has authorized credit guarantees.", "en") == {}
    assert discover("The américain carrier grew. Américain United Airlines Inc said so.", "fr") == {"United Airlines": "company"}


def test_an_office_written_before_a_person_is_not_part_of_the_name():
    text = "Selon le ministre de l'Intérieur Christophe Castaner, la ministre du Travail Muriel Pénicaud a parlé."
    people = {m.name: m.type for m in mentions(text, "fr")}
    assert people == {"Christophe Castaner": "person", "Muriel Pénicaud": "person"}
    # a name whose first words are common words but no office before a given name stays whole
    text = "El Partido Social Cristiano (PSC) ganó. Lasso, candidato del Partido Social Cristiano, logró votos."
    assert "Partido Social Cristiano" in {m.name for m in mentions(text, "es")}
    assert {m.name for m in mentions("Kiev informó a La Haya del derribo. La Haya lo confirmó.", "es")} <= {"La Haya"}


def test_a_metric_word_or_an_acronym_of_common_words_is_no_name():
    text = "Le Produit intérieur brut (PIB) a reculé. Le PIB de la France a reculé de 3,6%."
    assert "PIB" not in {m.name for m in mentions(text, "fr")}
    text = "Non-performing loans (NPL) rose. The NPL ratio of Bank Danamon rose to 3%."
    assert "NPL" not in {m.name for m in mentions(text, "en")}


def test_a_name_in_apposition_after_a_role_is_a_person():
    text = ("PT Bumi Nikel Sejahtera (BNS) memulai pembangunan smelter. Direktur Utama BNS, Hendra Wijaya Saputra, "
            "mengatakan kawasan smelter akan menempati lahan seluas 400 hektare.")
    assert {m.name: m.type for m in mentions(text, "id")}.get("Hendra Wijaya Saputra") == "person"


def test_a_currency_prefix_is_no_name():
    text = "Nilai investasi proyek ini mencapai US$ 1,8 miliar. Investasi US$ 2 miliar lainnya menyusul."
    assert "US" not in {m.name for m in mentions(text, "id")}


def test_a_headline_in_capitals_is_no_name():
    text = "Le journal titrait DES FOUS DE VITESSE : un motard a été flashé à 251 km/h sur la route."
    assert "DES FOUS DE VITESSE" not in {m.name for m in mentions(text, "fr")}


def test_a_name_never_ends_on_a_connector():
    text = "Según el recuento, Macron y Le Pen pasan a la segunda vuelta; con Macron y Le Pen en cabeza."
    assert not any(m.name.endswith(" y") for m in mentions(text, "es"))


def test_movements_are_named_after_their_head_or_known_by_name():
    text = "Le mouvement des « stylos verts » a défilé. Les Stylos-verts reviendront."
    assert movements(text, "fr") == {"stylos verts": "movement"}
    assert [(m.name, m.type) for m in find_mentions(text, "fr") if m.type == "movement"] == [
        ("stylos verts", "movement"), ("stylos verts", "movement")]
    # a head followed by words the text never writes again names nothing
    assert movements("Le mouvement des retraités en colère a défilé.", "fr") == {}
    # a movement the language knows by name
    assert movements("Miles de chalecos amarillos marcharon.", "es") == {"chalecos amarillos": "movement"}


def test_a_place_after_a_capitalised_preposition_is_a_place():
    text = "À Caen, 1 700 personnes ont manifesté. A Lorient, 2 000."
    assert [(m.name, m.type) for m in find_mentions(text, "fr")] == [("Caen", "place"), ("Lorient", "place")]


def test_a_stock_symbol_and_a_place_adjective_are_no_parties():
    text = "Walt Disney Co <DIS> bought it. The New York-area station and Caracas-based Andean Development Corp agreed."
    found = {(m.name, m.role) for m in find_mentions(text, "en")}
    assert ("DIS", "modifier") in found
    assert not any(name.startswith(("New York-area", "Caracas")) for name, _ in found)
    assert ("Andean Development", "") in found


def test_a_surname_after_the_full_name_is_the_same_person():
    text = ("Group turnover of Siemens should rise, management board chairman Karlheinz Kaske said. "
            "Kaske told the meeting turnover rose. Kaske also spoke of orders.")
    found = {(text[m.start:m.end], m.name, m.type) for m in mentions(text, "en")}
    assert ("Kaske", "Karlheinz Kaske", "person") in found
    assert not any(name == "Kaske" for _s, name, _t in found)


def test_a_place_or_an_organisation_word_is_no_surname():
    text = ("The club signed Orlando City in May. City spent the money on players. City won the league, "
            "said coach John Sevilla. He lives in Sevilla.")
    found = {(surface, name) for surface, name, _t in named(text, "en")}
    assert ("City", "Orlando City") not in found
    assert ("Sevilla", "John Sevilla") not in found


def test_a_region_is_a_place_not_the_company_of_the_story():
    text = ("Batterie, Lumeon sceglie la Germania. Delusione in Piemonte. La gigafactory di Lumeon non sorgerà "
            "in Piemonte. Il gruppo ha scelto Bitterfeld-Wolfen, in Sassonia, per la sua prima gigafactory.")
    types = {m.name: m.type for m in find_mentions(text, "it")}
    assert types["Piemonte"] == "place" and types["Lumeon"] == "company"
    fr = "Le groupe Lumeon a choisi Bitterfeld-Wolfen, en Saxe-Anhalt, pour sa première gigafactory."
    assert "Saxe-Anhalt" not in {m.name for m in find_mentions(fr, "fr") if m.type != "place"}


def test_a_name_a_legal_form_closes_keeps_its_adjective_and_connectors():
    text = ("American Brands Inc said sales rose. Jones and Vining Inc made an offer. Bank of Boston Corp "
            "gained. Gencorp Inc and Continental AG agreed. Bain and Co advised. The American firm Foo said.")
    names = {m.name for m in find_mentions(text, "en") if m.type == "company"}
    assert {"American Brands", "Jones and Vining", "Bank of Boston", "Gencorp", "Continental"} <= names
    assert not {"Brands", "Vining", "Boston", "Gencorp Inc and Continental", "Bain and", "American firm Foo"} & names


def test_a_name_after_a_players_position_is_a_person():
    text = "El Betis ficha al centrocampista uruguayo Martín Guzmarán. Guzmarán marcó nueve goles."
    found = {text[m.start:m.end]: (m.name, m.type) for m in mentions(text, "es") if "Guzmarán" in m.name}
    assert found == {"Martín Guzmarán": ("Martín Guzmarán", "person"), "Guzmarán": ("Martín Guzmarán", "person")}


def test_a_disease_is_no_organisation():
    # written like a name three times, "le Covid-19" once took "Le groupe aux 135.000 salariés" as its own
    text = ("Le transport aérien est terrassé par le Covid-19. Airbus va supprimer des postes en raison de la crise "
            "Covid-19. La baisse d'activité liée à la crise du Covid-19 impose d'accélérer.")
    assert "Covid-19" not in {m.name for m in find_mentions(text, "fr")}


def test_a_country_inside_a_hyphenated_region_is_no_mention_of_the_country():
    text = "La région Ile-de-France débloque 10 millions d'euros. Météo-France prévoit des rafales. La France paie."
    assert [m.name for m in find_mentions(text, "fr") if m.name == "France"] == ["France"]  # only the last one
