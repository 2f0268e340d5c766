"""Properties every plan of the engine must have, over random lots, AQLs and levels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sourceproof.sampling.aql import Aql
from sourceproof.sampling.oc import Model, probability_of_acceptance
from sourceproof.sampling.plans import EDITIONS, INSPECTIONS, LEVELS, master_plan, plan

aqls = st.sampled_from(Aql.all())
levels = st.sampled_from(LEVELS)
inspections = st.sampled_from(INSPECTIONS)
editions = st.sampled_from(EDITIONS)
lot_sizes = st.integers(min_value=2, max_value=10**8)
letters = st.sampled_from("ABCDEFGHJKLMNPQR")
models: st.SearchStrategy[Model] = st.sampled_from(("binomial", "poisson"))


@settings(max_examples=400)
@given(lot_sizes, aqls, levels, inspections, editions)
def test_it_always_gives_a_plan_with_ac_below_re_and_a_sample_within_the_lot(
    lot: int, aql: Aql, level: str, inspection: str, edition: str
) -> None:
    found = plan(lot, aql, level, inspection, edition)
    assert 0 <= found.accept < found.reject
    assert 1 <= found.sample_size <= lot
    assert found.full_inspection == (found.sample_size == lot)
    if edition == "iso2859-1":
        assert found.reject == found.accept + 1


@settings(max_examples=400)
@given(lot_sizes, lot_sizes, aqls, levels, inspections, editions)
def test_it_never_draws_fewer_items_from_a_larger_lot(
    a: int, b: int, aql: Aql, level: str, inspection: str, edition: str
) -> None:
    small, large = sorted((a, b))
    assert (
        plan(small, aql, level, inspection, edition).sample_size
        <= plan(large, aql, level, inspection, edition).sample_size
    )


@given(letters, aqls, editions)
def test_it_never_accepts_more_on_tightened_than_on_normal(
    letter: str, aql: Aql, edition: str
) -> None:
    normal = master_plan(letter, aql, "normal", edition)
    tightened = master_plan(letter, aql, "tightened", edition)
    if tightened.sample_size == normal.sample_size:
        assert tightened.accept <= normal.accept
    model: Model = "poisson" if aql.is_per_hundred_only else "binomial"
    at_aql = float(aql.value)
    assert probability_of_acceptance(tightened.sample_size, tightened.accept, at_aql, model) <= (
        probability_of_acceptance(normal.sample_size, normal.accept, at_aql, model) + 1e-12
    )


@given(letters, aqls, editions)
def test_it_never_draws_more_on_reduced_than_on_normal(letter: str, aql: Aql, edition: str) -> None:
    assert (
        master_plan(letter, aql, "reduced", edition).sample_size
        <= master_plan(letter, aql, "normal", edition).sample_size
    )


@given(
    st.integers(min_value=1, max_value=3150),
    st.integers(min_value=0, max_value=44),
    st.floats(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100),
    models,
)
def test_it_accepts_worse_lots_no_more_often(
    n: int, c: int, p1: float, p2: float, model: Model
) -> None:
    better, worse = sorted((p1, p2))
    assert (
        probability_of_acceptance(n, c, worse, model)
        <= probability_of_acceptance(n, c, better, model) + 1e-12
    )


@given(
    st.integers(min_value=1, max_value=3150),
    st.integers(min_value=0, max_value=43),
    st.floats(0, 100),
)
def test_it_accepts_more_often_with_a_larger_acceptance_number(n: int, c: int, p: float) -> None:
    assert probability_of_acceptance(n, c, p) <= probability_of_acceptance(n, c + 1, p) + 1e-12
