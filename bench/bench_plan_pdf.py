"""plan_pdf: a full four-page plan rendered as both PDFs (professional and easy-read).

Rendering only: the plan is read from the vault once, as the app does before printing.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from pypdf import PdfReader

from bench.common import fresh_session, percentiles
from desktop.reports.easy_read_pdf import easy_read_pdf
from desktop.reports.plan_pdf import professional_pdf
from desktop.services.demo_trajectories import add_trajectory
from desktop.services.plans import Plans
from desktop.services.trajectories import Trajectories
from veldwerk_core.models import Youth

N = 60


def run() -> Iterator[dict[str, Any]]:
    with fresh_session() as session:
        born = date.today() - timedelta(days=15 * 365)
        youth = session.records.create(
            Youth, {"first_name": "Zoë", "last_name": "IJzerman", "date_of_birth": born}
        ).record
        trajectory = add_trajectory(session, youth, goals=5, network=4)
        for day in (30, 60, 90):
            goals = Trajectories(session).open(trajectory.id).goals
            Trajectories(session).record_evaluation(
                trajectory.id,
                {
                    "held_on": date.today() - timedelta(days=day),
                    "note": "Het gaat steeds beter; school en thuis lopen goed.",
                    "progress": [
                        {"goal_id": str(goal.id), "score": 3, "note": "Op weg."} for goal in goals
                    ],
                },
            )
        document = Plans(session).document(trajectory.id)
    professional_pages = len(PdfReader(io.BytesIO(professional_pdf(document))).pages)
    easy_pages = len(PdfReader(io.BytesIO(easy_read_pdf(document))).pages)
    both, professional, easy = [], [], []
    for _ in range(N):
        started = time.perf_counter()
        professional_pdf(document)
        middle = time.perf_counter()
        easy_read_pdf(document)
        ended = time.perf_counter()
        professional.append((middle - started) * 1000)
        easy.append((ended - middle) * 1000)
        both.append((ended - started) * 1000)
    yield {
        "name": "plan_pdf",
        "n": N,
        "pages_professional": professional_pages,
        "pages_easy_read": easy_pages,
        **percentiles(both),
        "professional_p50_ms": percentiles(professional)["p50_ms"],
        "easy_read_p50_ms": percentiles(easy)["p50_ms"],
        "goal_p95_ms": 150,
    }
