"""The query-string parser (DESIGN §4.1-4.4): decisions pinned one by one, then Hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import true

from openintra.api.params import FieldInfo, Schema, TopLevel, parse_query
from openintra.api.spec import Param
from openintra.core.errors import (
    ApiError,
    BadRequest,
    FilterError,
    PageError,
    RangeError,
    SearchError,
    SortError,
)

SCHEMA = Schema(
    sorts={"id": FieldInfo("int"), "login": FieldInfo("str"), "created_at": FieldInfo("datetime")},
    filters={"id": FieldInfo("int"), "kind": FieldInfo("str"), "staff?": FieldInfo("bool"),
             "created_at": FieldInfo("datetime"), "level": FieldInfo("float")},
    ranges={"id": FieldInfo("int"), "created_at": FieldInfo("datetime"), "login": FieldInfo("str")},
    searches={"login": FieldInfo("str")},
)  # fmt: skip


def parse(**params: str):  # type: ignore[no-untyped-def]
    return parse_query(list(params.items()), SCHEMA)


def test_defaults_are_page_1_of_30() -> None:
    query = parse()
    assert (query.page, query.per_page, query.sort, query.filters) == (1, 30, (), ())


def test_per_page_above_100_is_clamped_to_100() -> None:
    assert parse(per_page="1000").per_page == 100


def test_hash_form_of_page_wins_and_equals_scalar_form() -> None:
    assert parse(**{"page[number]": "3", "page[size]": "7"}) == parse(page="3", per_page="7")


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1.5", "", " 1", "1e3", "99999999999999999999"])
def test_page_and_size_must_be_positive_integers(bad: str) -> None:
    for key in ("page", "per_page", "page[number]", "page[size]"):
        with pytest.raises(PageError):
            parse(**{key: bad})


def test_sort_keeps_order_and_direction() -> None:
    assert parse(sort="-created_at,login").sort == (("created_at", True), ("login", False))


@pytest.mark.parametrize("bad", ["nope", "-nope", "", "-", "id,,login", "id,-"])
def test_unknown_or_empty_sort_field_is_a_sort_error(bad: str) -> None:
    with pytest.raises(SortError):
        parse(sort=bad)


def test_comma_separated_filter_values_are_ored_and_typed() -> None:
    query = parse(**{"filter[id]": "1,2,3", "filter[staff?]": "true"})
    assert dict(query.filters) == {"id": (1, 2, 3), "staff?": (True,)}


@pytest.mark.parametrize(
    ("key", "value"),
    [("filter[id]", "x"), ("filter[staff?]", "yes"), ("filter[staff?]", "1"), ("filter[created_at]", "yesterday"),
     ("filter[level]", "nan"), ("filter[level]", "inf"), ("filter[nope]", "1"), ("filter[]", "1"),
     ("filter", "1"), ("filter[id][x]", "1")],
)  # fmt: skip
def test_bad_filters_are_filter_errors(key: str, value: str) -> None:
    with pytest.raises(FilterError):
        parse(**{key: value})


def test_dates_accept_the_three_documented_forms() -> None:
    expected = dt.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=dt.UTC)
    for text in ("2024-01-02T03:04:05.6Z", "2024-01-02 03:04:05.600000", "2024-01-02T04:04:05.600+01:00"):
        assert dict(parse(**{"filter[created_at]": text}).filters)["created_at"] == (expected,)
    day = dict(parse(**{"filter[created_at]": "2024-01-02"}).filters)["created_at"][0]
    assert day == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)


def test_range_bounds_are_inclusive_pairs_and_an_empty_bound_is_open() -> None:
    assert parse(**{"range[id]": "1,5"}).ranges == (("id", 1, 5),)
    assert parse(**{"range[id]": ",5"}).ranges == (("id", None, 5),)
    assert parse(**{"range[id]": "1,"}).ranges == (("id", 1, None),)
    assert parse(**{"range[login]": "a,m"}).ranges == (("login", "a", "m"),)


@pytest.mark.parametrize("bad", ["1", "1,2,3", "a,b", ""])
def test_malformed_ranges_are_range_errors(bad: str) -> None:
    with pytest.raises(RangeError):
        parse(**{"range[id]": bad})


def test_search_is_kept_verbatim_and_only_on_text_columns() -> None:
    assert parse(**{"search[login]": "jo%n_"}).searches == (("login", "jo%n_"),)
    with pytest.raises(SearchError):
        parse(**{"search[id]": "1"})


def test_unknown_top_level_parameters_are_ignored() -> None:
    """GUESS (near certain): Rails ignores unpermitted parameters; clients send state, redirect_uri…"""
    assert parse(state="x", redirect_uri="y", access_token="z", filterx="1", sorting="nope") == parse()


def _refuse_late_windows(values: dict[str, object]) -> None:
    if values.get("year", 0) > 2100:  # type: ignore[operator]
        raise BadRequest("too late")


TOP = TopLevel(
    params=(
        Param("campus_id", "int", lambda _table, _value: true(), required=True),
        Param("since", "datetime", lambda _table, _value: true()),
        Param("year", "int", lambda _table, _value: true()),
        Param("alumni", "bool", lambda _table, _value: true()),
    ),
    refs=frozenset({"user_id"}),
    check=_refuse_late_windows,
)


def test_top_level_parameters_are_parsed_by_type_with_the_flat_parents_kept_as_text() -> None:
    query = parse_query(
        [("campus_id", "7"), ("since", "2024-03-01"), ("alumni", "true"), ("user_id", "jdoe"), ("x", "y")],
        SCHEMA,
        TOP,
    )
    assert dict(query.params) == {
        "campus_id": 7,
        "since": dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        "alumni": True,
    }
    assert query.refs == (("user_id", "jdoe"),)
    assert not query.is_plain()
    assert parse_query([("campus_id", "7")], SCHEMA, TOP).conditions_key() != query.conditions_key()


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([], "param is missing or the value is empty: campus_id"),
        ([("campus_id", " ")], "param is missing or the value is empty: campus_id"),
        ([("campus_id", "x")], "campus_id is not a valid integer: 'x'"),
        ([("campus_id", "1"), ("since", "soon")], "since is not a valid date: 'soon'"),
        ([("campus_id", "1"), ("alumni", "yes")], "alumni is not a valid boolean (true or false): 'yes'"),
        ([("campus_id", "1"), ("year", "2200")], "too late"),
    ],
)
def test_a_bad_top_level_parameter_is_a_400_that_says_which(
    pairs: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_query(pairs, SCHEMA, TOP)
    assert caught.value.status == 400 and caught.value.message == message


keys = st.one_of(
    st.sampled_from(["sort", "page", "per_page", "page[number]", "page[size]", "filter", "range", "search"]),
    st.builds(lambda kind, name: f"{kind}[{name}]", st.sampled_from(["filter", "range", "search", "page"]),
              st.sampled_from(["id", "login", "kind", "staff?", "created_at", "level", "nope", "", "a]b"])),
    st.sampled_from(["campus_id", "since", "year", "alumni", "user_id"]),
    st.text(max_size=12),
)  # fmt: skip
values = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"-?[0-9]{0,25}(,-?[0-9]{0,25})?", fullmatch=True),
    st.datetimes().map(str),
    st.sampled_from(
        ["true", "false", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "nan", "1e999"]
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(keys, values), max_size=8))
def test_the_parser_never_raises_anything_but_a_catalogue_error(pairs: list[tuple[str, str]]) -> None:
    try:
        query = parse_query(pairs, SCHEMA, TOP)
    except ApiError as error:
        assert error.status == 400 and error.message
    else:
        assert 1 <= query.per_page <= 100 and query.page >= 1
