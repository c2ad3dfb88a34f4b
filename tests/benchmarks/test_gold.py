"""The extraction scorer compares values in their normal unit: a gold '17 km' is a predicted 17000 m."""

from benchmarks.gold import value_matches


def test_a_value_in_another_unit_of_the_same_dimension_matches():
    assert value_matches({"unit": "m", "value": 17000.0}, {"unit": "km", "value": 17})
    assert value_matches({"unit": "kg", "value": 1.2e8}, {"unit": "t", "value": 120000})
    assert value_matches({"unit": "second", "value": 2 * 31556952.0}, {"unit": "year", "value": 2})


def test_a_value_of_another_dimension_or_amount_does_not():
    assert not value_matches({"unit": "count", "value": 17000.0}, {"unit": "km", "value": 17})
    assert not value_matches({"unit": "m", "value": 1700.0}, {"unit": "km", "value": 17})
    assert not value_matches({"unit": "USD", "value": 5.0}, {"unit": "EUR", "value": 5.0})
