"""The rule engine: a rule fires exactly when its condition holds; the explanation is exact."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from veldwerk_core.models.rules import (
    CombinationRule,
    MinDistinct,
    RuleSet,
    SiblingRule,
    SignalFact,
    YouthFacts,
)
from veldwerk_core.models.signal import Severity

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
YOUTH = uuid.UUID(int=1)

COMBINATION = CombinationRule(
    id="combi",
    title="Combinatie",
    advice="Bespreken",
    window_days=90,
    min_signals=3,
    min_distinct=MinDistinct(sources=2, life_domains=2),
)


def fact(
    days_ago: float,
    *,
    source: str = "a",
    domain: str = "straat",
    category: str = "overlast",
    severity: Severity = Severity.LOW,
) -> SignalFact:
    return SignalFact(
        uuid.uuid4(), NOW - timedelta(days=days_ago), category, domain, source, severity
    )


def test_three_signals_from_two_sources_in_90_days_flag_the_youth() -> None:
    signals = [fact(80, source="school"), fact(40, source="jongerenwerk"), fact(1, source="school")]
    flag = COMBINATION.evaluate(YouthFacts(YOUTH, signals), NOW)
    assert flag is not None
    assert set(flag.signal_ids) == {s.id for s in signals}


def test_two_different_life_domains_also_suffice() -> None:
    signals = [fact(10, domain="school"), fact(5, domain="thuis"), fact(1, domain="school")]
    assert COMBINATION.evaluate(YouthFacts(YOUTH, signals), NOW) is not None


def test_one_source_and_one_domain_is_not_a_combination() -> None:
    signals = [fact(10), fact(5), fact(1), fact(0.5)]
    assert COMBINATION.evaluate(YouthFacts(YOUTH, signals), NOW) is None


def test_signals_outside_the_window_do_not_count_and_are_not_in_the_explanation() -> None:
    old = fact(91, source="politie")
    recent = [fact(30, source="school"), fact(20, source="school"), fact(2, source="buurt")]
    flag = COMBINATION.evaluate(YouthFacts(YOUTH, [old, *recent]), NOW)
    assert flag is not None and old.id not in flag.signal_ids
    assert COMBINATION.evaluate(YouthFacts(YOUTH, [old, *recent[:2]]), NOW) is None


def test_category_and_severity_filters() -> None:
    rule = CombinationRule(
        id="ernstig",
        title="t",
        advice="a",
        window_days=30,
        min_signals=2,
        min_severity=Severity.HIGH,
    )
    signals = [
        fact(3, severity=Severity.HIGH),
        fact(2, severity=Severity.MEDIUM),
        fact(1, severity=Severity.HIGH),
    ]
    flag = rule.evaluate(YouthFacts(YOUTH, signals), NOW)
    assert flag is not None and len(flag.signal_ids) == 2


def test_sibling_rule_needs_a_sibling_in_a_trajectory_and_a_matching_signal() -> None:
    rule = SiblingRule(id="broer", title="t", advice="a", window_days=180, categories=["werving"])
    sibling = uuid.uuid4()
    matching = fact(10, category="werving")
    assert rule.evaluate(YouthFacts(YOUTH, [matching]), NOW) is None
    assert rule.evaluate(YouthFacts(YOUTH, [fact(10, category="overlast")], [sibling]), NOW) is None
    flag = rule.evaluate(YouthFacts(YOUTH, [matching], [sibling]), NOW)
    assert (
        flag is not None
        and flag.signal_ids == (matching.id,)
        and flag.related_youth_ids == (sibling,)
    )


facts = st.builds(
    SignalFact,
    id=st.uuids(),
    occurred_at=st.integers(0, 200 * 24).map(lambda hours: NOW - timedelta(hours=hours)),
    category=st.sampled_from(["overlast", "werving", "wapens"]),
    life_domain=st.sampled_from(["straat", "school", "thuis"]),
    source=st.sampled_from(["a", "b", "c"]),
    severity=st.sampled_from(Severity),
)
rules = st.builds(
    CombinationRule,
    id=st.just("r"),
    title=st.just("t"),
    advice=st.just("a"),
    window_days=st.integers(1, 180),
    min_signals=st.integers(1, 6),
    min_distinct=st.builds(
        MinDistinct,
        sources=st.none() | st.integers(1, 3),
        life_domains=st.none() | st.integers(1, 3),
    ),
    categories=st.lists(
        st.sampled_from(["overlast", "werving", "wapens"]), max_size=2, unique=True
    ),
    min_severity=st.sampled_from(Severity),
)
_ORDER = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


@given(rule=rules, signals=st.lists(facts, max_size=12, unique_by=lambda f: f.id))
def test_combination_fires_exactly_when_its_condition_holds(
    rule: CombinationRule, signals: list[SignalFact]
) -> None:
    # The oracle: the rule written out plainly.
    window = [
        s
        for s in signals
        if NOW - timedelta(days=rule.window_days) < s.occurred_at <= NOW
        and (not rule.categories or s.category in rule.categories)
        and _ORDER[s.severity] >= _ORDER[rule.min_severity]
    ]
    wanted = rule.min_distinct
    distinct_ok = (
        (wanted.sources is None and wanted.life_domains is None)
        or (wanted.sources is not None and len({s.source for s in window}) >= wanted.sources)
        or (
            wanted.life_domains is not None
            and len({s.life_domain for s in window}) >= wanted.life_domains
        )
    )
    holds = len(window) >= rule.min_signals and distinct_ok
    flag = rule.evaluate(YouthFacts(YOUTH, signals), NOW)
    assert (flag is not None) == holds
    if flag is not None:
        assert sorted(flag.signal_ids) == sorted(s.id for s in window)


@given(signals=st.lists(facts, max_size=8, unique_by=lambda f: f.id), extra=facts)
def test_adding_a_signal_never_removes_a_combination_flag(
    signals: list[SignalFact], extra: SignalFact
) -> None:
    rule_set = RuleSet(rules=[COMBINATION])
    before = {f.rule_id for f in rule_set.evaluate(YouthFacts(YOUTH, signals), NOW)}
    after = {f.rule_id for f in rule_set.evaluate(YouthFacts(YOUTH, [*signals, extra]), NOW)}
    assert before <= after
