"""rules._params: the member actions' plain parameters, read as Rails would — never anything but a
422 naming the key, whatever a client sends (Hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openintra.core.errors import Invalid
from openintra.rules._params import boolean, identifier, integer

ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@given(value=ANYTHING | st.from_regex(r"\s*-?\d{1,25}(\.\d{0,3})?\s*", fullmatch=True))
def test_integer_gives_an_int_in_bounds_or_a_422_on_its_key(value: Any) -> None:
    try:
        number = integer({"amount": value}, "amount", minimum=-5, maximum=1000)
    except Invalid as invalid:
        assert list(invalid.errors) == ["amount"] and len(invalid.errors["amount"]) == 1
    else:
        assert isinstance(number, int) and not isinstance(number, bool) and -5 <= number <= 1000


@given(value=ANYTHING)
def test_identifier_is_a_positive_int_or_a_422(value: Any) -> None:
    try:
        number = identifier({"user_id": value}, "user_id")
    except Invalid as invalid:
        assert list(invalid.errors) == ["user_id"]
    else:
        assert isinstance(number, int) and number > 0


@given(value=ANYTHING)
def test_boolean_is_a_bool_or_a_422(value: Any) -> None:
    try:
        flag = boolean({"force": value}, "force")
    except Invalid as invalid:
        assert list(invalid.errors) == ["force"]
    else:
        assert isinstance(flag, bool)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "can't be blank"),
        ("  ", "can't be blank"),
        ("abc", "is not a number"),
        ("2.5", "must be an integer"),
        (True, "is not a number"),
        ([1], "is not a number"),
        ("0", "must be greater than or equal to 1"),
        (2**40, "must be less than or equal to 2147483647"),
        ("0\x1f", "is not a number"),
        ("1\u2028", "is not a number"),
        ("2.5\x1c", "is not a number"),
    ],  # fmt: skip
)
def test_integer_answers_rails_messages(value: Any, message: str) -> None:
    with pytest.raises(Invalid) as raised:
        integer({"amount": value}, "amount")
    assert raised.value.errors == {"amount": [message]}


@pytest.mark.parametrize(("value", "expected"), [("7", 7), (7, 7), (7.0, 7), (" 12 ", 12)])
def test_integer_takes_what_rails_takes(value: Any, expected: int) -> None:
    assert integer({"amount": value}, "amount") == expected


def test_an_id_must_be_greater_than_zero() -> None:
    with pytest.raises(Invalid) as raised:
        identifier({"user_id": "-3"}, "user_id")
    assert raised.value.errors == {"user_id": ["must be greater than 0"]}
