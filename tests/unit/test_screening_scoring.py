"""Scoring per answer type, bands, derived rules and the explanation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.screening_data import ON, definition
from veldwerk_core.i18n import set_language
from veldwerk_core.models.instrument import parse_instrument
from veldwerk_core.models.scoring import answer_problems, score

# Every item answered "no" / zero / never, so a test changes only what it looks at.
QUIET = {"ruzie": "no", "toezicht": 0, "delicten": 0, "politie": "no", "sport": "no"}


def points(**answers: object) -> float:
    return score(definition(), {**QUIET, **answers}, on=ON, age=15).score


def test_yes_no_scores_the_weight_for_yes_only() -> None:
    assert points() == 0
    assert points(ruzie="yes") == 2
    assert points(ruzie="ja") == 2, "Dutch words are accepted as they are typed"
    assert points(ruzie="no") == 0


def test_scale_scores_value_times_weight() -> None:
    assert [points(toezicht=value) for value in (0, 1, 2)] == [0, 1.5, 3]
    assert points(toezicht="2") == 3


def test_count_scores_per_unit_up_to_its_maximum() -> None:
    assert [points(delicten=n) for n in (0, 1, 3, 4, 9)] == [0, 1, 3, 4, 4]


def test_count_without_maximum_counts_at_most_three() -> None:
    data = definition().model_dump(mode="json")
    data["items"][2].pop("max_count")
    plain = parse_instrument(data, "x.yaml")
    assert score(plain, {**QUIET, "delicten": 10}, on=ON).score == 3


def test_date_scores_when_recent_enough() -> None:
    recent = (ON - timedelta(days=365)).isoformat()
    old = (ON - timedelta(days=366)).isoformat()
    assert points(politie=recent) == 3
    assert points(politie=old) == 0
    assert points(politie="no") == 0, "nee: it never happened"
    assert points(politie="02-03-2026") == 3, "dd-mm-jjjj is accepted"


def test_protective_factor_lowers_the_score() -> None:
    assert points(ruzie="yes", sport="yes") == 1
    outcome = score(definition(), {**QUIET, "ruzie": "yes", "sport": "yes"}, on=ON)
    assert (outcome.risk_score, outcome.protective_score) == (2, 1)


def test_unknown_counts_as_documented() -> None:
    # Risk items: unknown_counts_as (0.5) of the item's maximum.
    assert points(ruzie="unknown") == 1
    assert points(toezicht="onbekend") == 1.5
    assert points(delicten="unknown") == 2
    assert points(politie="unknown") == 1.5
    # Protective items: an unknown protection never lowers the score.
    assert points(ruzie="yes", sport="unknown") == 2


def test_item_can_override_how_unknown_counts() -> None:
    data = definition().model_dump(mode="json")
    data["items"][0]["unknown_counts_as"] = 1
    strict = parse_instrument(data, "x.yaml")
    assert score(strict, {**QUIET, "ruzie": "unknown"}, on=ON).score == 2


def test_band_follows_the_score_and_rules_can_lift_it() -> None:
    low = score(definition(), QUIET, on=ON)
    assert (low.band, low.band_label, low.band_advice) == ("laag", "Laag", "Geen actie.")
    middle = score(definition(), {**QUIET, "ruzie": "yes", "toezicht": 2}, on=ON)
    assert middle.score == 5 and middle.band == "midden" and middle.raised_by == []
    lifted = score(definition(), {**QUIET, "politie": (ON - timedelta(days=10)).isoformat()}, on=ON)
    assert lifted.score == 3, "the score itself is in the lowest band"
    assert lifted.band == "hoog" and lifted.raised_by == ["recent"]


def test_negative_score_falls_in_the_lowest_band() -> None:
    outcome = score(definition(), {**QUIET, "sport": "yes"}, on=ON)
    assert outcome.score == -1 and outcome.band == "laag"


def test_explanation_lists_every_answer_that_counted_with_weight_and_points() -> None:
    outcome = score(
        definition(),
        {**QUIET, "ruzie": "yes", "toezicht": 1, "delicten": "unknown", "sport": "yes"},
        on=ON,
        age=15,
    )
    lines = {
        (c.item_id, c.answer, c.weight, c.points, c.signed_points) for c in outcome.contributions
    }
    assert lines == {
        ("ruzie", "yes", 2, 2, 2),
        ("delicten", "unknown", 1, 2, 2),
        ("toezicht", 1, 1.5, 1.5, 1.5),
        ("sport", "yes", 1, 1, -1),
    }
    assert [c.item_id for c in outcome.contributions][:2] == ["delicten", "ruzie"], "most first"
    assert next(c for c in outcome.contributions if c.item_id == "delicten").unknown
    thuis = outcome.domain("thuis")
    assert thuis is not None and (thuis.score, thuis.answered, thuis.items) == (3.5, 2, 2)
    straat = outcome.domain("straat")
    assert straat is not None and (straat.risk, straat.protective, straat.unknown) == (2, 1, 1)


def test_target_group_rule_holds_with_its_three_conditions() -> None:
    answers = {**QUIET, "ruzie": "yes", "toezicht": 1, "delicten": 2}
    held = score(definition(), answers, on=ON, age=15)
    rule = held.rules[0]
    assert rule.held is True and [r.title for r in held.rules_held()] == ["Doelgroep"]
    texts = [check.render() for check in rule.checks]
    assert texts == [
        "Alle voorwaarden",
        "Leeftijd: 15 jaar, voorwaarde tussen 8 en 23",
        "Antwoord op “Hoeveel delicten zijn bekend?”: 2, voorwaarde hoogstens 2",
        "Aanwezige factoren (alleen risicofactoren): 3, voorwaarde minstens 2",
    ]
    assert [check.depth for check in rule.checks] == [0, 1, 1, 1]
    assert score(definition(), answers, on=ON, age=24).rules[0].held is False
    assert score(definition(), {**answers, "delicten": 3}, on=ON, age=15).rules[0].held is False
    fewer = {**answers, "toezicht": 0, "delicten": 0}
    assert score(definition(), fewer, on=ON, age=15).rules[0].held is False


def test_unknown_answers_make_a_rule_undecided_not_true_or_false() -> None:
    answers = {**QUIET, "ruzie": "yes", "toezicht": 1, "delicten": "unknown"}
    rule = score(definition(), answers, on=ON, age=15).rules[0]
    assert rule.held is None
    assert "onbekend" in rule.checks[2].render().casefold()
    # Two present risks plus unknowns: the count test itself is settled.
    answers = {"ruzie": "yes", "toezicht": "unknown", "delicten": 0, "politie": "unknown"}
    check = score(definition(), answers, on=ON, age=15).rules[0].checks[3]
    assert check.held is None, "1 present and 2 unknown: could be 2 or more"
    assert check.render() == (
        "Aanwezige factoren (alleen risicofactoren): 1 (en 2 onbekend), voorwaarde minstens 2"
    )
    # "any" is true as soon as one part is true, whatever is unknown.
    data = definition().model_dump(mode="json")
    data["rules"] = [
        {
            "id": "een",
            "title": "Een van beide",
            "when": {
                "any": [
                    {"answer": {"item": "ruzie", "equals": "yes"}},
                    {"answer": {"item": "delicten", "min": 1}},
                ]
            },
        },
        {"id": "niet", "title": "Niet een", "when": {"not": {"rule": "een"}}},
    ]
    either = parse_instrument(data, "x.yaml")
    outcome = score(either, {"ruzie": "yes", "delicten": "unknown"}, on=ON)
    assert [rule.held for rule in outcome.rules] == [True, False]
    outcome = score(either, {"ruzie": "no", "delicten": "unknown"}, on=ON)
    assert [rule.held for rule in outcome.rules] == [None, None]


def test_too_many_unknown_answers_are_flagged() -> None:
    limited = definition(max_unknown_share=0.3)
    answers = {**QUIET, "ruzie": "unknown"}
    assert not score(limited, answers, on=ON).too_many_unknown
    answers["toezicht"] = "unknown"
    assert score(limited, answers, on=ON).too_many_unknown


def test_answer_problems_name_each_item() -> None:
    problems = answer_problems(
        definition(),
        {"ruzie": "misschien", "toezicht": 3, "delicten": "-1", "politie": "03-03-2026"},
        ON,
    )
    assert problems == {
        "ruzie": "Kies ja, nee of onbekend.",
        "toezicht": "Kies 0, 1, 2 of onbekend.",
        "delicten": "Vul een heel getal van 0 of meer in, of kies onbekend.",
        "politie": "De datum ligt na de datum van de screening.",
        "sport": "Nog niet beantwoord; kies zo nodig onbekend.",
    }
    assert answer_problems(definition(), QUIET, ON) == {}


def test_explanation_follows_the_language() -> None:
    outcome = score(definition(), {**QUIET, "ruzie": "yes", "toezicht": 1}, on=ON, age=15)
    set_language("en")
    assert outcome.rules[0].checks[1].render() == "Age: 15 years, condition between 8 and 23"


@pytest.mark.parametrize("value", ["", None])
def test_unanswered_items_add_nothing_in_a_draft(value: object) -> None:
    outcome = score(definition(), {"ruzie": "yes", "toezicht": value}, on=ON)
    assert (outcome.score, outcome.answered, outcome.items) == (2, 1, 5)
