"""Conformance of the extractor with a peer suite (Microsoft Recognizers-Text specs, as JSON lines).

In: a folder of `<model>.<lang>.jsonl` files (model: number, percent, currency, dimension), one case a
line: {"input", "expected": [{"text", "start", "end", "value", "unit", "iso_currency"}]}.
Out: the pass rate per file and overall, printed (with failing cases when asked).

A case passes when every expected entity is matched by an extracted mention that overlaps its
`text` span with the same value AND the same unit or currency (compared in base units; currency
names of the spec are mapped to ISO codes below; sub-units such as cents scale by 1/100; for the
number model a share in percent counts as its fraction), and a negative case (`expected: []`) passes
when nothing of the model's kind is extracted (no amount of money for the currency model, no
physical quantity for the dimension model, no percent for the percent model, no bare number or
amount for the number model: "the 180ml liquid" holds a dimension, not a number). Entities the spec gives without a value (a bare unit named without a number) are
not required.

    python -m benchmarks.conformance [--dir PATH] [--only FILE_GLOB] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from transforms.extract import extract_text  # noqa: E402
from transforms.units import PINT_NAME, ureg  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "conformance" / "recognizers"

DOLLARS = {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN"}
# the spec's currency names (lower case) → (ISO codes accepted, factor to the main unit)
CURRENCY = {
    "dollar": (DOLLARS, 1), "dólar": (DOLLARS, 1), "united states dollar": ({"USD"}, 1),
    "dólar estadounidense": ({"USD"}, 1), "dólar estadunidense": ({"USD"}, 1), "dollar états-unis": ({"USD"}, 1),
    "canadian dollar": ({"CAD"}, 1), "dollar canadien": ({"CAD"}, 1), "dólar canadiense": ({"CAD"}, 1),
    "dólar canadense": ({"CAD"}, 1), "hong kong dollar": ({"HKD"}, 1), "dólar de hong kong": ({"HKD"}, 1),
    "dollar de hong kong": ({"HKD"}, 1), "australian dollar": ({"AUD"}, 1), "dólar australiano": ({"AUD"}, 1),
    "dollar australien": ({"AUD"}, 1),
    "euro": ({"EUR"}, 1), "cent": (DOLLARS | {"EUR"}, 0.01), "centavo": ({"MXN", "BRL", "USD"}, 0.01),
    "centimes": ({"EUR", "FRF", "CHF"}, 0.01),
    "pound": ({"GBP"}, 1), "libra": ({"GBP"}, 1), "livre": ({"GBP"}, 1), "british pound": ({"GBP"}, 1),
    "pence": ({"GBP"}, 0.01), "penny": ({"GBP"}, 0.01), "penique": ({"GBP"}, 0.01), "pêni": ({"GBP"}, 0.01),
    "yen": ({"JPY"}, 1), "japanese yen": ({"JPY"}, 1), "yen japonais": ({"JPY"}, 1), "sen": ({"JPY"}, 0.01),
    "chinese yuan": ({"CNY"}, 1), "yuan chinois": ({"CNY"}, 1), "yuan chino": ({"CNY"}, 1), "yuan chinês": ({"CNY"}, 1),
    "franc": ({"CHF", "FRF", "BEF"}, 1), "franco": ({"CHF", "FRF", "BEF"}, 1), "swiss franc": ({"CHF"}, 1),
    "franc suisse": ({"CHF"}, 1), "franco suizo": ({"CHF"}, 1), "franco suíço": ({"CHF"}, 1),
    "finnish markka": ({"FIM"}, 1), "mark finlandais": ({"FIM"}, 1), "marco finlandés": ({"FIM"}, 1),
    "marco finlandês": ({"FIM"}, 1), "penni": ({"FIM"}, 0.01),
    "netherlands guilder": ({"NLG"}, 1), "florins néerlandais": ({"NLG"}, 1), "florín neerlandés": ({"NLG"}, 1),
    "florim holandês": ({"NLG"}, 1), "kwartje": ({"NLG"}, 0.25), "dubbeltje": ({"NLG"}, 0.10),
    "stuiver": ({"NLG"}, 0.05),
    "peseta": ({"ESP"}, 1), "rupee": ({"INR", "LKR", "PKR"}, 1), "indian rupee": ({"INR"}, 1),
    "sri lankan rupee": ({"LKR"}, 1), "mexican peso": ({"MXN"}, 1), "cambodian riel": ({"KHR"}, 1),
    "costa rican colón": ({"CRC"}, 1), "georgian lari": ({"GEL"}, 1), "lao kip": ({"LAK"}, 1),
    "pesewa": ({"GHS"}, 0.01), "bitcoin": ({"XBT", "BTC"}, 1),
}
# the spec's dimension names (lower case) → a pint expression
DIMENSION = {
    "mile": "mile", "milla": "mile", "milha": "mile", "meter": "meter", "metro": "meter", "mètres": "meter",
    "foot": "foot", "pie": "foot", "pé": "foot", "pied": "foot", "square meter": "meter**2",
    "metro cuadrado": "meter**2", "metro quadrado": "meter**2", "mètre carré": "meter**2",
    "kilometer": "kilometer", "kilómetro": "kilometer", "quilômetro": "kilometer", "kilomètres": "kilometer",
    "tonelada métrica": "metric_ton", "metric ton": "metric_ton", "tonne métrique": "metric_ton",
    "tonelada": "metric_ton", "tonne": "metric_ton", "ton": "metric_ton",
    "gallon": "gallon", "galón": "gallon", "galão": "gallon", "pound": "pound", "libra": "pound", "livre": "pound",
    "kilometer per hour": "kilometer/hour", "barril": "oil_barrel", "barrel": "oil_barrel", "baril": "oil_barrel",
    "inch": "inch", "polegada": "inch", "pulgada": "inch", "pouce": "inch", "acre": "43560 * foot**2",
    "kilogram": "kilogram", "mililitro": "milliliter", "milliliter": "milliliter", "millilitre": "milliliter",
    "liter": "liter", "litre": "liter", "millimeter": "millimeter", "milímetro": "millimeter",
    "millimètres": "millimeter", "microgram": "microgram", "microgramme": "microgram", "bit": "bit",
    "megabit": "megabit", "meter per second": "meter/second", "gram": "gram", "hectare": "hectare",
    "cubic foot": "foot**3", "pie cúbico": "foot**3", "pé cúbico": "foot**3", "pieds cube": "foot**3",
    "mile per hour": "mile/hour", "milla por hora": "mile/hour", "milha por hora": "mile/hour",
    "miles par heure": "mile/hour", "square kilometer": "kilometer**2", "kilómetro cuadrado": "kilometer**2",
    "quilômetro quadrado": "kilometer**2", "kilomètre carré": "kilometer**2", "megabyte": "megabyte",
    "kilobyte": "kilobyte", "terabyte": "terabyte", "nanometer": "nanometer", "picometer": "picometer",
    "centímetro cúbico": "centimeter**3", "cubic meter": "meter**3", "light year": "light_year",
    "teaspoon": "teaspoon", "tablespoon": "tablespoon", "onza": "ounce", "ounce": "ounce", "onça": "ounce",
    "onces": "ounce", "micrômetro": "micrometer", "decimeter": "decimeter", "décimètres": "decimeter",
    "hectomètre": "hectometer", "centimètres": "centimeter", "degree": "degree", "turn": "turn", "radian": "radian",
}
MINE = {**PINT_NAME, "byte": "byte", "bit": "bit", "bit/s": "bit/second", "pixel": None, "count": None}


def _base(value: float, pint_expr: str) -> tuple[float, str] | None:
    try:
        q = ureg().Quantity(value, pint_expr) if not pint_expr[:1].isdigit() else value * ureg().Quantity(pint_expr)
        b = q.to_base_units()
        return float(b.magnitude), str(b.units)
    except Exception:  # noqa: BLE001
        return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(b), 1e-12)


def entity_matches(model: str, exp: dict, m: dict) -> bool:
    """Does mention `m` give the expected entity's value and unit?"""
    if not (m["start"] < exp["end"] and exp["start"] < m["end"]):
        return False
    v = exp["value"]
    if model == "number":
        if m["unit"] == "date":
            return str(m["value"]) == f"{int(v)}" if float(v).is_integer() else False
        if m["unit"] == "percent":  # a fraction or ratio given as a share: "deux tiers" = 66.7 %
            return _close(float(m["value"]) / 100, v)
        return _close(float(m["value"]), v)
    if model == "percent":
        return m["unit"] == "percent" and _close(float(m["value"]), v)
    if m["unit"] == "date":
        return False
    if model == "currency":
        name = (exp["unit"] or "").lower()
        codes, factor = CURRENCY.get(name, (set(), 1))
        if exp.get("iso_currency"):
            codes = codes | {exp["iso_currency"]}
        return m["unit"] in codes and _close(float(m["value"]), v * factor)
    # dimension
    theirs = DIMENSION.get((exp["unit"] or "").lower())
    mine = MINE.get(m["unit"], m["unit"])
    if not theirs or not mine:
        return False
    a, b = _base(float(m["value"]), mine), _base(v, theirs)
    return bool(a and b and a[1] == b[1] and _close(a[0], b[0]))


def relevant(model: str, m: dict) -> bool:
    """Is mention `m` the kind of entity the spec's model recognises (for its negative cases)?"""
    if model == "number":
        return m["unit"] in ("count", "date") or (len(m["unit"]) == 3 and m["unit"].isupper())
    if model == "percent":
        return m["unit"] == "percent"
    if model == "currency":
        return len(m["unit"]) == 3 and m["unit"].isupper()
    return m["unit"] not in ("count", "percent", "date") and not (len(m["unit"]) == 3 and m["unit"].isupper())


def run_file(path: Path, show: int = 0) -> tuple[int, int, list]:
    model, lang = path.name.split(".")[:2]
    passed = total = 0
    failures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        found = extract_text(case["input"], lang)
        expected = [e for e in case["expected"] if e.get("value") is not None]
        if not case["expected"]:
            ok = not [m for m in found if relevant(model, m)]
        elif not expected:
            continue
        else:
            ok = all(any(entity_matches(model, e, m) for m in found) for e in expected)
        total += 1
        passed += ok
        if not ok:
            failures.append((case, found))
    return passed, total, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--only", default="*.jsonl", help="file glob, e.g. 'currency.fr.jsonl' or '*.en.jsonl'")
    ap.add_argument("--show", type=int, default=0, help="print up to N failing cases per file")
    args = ap.parse_args(argv)
    files = sorted(args.dir.glob(args.only))
    if not files:
        print(f"no conformance files in {args.dir}", file=sys.stderr)
        return 2
    all_passed = all_total = 0
    for f in files:
        passed, total, failures = run_file(f)
        all_passed += passed
        all_total += total
        rate = passed / total if total else 1.0
        print(f"{f.name:24} {passed:4d}/{total:<4d} {rate:6.1%}")
        for case, found in failures[: args.show]:
            exp = [(e["text"], e["value"], e["unit"] or e.get("iso_currency")) for e in case["expected"]]
            got = [(m["surface"], m["value"], m["unit"]) for m in found]
            print(f"    {case['input'][:140]!r}\n        expected {exp}\n        got      {got}")
    print(f"{'overall':24} {all_passed:4d}/{all_total:<4d} {all_passed / max(all_total, 1):6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
