"""The ISO date rule behind the date promises: as precise as the text allows, quarters included."""

import pytest

from expectations.custom import is_iso_date


@pytest.mark.parametrize("text", ["2023", "2024-09", "2025-03-18", "2005-Q1", "1987-Q4", "1987-01/1987-06",
                                  "2017-03-02/2017-08-15"])
def test_accepts_dates_as_precise_as_known(text):
    assert is_iso_date(text, 1800, 2100)


@pytest.mark.parametrize("text", ["2005-Q5", "2005-Q0", "2023-13", "2023-02-30", "23", "2023-9", "Q1-2005", "3000",
                                  "1987-06/1987-01", "1987-01/", "/1987-06", "1987/1988/1989", "1987-01/3000"])
def test_refuses_what_is_not_a_date(text):
    assert not is_iso_date(text, 1800, 2100)
