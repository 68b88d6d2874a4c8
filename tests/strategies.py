"""Hypothesis strategies for valid records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from veldwerk_core.models import (
    Agreement,
    FollowUp,
    Gender,
    Group,
    GroupMember,
    Involvement,
    LegalBasis,
    Place,
    PlaceKind,
    Role,
    Severity,
    Signal,
    SourceKind,
    Trajectory,
    Youth,
)
from veldwerk_core.models.trajectory import AgreementStatus, NetworkPerson, Party, TrajectoryStatus
from veldwerk_core.models.validators import BSN_WEIGHTS

# Text as people type it, including accents, emoji and other scripts; no control characters.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda value: value.strip() == value and value)
words = st.lists(text, min_size=2, max_size=6).map(" ".join).filter(lambda value: len(value) >= 10)
today = date.today()


@st.composite
def bsns(draw: st.DrawFn) -> str:
    while True:
        digits = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
        partial = sum(d * w for d, w in zip(digits, BSN_WEIGHTS[:8], strict=True))
        last = partial % 11
        if last <= 9 and partial - last != 0:
            return "".join(map(str, digits)) + str(last)


youths = st.builds(
    Youth,
    first_name=text,
    infix=st.sampled_from(["", "van", "de", "van der"]),
    last_name=text,
    date_of_birth=st.dates(today - timedelta(days=365 * 29), today),
    gender=st.none() | st.sampled_from(Gender),
    wijk=st.just("") | text,
    school=st.just("") | text,
    bsn=st.none() | bsns(),
    contact_notes=st.just("") | words,
)

places = st.one_of(
    st.builds(Place, place_kind=st.just(PlaceKind.WIJK), wijk=text),
    st.builds(Place, place_kind=st.just(PlaceKind.HOTSPOT), hotspot=text, wijk=st.just("") | text),
    st.builds(Place, place_kind=st.just(PlaceKind.ONLINE), platform=text),
)


def signals(youth_ids: st.SearchStrategy[list] | None = None) -> st.SearchStrategy[Signal]:  # type: ignore[type-arg]
    moments = st.datetimes(
        datetime(2020, 1, 1), datetime.now() - timedelta(hours=1), timezones=st.just(UTC)
    )
    return st.builds(
        Signal,
        occurred_at=moments,
        place=places,
        life_domain=st.sampled_from(["thuis", "school", "straat", "online"]),
        category=st.sampled_from(["overlast", "geweld", "drugs_handel"]),
        description=words,
        source=st.just(SourceKind.OWN_OBSERVATION),
        youth_ids=youth_ids or st.lists(st.uuids(version=4), min_size=1, max_size=3, unique=True),
        severity=st.sampled_from(Severity),
        follow_up=st.sampled_from(FollowUp),
        legal_basis=st.sampled_from(LegalBasis),
        youth_informed=st.booleans(),
        parents_informed=st.booleans(),
        recorded_by=text,
        recorded_role=st.sampled_from(Role),
    )


groups = st.builds(
    Group,
    name=text,
    wijk=st.just("") | text,
    members=st.lists(
        st.builds(GroupMember, youth_id=st.uuids(), role=st.just("") | text),
        max_size=4,
        unique_by=lambda m: m.youth_id,
    ),
)

involvements = st.builds(
    Involvement,
    youth_id=st.uuids(),
    professional=text,
    organisation=text,
    role=text,
    since=st.dates(date(2015, 1, 1), today),
)

trajectories = st.builds(
    Trajectory,
    youth_id=st.uuids(),
    coach=text,
    start=st.dates(date(2020, 1, 1), today),
    status=st.sampled_from([s for s in TrajectoryStatus if s is not TrajectoryStatus.STOPPED]),
    help_request=st.just("") | words,
    network=st.lists(st.builds(NetworkPerson, name=text, relation=st.just("") | text), max_size=4),
)

agreements = st.builds(
    Agreement,
    trajectory_id=st.uuids(),
    party=st.sampled_from(Party),
    who=text,
    what=words,
    status=st.sampled_from(AgreementStatus),
)
