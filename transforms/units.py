"""Units and currencies: what a unit word or symbol means, and the normalize step.

In: a unit name from the lexicon ("kilometer", "gigabyte", "sq_ft", "second") or a MENTIONS frame.
Out: `resolve(name)` gives the contract unit a mention carries and the factor to it
("kilometer" → ("m", 1000.0)); `normalize(mentions)` gives the QUANTITIES frame, each value also
converted to its normal unit (area → m2, durations → second, other physical units → SI base;
count, percent, pixel, byte, bit, W, Wh and currencies stay), by joining a factor table on `unit`.
pint builds and checks the factors; it is loaded only when a unit outside the tables shows up.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from transforms import schemas
from transforms.numbers import lexicon

DAY = 86400.0
# mention unit → (normal unit, factor, offset): value_norm = value * factor + offset
NORMAL = {
    "second": ("second", 1.0, 0.0),
    "minute": ("second", 60.0, 0.0),
    "hour": ("second", 3600.0, 0.0),
    "day": ("second", DAY, 0.0),
    "week": ("second", 7 * DAY, 0.0),
    "month": ("second", 30.436875 * DAY, 0.0),
    "year": ("second", 365.2425 * DAY, 0.0),
    "m2": ("m2", 1.0, 0.0),
    "km2": ("m2", 1e6, 0.0),
    "hectare": ("m2", 1e4, 0.0),
    "acre": ("m2", 4046.8564224, 0.0),
    "sq_ft": ("m2", 0.09290304, 0.0),
    "count": ("count", 1.0, 0.0),
    "percent": ("percent", 1.0, 0.0),
    "pixel": ("pixel", 1.0, 0.0),
    "byte": ("byte", 1.0, 0.0),
    "bit": ("bit", 1.0, 0.0),
    "bit/s": ("bit/s", 1.0, 0.0),
    "W": ("W", 1.0, 0.0),
    "Wh": ("Wh", 1.0, 0.0),
    "m": ("m", 1.0, 0.0),
    "kg": ("kg", 1.0, 0.0),
    "l": ("m3", 0.001, 0.0),
    "m/s": ("m/s", 1.0, 0.0),
    "Hz": ("Hz", 1.0, 0.0),
    "degC": ("degC", 1.0, 0.0),
    "C": ("C", 1.0, 0.0),
}
# contract mention unit → the pint expression for it
PINT_NAME = {
    "m": "meter", "kg": "kilogram", "l": "liter", "m/s": "meter / second", "degC": "degC",
    "Hz": "hertz", "C": "coulomb", "W": "watt", "Wh": "watt_hour", "second": "second", "m2": "meter ** 2",
    "km2": "kilometer ** 2", "sq_ft": "foot ** 2", "hectare": "hectare", "acre": "acre",
    "minute": "minute", "hour": "hour", "day": "day", "week": "week",
}
ISO_RE = re.compile(r"[A-Z]{3}")


@functools.cache
def ureg():
    """The pint unit registry (built once, on first need: it takes a few tenths of a second)."""
    import pint

    return pint.UnitRegistry()


@functools.cache
def resolve(name: str) -> tuple[str, float, float]:
    """A lexicon unit name → (mention unit, factor, offset); value_in_unit = n * factor + offset.

    Contract units map to themselves; aliases in common.toml [unit_aliases] give their own factor;
    any other name goes through pint to the target unit of its dimension ([unit_targets]).
    Raises ValueError for a name pint does not know or a dimension without a target.
    """
    if name in schemas.UNITS or name in NORMAL:
        return name, 1.0, 0.0
    common = lexicon("en")
    alias = common["unit_aliases"].get(name)
    if alias:
        return alias[0], float(alias[1]), 0.0
    reg = ureg()
    q = reg.Quantity(1.0, name)
    for dim, target in common["unit_targets"].items():
        if q.check(dim):
            t = PINT_NAME.get(target, target)
            one = reg.Quantity(1.0, name).to(t).magnitude
            zero = reg.Quantity(0.0, name).to(t).magnitude
            return target, float(one - zero), float(zero)
    raise ValueError(f"no target unit for {name!r}")


@functools.cache
def normal(unit: str) -> tuple[str, float | None, float]:
    """A mention unit → (normal unit, factor, offset). Currencies stay; unknown units get factor None."""
    if unit in NORMAL:
        return NORMAL[unit]
    if ISO_RE.fullmatch(unit):
        return unit, 1.0, 0.0
    if unit == "date":
        return "date", None, 0.0
    try:  # another pint unit: to SI base units
        reg = ureg()
        q = reg.Quantity(1.0, unit)
        base = q.to_base_units()
        label = f"{base.units:~}".replace(" ** ", "").replace(" / ", "/").replace(" * ", "·")
        zero = reg.Quantity(0.0, unit).to_base_units().magnitude
        return label, float(base.magnitude - zero), float(zero)
    except Exception:  # noqa: BLE001 - pint raises many kinds; an unknown unit is simply left as is
        return unit, None, 0.0


def factor_table(units: list[str]) -> pl.DataFrame:
    """unit → unit_norm, factor, offset for every unit given (the join table of `normalize`)."""
    rows = [(u, *normal(u)) for u in sorted(set(units))]
    return pl.DataFrame(
        rows, schema={"unit": pl.String, "unit_norm": pl.String, "factor": pl.Float64, "offset": pl.Float64},
        orient="row",
    )


def normalize(mentions: pl.DataFrame) -> pl.DataFrame:
    """MENTIONS → QUANTITIES: value_norm = value × factor (+ offset) in unit_norm; dates: NULL, 'date'."""
    m = schemas.conform(mentions, schemas.MENTIONS)
    units = m.get_column("unit").drop_nulls().unique().to_list()
    table = factor_table(units)
    out = m.join(table, on="unit", how="left", maintain_order="left").with_columns(
        value_norm=pl.when(pl.col("unit") == "date").then(None)
        .otherwise(pl.col("value") * pl.col("factor") + pl.col("offset")),
        unit_norm=pl.coalesce(pl.col("unit_norm"), pl.col("unit")),
    )
    return schemas.conform(out, schemas.QUANTITIES)
