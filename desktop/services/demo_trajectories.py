"""Synthetic coaching plans for demonstrations, benchmarks and the plan renderings.

The plans follow the Zaanstad approach: goals per life domain, two-way agreements with the
youth, coach, family, school and employer, support in return, a network to fall back on.
All texts are made up; names come from the youth records (Faker nl_NL).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.models import Trajectory, Youth
from desktop.models.base import new_id
from desktop.models.trajectory import Party, TrajectoryStatus
from desktop.services.session import Session
from desktop.services.trajectories import Trajectories

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


def plan_data(
    youth: Youth, coach: str, today: date, goals: int = 4, network: int = 3
) -> dict[str, Any]:
    """The editor's payload for a full plan (see ``Trajectories.save_plan``)."""
    parent = "Mijn moeder"
    goal_rows = [
        {
            "id": str(new_id()),
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
                "id": str(new_id()),
                "party": party.value,
                "who": name,
                "what": what,
                "due": (today + timedelta(days=days)).isoformat(),
                "goal_id": goal_rows[goal_index]["id"] if goal_index is not None else None,
            }
        )
    for what, party, who, depends, days in SUPPORT:
        ids = [agreement_rows[i]["id"] for i in depends if i < len(agreement_rows)]
        if ids:
            agreement_rows.append(
                {
                    "id": str(new_id()),
                    "party": party.value,
                    "who": who,
                    "what": what,
                    "due": (today + timedelta(days=days)).isoformat(),
                    "is_support": True,
                    "depends_on": ids,
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
    trajectory = trajectories.create(
        {
            "youth_id": youth.id,
            "coach": coach,
            "organisation": session.profile.organisation,
            "start": today,
        }
    )
    trajectories.save_plan(trajectory.id, plan_data(youth, coach, today, goals, network))
    if rng is None or rng.random() < 0.8:
        trajectory = trajectories.set_status(trajectory.id, TrajectoryStatus.ACTIVE)
    return trajectories.get(trajectory.id)
