"""Properties of the weighing that must hold for every instrument a municipality may write."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.screening_data import ON, answers_for, definitions, known_answers
from veldwerk_core.models.answers import AnswerType, ItemDirection
from veldwerk_core.models.instrument import InstrumentDefinition, InstrumentItem
from veldwerk_core.models.scoring import Outcome, score


@st.composite
def scenario(
    draw: st.DrawFn, direction: ItemDirection
) -> tuple[InstrumentDefinition, dict[str, object], InstrumentItem]:
    """An instrument, a partial set of answers, and one unanswered item of ``direction``."""
    definition = draw(definitions())
    candidates = [item for item in definition.items if item.direction is direction]
    assume(candidates)
    item = draw(st.sampled_from(candidates))
    answers = draw(answers_for(definition))
    answers.pop(item.id, None)
    return definition, dict(answers), item


def total(definition: InstrumentDefinition, answers: dict[str, object]) -> float:
    return score(definition, answers, on=ON, age=15).score


@given(data=st.data(), case=scenario(ItemDirection.RISK))
def test_adding_a_risk_answer_never_lowers_the_score(
    data: st.DataObject, case: tuple[InstrumentDefinition, dict[str, object], InstrumentItem]
) -> None:
    definition, answers, item = case
    answer = data.draw(known_answers(item.answer_type) | st.just("unknown"))
    assert total(definition, {**answers, item.id: answer}) >= total(definition, answers)


@given(data=st.data(), case=scenario(ItemDirection.PROTECTIVE))
def test_adding_a_protective_answer_never_raises_the_score(
    data: st.DataObject, case: tuple[InstrumentDefinition, dict[str, object], InstrumentItem]
) -> None:
    definition, answers, item = case
    answer = data.draw(known_answers(item.answer_type) | st.just("unknown"))
    assert total(definition, {**answers, item.id: answer}) <= total(definition, answers)


@given(data=st.data(), direction=st.sampled_from(list(ItemDirection)))
def test_a_stronger_answer_moves_the_score_only_its_own_way(
    data: st.DataObject, direction: ItemDirection
) -> None:
    """ja after nee, 2 after 1, a higher count: more risk, or more protection."""
    definition, answers, item = data.draw(scenario(direction))
    kind = item.answer_type
    assume(kind is not AnswerType.DATE)
    if kind is AnswerType.YES_NO_UNKNOWN:
        weaker, stronger = "no", "yes"
    else:
        top = 2 if kind is AnswerType.SCALE_0_2 else 12
        weaker = data.draw(st.integers(0, top))
        stronger = data.draw(st.integers(weaker, top))
    before = total(definition, {**answers, item.id: weaker})
    after = total(definition, {**answers, item.id: stronger})
    assert after >= before if direction is ItemDirection.RISK else after <= before


@given(data=st.data(), direction=st.sampled_from(list(ItemDirection)))
def test_unknown_follows_the_documented_rule(data: st.DataObject, direction: ItemDirection) -> None:
    """Risk: the instrument's (or item's) share of the item's maximum. Protective: nothing."""
    definition, answers, item = data.draw(scenario(direction))
    without = score(definition, answers, on=ON)
    with_unknown = score(definition, {**answers, item.id: "unknown"}, on=ON)
    if direction is ItemDirection.PROTECTIVE:
        expected = 0.0
    else:
        share = item.unknown_counts_as
        expected = (definition.unknown_counts_as if share is None else share) * item.max_points
    assert math.isclose(with_unknown.score - without.score, expected, abs_tol=1e-6)
    assert with_unknown.unknown == without.unknown + 1
    listed = [c for c in with_unknown.contributions if c.item_id == item.id]
    assert [c.unknown for c in listed] == ([True] if expected > 0 else [])


@given(data=st.data())
def test_domains_add_up_to_the_score_and_the_band_fits_it(data: st.DataObject) -> None:
    definition = data.draw(definitions())
    outcome = score(definition, data.draw(answers_for(definition)), on=ON)
    assert math.isclose(sum(d.score for d in outcome.domains), outcome.score, abs_tol=1e-6)
    assert math.isclose(
        sum(c.signed_points for c in outcome.contributions), outcome.score, abs_tol=1e-6
    )
    fitting = [band.id for band in definition.bands if band.min_score <= outcome.score]
    assert outcome.band == (fitting[-1] if fitting else definition.bands[0].id)
    assert Outcome.model_validate_json(outcome.model_dump_json()) == outcome, "stores losslessly"
