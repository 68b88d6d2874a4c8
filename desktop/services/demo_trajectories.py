"""Synthetic coaching plans for demonstrations, benchmarks and the plan renderings.

The plans follow the Zaanstad approach: goals per life domain, two-way agreements with the
youth, coach, family, school and employer, support in return, a network to fall back on.
All texts are made up; names come from the youth records (Faker nl_NL).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from desktop.services.session import Session
from desktop.services.trajectories import Trajectories
from veldwerk_core.models import Trajectory, Youth
from veldwerk_core.models.base import new_id
from veldwerk_core.models.trajectory import AgreementStatus, Party, TrajectoryStatus

HELP_REQUESTS = (
    "Ik wil mijn diploma halen. Ik wil geen gedoe meer met de politie.",
    "Ik heb schulden. Ik wil dat iemand mij helpt om dat op te lossen.",
    "Ik wil weer naar school. Thuis is het vaak onrustig.",
)
GOALS = (
    ("school", "Ik ga elke schooldag naar school.", "Mijn mentor ziet dat ik er ben.", 90),
    ("thuis", "Thuis hebben we minder ruzie.", "We eten drie keer per week samen.", 120),
    ("vrije_tijd", "Ik heb een vaste sport of hobby.", "Ik train twee keer per week.", 60),
    ("werk", "Ik heb een bijbaan.", "Ik werk minstens acht uur per week.", 150),
    ("straat", "Ik ben 's avonds op tijd thuis.", "Om tien uur ben ik binnen.", 45),
)
AGREEMENTS = (
    # (goal index or None, party, who (None: taken from the plan), what, days)
    (0, Party.YOUTH, None, "Ik ga elke schooldag om half negen naar school.", 14),
    (0, Party.SCHOOL, "Mevrouw Bakker", "Zij belt mij als ik er niet ben.", 14),
    (0, Party.PARENT, None, "Mijn moeder maakt mij op tijd wakker.", 14),
    (1, Party.YOUTH, None, "Ik help thuis mee met koken en opruimen.", 30),
    (1, Party.PARENT, None, "Mijn moeder en ik praten één keer per week samen.", 30),
    (2, Party.YOUTH, None, "Ik ga twee keer per week naar de boksschool.", 21),
    (2, Party.NETWORK, "Oom Ricardo", "Hij gaat de eerste keer met mij mee.", 7),
    (3, Party.YOUTH, None, "Ik schrijf mij in bij twee supermarkten.", 28),
    (3, Party.EMPLOYER, "Supermarkt De Hoek", "Zij nodigen mij uit voor een gesprek.", 42),
    (4, Party.YOUTH, None, "Ik ben om tien uur binnen.", 7),
    (None, Party.COACH, None, "Mijn coach ziet mij elke week op dinsdag.", 7),
    (None, Party.YOUTH, None, "Ik kom naar elke afspraak met mijn coach.", 7),
)
SUPPORT = (
    (
        "De gemeente betaalt de boete van het openbaar vervoer.",
        Party.MUNICIPALITY,
        "Schuldhulp gemeente",
        (0, 11),
        60,
    ),
    (
        "De gemeente betaalt het lidmaatschap van de boksschool.",
        Party.MUNICIPALITY,
        "Jeugdfonds Sport",
        (5,),
        30,
    ),
)
NETWORK = (
    ("Ricardo", "mijn oom", "06-12345678"),
    ("Fatima", "de buurvrouw", ""),
    ("Kevin", "mijn trainer", "06-87654321"),
    ("Oma Els", "mijn oma", ""),
)
SAFETY = (
    "Ik ga niet meer naar het winkelcentrum na acht uur.\n"
    "Als iemand mij geld of spullen aanbiedt, zeg ik nee.\n"
    "Als ik me niet veilig voel, bel ik mijn coach."
)


def _weekday(day: date) -> date:
    """Meetings fall on working days."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


IdMaker = Callable[[], uuid.UUID]


def seeded_ids(rng: random.Random) -> IdMaker:
    """UUIDv7-shaped ids from a seeded generator, so the same seed gives the same demo."""
    counter = [rng.getrandbits(40)]

    def make() -> uuid.UUID:
        counter[0] += 1
        value = (counter[0] << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64)
        return uuid.UUID(int=value | (0b10 << 62) | rng.getrandbits(62))

    return make


def plan_data(
    youth: Youth,
    coach: str,
    today: date,
    goals: int = 4,
    network: int = 3,
    ids: IdMaker = new_id,
) -> dict[str, Any]:
    """The editor's payload for a full plan (see ``Trajectories.save_plan``)."""
    parent = "Mijn moeder"
    goal_rows = [
        {
            "id": str(ids()),
            "life_domain": domain,
            "what": what,
            "how_measured": measured,
            "by_when": (today + timedelta(days=days)).isoformat(),
        }
        for domain, what, measured, days in GOALS[:goals]
    ]
    agreement_rows: list[dict[str, Any]] = []
    for goal_index, party, who, what, days in AGREEMENTS:
        if goal_index is not None and goal_index >= goals:
            continue
        name = who or {Party.YOUTH: youth.first_name, Party.PARENT: parent}.get(party, coach)
        agreement_rows.append(
            {
                "id": str(ids()),
                "party": party.value,
                "who": name,
                "what": what,
                "due": (today + timedelta(days=days)).isoformat(),
                "goal_id": goal_rows[goal_index]["id"] if goal_index is not None else None,
            }
        )
    for what, party, who, depends, days in SUPPORT:
        depends_on = [agreement_rows[i]["id"] for i in depends if i < len(agreement_rows)]
        if depends_on:
            agreement_rows.append(
                {
                    "id": str(ids()),
                    "party": party.value,
                    "who": who,
                    "what": what,
                    "due": (today + timedelta(days=days)).isoformat(),
                    "is_support": True,
                    "depends_on": depends_on,
                }
            )
    return {
        "trajectory": {
            "help_request": HELP_REQUESTS[len(youth.first_name) % len(HELP_REQUESTS)],
            "planned_end": (today + timedelta(days=180)).isoformat(),
            "network": [
                {"name": name, "relation": relation, "phone": phone}
                for name, relation, phone in NETWORK[:network]
            ],
            "safety_agreements": SAFETY,
            "evaluation_dates": [
                _weekday(today + timedelta(days=d)).isoformat() for d in (42, 90, 170)
            ],
        },
        "goals": goal_rows,
        "agreements": agreement_rows,
    }


def add_trajectory(
    session: Session,
    youth: Youth,
    *,
    start: date | None = None,
    goals: int = 4,
    network: int = 3,
    rng: random.Random | None = None,
) -> Trajectory:
    """A registered youth gets an active trajectory with a full draft plan."""
    today = start or session.clock().date()
    trajectories = Trajectories(session)
    coach = session.profile.name
    ids = seeded_ids(rng) if rng is not None else new_id
    trajectory = trajectories.create(
        {
            "id": ids(),
            "youth_id": youth.id,
            "coach": coach,
            "organisation": session.profile.organisation,
            "start": today,
        }
    )
    trajectories.save_plan(trajectory.id, plan_data(youth, coach, today, goals, network, ids))
    if rng is None or rng.random() < 0.8:
        trajectory = trajectories.set_status(trajectory.id, TrajectoryStatus.ACTIVE)
    return trajectories.get(trajectory.id)


def add_demo_trajectories(
    session: Session, youth_ids: list[uuid.UUID], seed: int, limit: int = 40
) -> int:
    """Trajectories for some of the flagged youths: started over the past months, some signed."""
    from desktop.services.plans import Plans
    from desktop.services.youths import Youths

    rng = random.Random(seed)
    youths = Youths(session).by_ids(youth_ids[: max(1, len(youth_ids) // 3)][:limit])
    today = session.clock().date()
    made = 0
    for youth in sorted(youths.values(), key=lambda y: y.id):
        start = today - timedelta(days=rng.randint(0, 150))
        trajectory = add_trajectory(
            session, youth, start=start, goals=rng.randint(2, 5), network=rng.randint(1, 4), rng=rng
        )
        made += 1
        _progress(session, trajectory, today, rng)
        if trajectory.status is TrajectoryStatus.ACTIVE and rng.random() < 0.6:
            signed_on = min(today, start + timedelta(days=rng.randint(0, 14)))
            roles = ["youth", "coach"] + (["parent"] if youth.age(signed_on) < 16 else [])
            names = {"youth": youth.full_name, "coach": trajectory.coach, "parent": "Ouder"}
            Plans(session).sign(
                trajectory.id,
                [
                    {"signer": role, "name": names[role], "signed_on": signed_on, "method": "paper"}
                    for role in roles
                ],
            )
    return made


def _progress(session: Session, trajectory: Trajectory, today: date, rng: random.Random) -> None:
    """Most past agreements were kept, some not; most past evaluation moments were held."""
    trajectories = Trajectories(session)
    detail = trajectories.open(trajectory.id, purpose="demo")
    for agreement in detail.agreements:
        if agreement.due is not None and agreement.due < today:
            roll = rng.random()
            if roll < 0.75:
                trajectories.set_agreement_status(agreement.id, AgreementStatus.KEPT)
            elif roll < 0.85:
                trajectories.set_agreement_status(
                    agreement.id, AgreementStatus.BROKEN, "Niet gelukt; opnieuw besproken."
                )
    for moment in trajectory.evaluation_dates:
        if moment < today and rng.random() < 0.7:
            trajectories.record_evaluation(
                trajectory.id,
                {
                    "held_on": moment,
                    "note": "Samen besproken hoe het gaat.",
                    "progress": [
                        {"goal_id": str(goal.id), "score": rng.randint(2, 4)}
                        for goal in detail.goals
                    ],
                },
            )
