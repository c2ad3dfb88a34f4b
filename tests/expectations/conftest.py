"""Fixtures of the quality gate tests: `world`, a fresh clean world per test (see world.py)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.expectations.world import build_world


@pytest.fixture
def world() -> dict[str, pl.DataFrame]:
    return build_world()
