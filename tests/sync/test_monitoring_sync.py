"""Referrals through the services and the real engine, against the real server (PostgreSQL):
the catalogue arrives with the configuration, a referral and each status change reach the
regisseur's laptop, and the server's monitoring counts follow them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.services.interventions import Catalogue
from desktop.services.referrals import Referrals, ReferralStatus
from server.db_models import Municipality
from server.services import config_files
from server.services.monitoring import Period, figures
from tests.sync.support import enrolled


def counts(server: Any, table_id: str) -> dict[str, int]:
    def work(db: Any) -> dict[str, int]:
        town = db.execute(select(Municipality).where(Municipality.name == "Veldstad")).scalar_one()
        today = date.today()
        found = figures(db, town.id, Period(today, today), config_files.load(None))
        (table,) = [t for t in found.tables if t.id == table_id]
        return {cell.key: cell.value for cell in table.cells if cell.value}

    result: dict[str, int] = server._admin(work)
    return result


def test_a_referral_and_its_status_reach_the_regisseur_and_the_counts(
    server: Any, desks: Any
) -> None:
    worker, regisseur = enrolled(server, desks, "youth_worker", "regisseur")
    assert Catalogue(worker.session).from_server
    youth = worker.add_youth("Noah")
    referrals = Referrals(worker.session)
    made = referrals.refer(youth.id, "weerbaarheidstraining", "Gevoelig voor groepsdruk")
    worker.sync(server, check=False)
    regisseur.sync(server, check=False)
    [seen] = [row.referral for row in Referrals(regisseur.session).all()]
    assert (seen.id, seen.status, seen.referred_by) == (
        made.id,
        ReferralStatus.REFERRED,
        "Youth_Worker",
    )
    assert counts(server, "A9") == {"weerbaarheidstraining": 1}
    assert counts(server, "A10") == {}

    referrals.start(made.id)
    worker.sync(server, check=False)
    regisseur.sync(server, check=False)
    moved = Referrals(regisseur.session).get(made.id)
    assert (moved.status, moved.started_on) == (ReferralStatus.STARTED, date.today())
    assert counts(server, "A10") == {"weerbaarheidstraining": 1}
    assert worker.outbox() == 0
