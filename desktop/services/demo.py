"""Realistic synthetic data for demonstrations and benchmarks (Faker nl_NL, never real people).

With the same seed on the same day the same data comes out: dates are laid out relative to
today so that recent signals keep adding up to combinations worth discussing.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from faker import Faker

from desktop.services.config import Configuration, configuration
from desktop.services.demo_text import (
    DESCRIPTIONS,
    GENERIC_DESCRIPTIONS,
    GROUP_NAMES,
    ORGANISATIONS,
    SCHOOLS,
)
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.store import sync_state
from veldwerk_core.i18n import N_
from veldwerk_core.models import (
    FollowUp,
    Gender,
    Group,
    GroupLocation,
    GroupMember,
    GroupStep,
    Involvement,
    LegalBasis,
    Place,
    PlaceKind,
    Relation,
    RelationKind,
    Role,
    Severity,
    Signal,
    SourceKind,
    Trajectory,
    Youth,
)
from veldwerk_core.models.base import Record
from veldwerk_core.models.errors import VeldwerkError
from veldwerk_core.models.group import LocationKind
from veldwerk_core.models.trajectory import TrajectoryStatus

Progress = Callable[[int, int], None]
BATCH = 500
_INFIXES = (
    "van der",
    "van den",
    "van de",
    "van",
    "de",
    "den",
    "der",
    "ter",
    "ten",
    "te",
    "in 't",
    "'t",
)


@dataclass
class DemoResult:
    youths: int = 0
    relations: int = 0
    involvements: int = 0
    groups: int = 0
    signals: int = 0
    trajectories: int = 0
    flagged: int = 0
    """Rule flags raised once all data was in."""
    flagged_youth_ids: list[uuid.UUID] = field(default_factory=list)
    """Youths given a recent cluster of signals from several sources and life domains."""


def split_last_name(name: str) -> tuple[str, str]:
    """``van der Berg`` -> (``van der``, ``Berg``), as Dutch registers keep them."""
    lowered = name.lower()
    for infix in _INFIXES:
        if lowered.startswith(infix + " "):
            return name[: len(infix)].lower(), name[len(infix) + 1 :]
    return "", name


class DemoBuilder:
    def __init__(self, session: Session, seed: int, config: Configuration) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.config = config
        self.today = session.clock().date()
        self.id_clock = datetime.combine(self.today, time(), tzinfo=UTC) - timedelta(days=400)
        self.professionals = [
            (self.fake.name(), self.rng.choice(list(Role)[:3]), self.rng.choice(ORGANISATIONS))
            for _ in range(12)
        ]

    # -- ids that repeat with the seed -----------------------------------------------------

    def new_id(self) -> uuid.UUID:
        """A UUIDv7 whose time and random parts come from the seeded generator."""
        self.id_clock += timedelta(milliseconds=self.rng.randint(1, 50))
        millis = int(self.id_clock.timestamp() * 1000)
        rand_a, rand_b = self.rng.getrandbits(12), self.rng.getrandbits(62)
        value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return uuid.UUID(int=value)

    # -- records -------------------------------------------------------------------------

    def youth(self, last_name: str | None = None, wijk: str | None = None) -> Youth:
        gender = self.rng.choices([Gender.MALE, Gender.FEMALE, Gender.OTHER], [70, 28, 2])[0]
        first = (
            self.fake.first_name_female()
            if gender is Gender.FEMALE
            else self.fake.first_name_male()
        )
        infix, last = split_last_name(last_name or self.fake.last_name())
        age_days = self.rng.randint(10 * 365 + 3, 22 * 365)
        return Youth(
            id=self.new_id(),
            first_name=first,
            infix=infix,
            last_name=last,
            date_of_birth=self.today - timedelta(days=age_days),
            gender=gender,
            wijk=wijk or self.rng.choice(self.config.places.wijken),
            school=self.rng.choice(SCHOOLS) if age_days < 18 * 365 else "",
            bsn=self.fake.ssn() if self.rng.random() < 0.5 else None,
        )

    def involvement(self, youth: Youth, *, own: bool) -> Involvement:
        profile = self.session.profile
        if own:
            name, role_label, organisation = (
                profile.name,
                profile.role.label,
                profile.organisation or "Eigen organisatie",
            )
        else:
            name, role, organisation = self.rng.choice(self.professionals)
            role_label = role.label
        return Involvement(
            id=self.new_id(),
            youth_id=youth.id,
            professional=name,
            organisation=organisation,
            role=role_label,
            since=self.today - timedelta(days=self.rng.randint(10, 700)),
        )

    def signal(
        self,
        youth_ids: list[uuid.UUID],
        when: datetime,
        *,
        group_id: uuid.UUID | None = None,
        category: str | None = None,
        source: SourceKind | None = None,
    ) -> Signal:
        categories = [c for c in self.config.taxonomy.categories if not c.retired]
        chosen = (
            self.config.taxonomy.category(category) if category else self.rng.choice(categories)
        )
        assert chosen is not None
        name, role, organisation = self.rng.choice(self.professionals)
        source = source or self.rng.choice([SourceKind.OWN_OBSERVATION, SourceKind.REPORTED])
        place = self._place(chosen.life_domain)
        template = self.rng.choice(DESCRIPTIONS.get(chosen.code, GENERIC_DESCRIPTIONS))
        description = template.format(
            plek=place.hotspot or place.wijk or place.platform,
            tijd=when.astimezone().strftime("%H:%M"),
            aantal=self.rng.randint(2, 6),
        )
        return Signal(
            id=self.new_id(),
            occurred_at=when,
            place=place,
            life_domain=chosen.life_domain,
            category=chosen.code,
            description=description,
            source=source,
            reported_by=self.rng.choice(
                ["Mentor", "Buurtbewoner", "Wijkagent", "Ouder", "Leerplichtambtenaar"]
            )
            if source is SourceKind.REPORTED
            else "",
            youth_ids=youth_ids,
            group_id=group_id,
            severity=self.rng.choices(list(Severity), [50, 35, 15])[0],
            follow_up=self.rng.choices(list(FollowUp), [50, 25, 8, 4, 5, 5, 3])[0],
            legal_basis=self.rng.choice(list(LegalBasis)),
            youth_informed=self.rng.random() < 0.6,
            parents_informed=self.rng.random() < 0.4,
            recorded_by=name,
            recorded_role=role,
            organisation=organisation,
        )

    def _place(self, life_domain: str) -> Place:
        places = self.config.places
        if life_domain == "online" and places.platforms:
            return Place(place_kind=PlaceKind.ONLINE, platform=self.rng.choice(places.platforms))
        if places.hotspots and self.rng.random() < 0.4:
            hotspot = self.rng.choice(places.hotspots)
            return Place(place_kind=PlaceKind.HOTSPOT, hotspot=hotspot.name, wijk=hotspot.wijk)
        return Place(place_kind=PlaceKind.WIJK, wijk=self.rng.choice(places.wijken))

    def moment(self, days_back_max: int, days_back_min: int = 0) -> datetime:
        """A moment 0-``days_back_max`` days before yesterday, at a plausible time of day.

        Never today: the same seed on the same day gives the same picture whatever the time of
        the run (a moment later today than now would otherwise have to move).
        """
        back = self.rng.randint(days_back_min, days_back_max) + 1
        clock = time(self.rng.randint(8, 23), self.rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
        moment = datetime.combine(self.today - timedelta(days=back), clock).astimezone(UTC)
        latest = self.session.clock() - timedelta(minutes=1)
        while moment > latest:  # only west of UTC, just after midnight UTC
            moment -= timedelta(days=1)
        return moment

    # -- the whole picture ---------------------------------------------------------------

    def build(self, youths: int, progress: Progress | None) -> DemoResult:
        result = DemoResult()
        pending: list[Record] = []
        total = youths * 6
        done = 0

        def add(record: Record) -> None:
            nonlocal done
            pending.append(record)
            if len(pending) >= BATCH:
                done += len(pending)
                self._flush(pending)
                if progress:
                    progress(min(done, total), total)

        people: list[Youth] = []
        siblings: list[Relation] = []
        while len(people) < youths:
            youth = self.youth()
            people.append(youth)
            add(youth)
            if len(people) < youths and self.rng.random() < 0.2:
                sibling = self.youth(
                    last_name=" ".join(filter(None, (youth.infix, youth.last_name))),
                    wijk=youth.wijk,
                )
                people.append(sibling)
                add(sibling)
                add(
                    Relation(
                        id=self.new_id(),
                        youth_id=youth.id,
                        related_youth_id=sibling.id,
                        relation_kind=RelationKind.SIBLING,
                    )
                )
                result.relations += 1
            if self.rng.random() < 0.3:
                add(
                    Relation(
                        id=self.new_id(),
                        youth_id=youth.id,
                        relation_kind=RelationKind.PARENT_CARER,
                        name=self.fake.name(),
                    )
                )
                result.relations += 1
        result.youths = len(people)

        for youth in people:
            add(self.involvement(youth, own=self.rng.random() < 0.4))
            result.involvements += 1
            if self.rng.random() < 0.5:
                add(self.involvement(youth, own=False))
                result.involvements += 1

        by_wijk: dict[str, list[Youth]] = {}
        for youth in people:
            by_wijk.setdefault(youth.wijk, []).append(youth)
        groups: list[Group] = []
        for index in range(max(1, youths // 15)):
            wijk = self.rng.choice(sorted(by_wijk))
            members = self.rng.sample(
                by_wijk[wijk], min(len(by_wijk[wijk]), self.rng.randint(3, 8))
            )
            hotspots = [h for h in self.config.places.hotspots if h.wijk == wijk]
            locations = [
                GroupLocation(location_kind=LocationKind.HOTSPOT, name=h.name) for h in hotspots[:1]
            ]
            if self.config.places.platforms and self.rng.random() < 0.5:
                locations.append(
                    GroupLocation(
                        location_kind=LocationKind.ONLINE,
                        name=self.rng.choice(self.config.places.platforms),
                    )
                )
            group = Group(
                id=self.new_id(),
                name=self.rng.choice(GROUP_NAMES).format(wijk=wijk, n=index + 1),
                wijk=wijk,
                locations=locations,
                members=[
                    GroupMember(
                        youth_id=m.id, role=self.rng.choice(["", "kern", "meeloper", "aanjager"])
                    )
                    for m in members
                ],
                step=self.rng.choice(list(GroupStep)),
                step_date=self.today - timedelta(days=self.rng.randint(5, 200)),
            )
            groups.append(group)
            add(group)
            if self.rng.random() < 0.7:
                add(self.signal([], self.moment(120), group_id=group.id, category="overlast"))
                result.signals += 1
        result.groups = len(groups)

        for youth in people:
            roll = self.rng.random()
            if roll < 0.15:
                # A recent combination: 3-6 signals in 90 days, several sources and domains.
                picks = self.rng.sample(
                    [c.code for c in self.config.taxonomy.categories], self.rng.randint(3, 6)
                )
                sources = [SourceKind.OWN_OBSERVATION, SourceKind.REPORTED]
                for number, category in enumerate(picks):
                    add(
                        self.signal(
                            [youth.id],
                            self.moment(85),
                            category=category,
                            source=sources[number % 2],
                        )
                    )
                    result.signals += 1
                result.flagged_youth_ids.append(youth.id)
            else:
                for _ in range(self.rng.choices([0, 1, 2, 3], [30, 40, 20, 10])[0]):
                    add(self.signal([youth.id], self.moment(365, 100)))
                    result.signals += 1
        # A few older siblings in a running trajectory: their brothers and sisters' signals then
        # meet the sibling rule.
        for relation in [r for r in siblings if self.rng.random() < 0.5]:
            add(
                Trajectory(
                    id=self.new_id(),
                    youth_id=relation.youth_id,
                    coach=self.rng.choice(self.professionals)[0],
                    organisation=self.rng.choice(ORGANISATIONS),
                    start=self.today - timedelta(days=self.rng.randint(20, 200)),
                    status=TrajectoryStatus.ACTIVE,
                    help_request="Ik wil mijn school afmaken en uit de problemen blijven.",
                )
            )
            assert relation.related_youth_id is not None
            add(self.signal([relation.related_youth_id], self.moment(60), category="werving"))
            result.signals += 1
            result.trajectories += 1
        self._flush(pending)
        result.flagged = Flags(self.session).refresh_all()
        if progress:
            progress(total, total)
        return result

    def _flush(self, pending: list[Record]) -> None:
        records = self.session.records
        with self.session.vault.transaction():
            for record in pending:
                records.save(record, purpose="demo")
        pending.clear()


class DemoOnLinkedDevice(VeldwerkError):
    message = N_(
        "Deze kluis is gekoppeld aan een server: voorbeeldgegevens zouden daarheen gaan. "
        "Maak ze in een eigen kluis, bijvoorbeeld met --data-dir en een lege map."
    )


def generate(
    session: Session, *, youths: int, seed: int = 1, progress: Progress | None = None
) -> DemoResult:
    """Fill the vault with ``youths`` synthetic youths and what goes with them.

    All of it or nothing: one transaction, so a failure halfway leaves the vault as it was.
    Never on a device linked to a server (the made-up youths would be sent there).
    """
    if youths < 1:
        raise ValueError("youths must be at least 1")
    from desktop.services import demo_screenings
    from desktop.services.demo_trajectories import add_demo_trajectories

    if sync_state.load(session.vault) is not None:
        raise DemoOnLinkedDevice()
    with session.vault.transaction():
        result = DemoBuilder(session, seed, configuration()).build(youths, progress)
        result.trajectories += add_demo_trajectories(session, result.flagged_youth_ids, seed)
        demo_screenings.add(session, result.flagged_youth_ids, seed)
    return result
