"""monitoring_report: a year's ministry report (figures, suppression, nulmeting, PDF) of a
municipality of 10,000 youths with 100,000 signals over two years and 5,000 referrals, on
PostgreSQL (fsync on). The records are loaded straight into the server's tables, with the
columns a push derives, so that the load takes seconds; the report reads them as it would
read pushed ones."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from bench.common import percentiles
from server.core.db import make_engine, migrate, session_factory, transaction
from server.db_models import Municipality, RecordYouth, StoredRecord
from server.services import admin, config_files, monitoring_pdf, monitoring_report
from server.services.monitoring import Period
from tests.server.helpers import PostgresCluster, signal_fields, youth_fields
from veldwerk_core.models import new_id
from veldwerk_core.models.base import utc_now

YOUTHS = 10_000
SIGNALS = 100_000
REFERRALS = 5_000
REPEAT = 20
CHUNK = 5_000


def _records(municipality: str, today: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    config = config_files.load(None)
    rng = random.Random(7)
    wijken = list(config.places.wijken)
    categories = [(c.code, c.life_domain) for c in config.taxonomy.categories]
    interventions = [entry.id for entry in config.interventions]
    now = utc_now()
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

    def add(kind: str, data: dict[str, Any], youth: str | None = None) -> str:
        record = str(new_id())
        rows.append(
            {
                "id": record,
                "kind": kind,
                "municipality_id": municipality,
                "version": 1,
                "seq": len(rows) + 1,
                "deleted": False,
                "data": {**data, "id": record},
                "field_versions": {},
                "youth_id": record if kind == "youth" else youth,
                "updated_at": now,
            }
        )
        return record

    youths = [
        add(
            "youth",
            youth_fields(
                wijk=rng.choice(wijken),
                gender=rng.choice(["male", "female", None]),
                date_of_birth=(today - timedelta(days=rng.randint(10 * 365, 22 * 365))).isoformat(),
            ),
        )
        for _ in range(YOUTHS)
    ]
    for _ in range(SIGNALS):
        youth = rng.choice(youths)
        category, domain = rng.choice(categories)
        moment = datetime.now(UTC) - timedelta(minutes=rng.randint(0, 730 * 24 * 60))
        record = add(
            "signal",
            signal_fields(
                [youth], category=category, life_domain=domain, occurred_at=moment.isoformat()
            ),
        )
        links.append({"record_id": record, "youth_id": youth, "municipality_id": municipality})
    for _ in range(REFERRALS):
        referred = today - timedelta(days=rng.randint(0, 700))
        status = rng.choice(["referred", "started", "completed", "stopped", "declined"])
        started = referred + timedelta(days=14) if status in ("started", "completed") else None
        ended = (
            referred + timedelta(days=120)
            if status in ("completed", "stopped", "declined")
            else None
        )
        youth = rng.choice(youths)
        add(
            "referral",
            {
                "youth_id": youth,
                "intervention_id": rng.choice(interventions),
                "intervention_name": "Interventie",
                "reason": "Past bij de jongere",
                "referred_on": referred.isoformat(),
                "status": status,
                "started_on": started.isoformat() if started else None,
                "ended_on": min(ended, today).isoformat() if ended else None,
                "end_reason": "" if status in ("referred", "started", "completed") else "Gestopt",
            },
            youth,
        )
    return rows, links


def run() -> Iterator[dict[str, Any]]:
    cluster = PostgresCluster(durable=True).start()
    try:
        url = cluster.create_database("bench")
        migrate(url)
        engine = make_engine(url)
        sessions = session_factory(engine)
        today = date.today()
        with transaction(sessions) as session:
            town = admin.create_organisation(
                session,
                name="Veldstad",
                kind=admin.OrganisationKind.MUNICIPALITY,
                municipality=None,
                school_name=None,
                now=utc_now(),
            )
            municipality = town.municipality_id
        rows, links = _records(municipality, today)
        loaded = time.perf_counter()
        with transaction(sessions) as session:
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(StoredRecord), rows[start : start + CHUNK])
            for start in range(0, len(links), CHUNK):
                session.execute(insert(RecordYouth), links[start : start + CHUNK])
            session.execute(
                update(Municipality)
                .where(Municipality.id == municipality)
                .values(last_seq=len(rows))
            )
        load_s = time.perf_counter() - loaded
        with engine.connect() as connection:  # as autovacuum would after such a load
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        config = config_files.load(None)
        year = Period(today - timedelta(days=364), today)
        with transaction(sessions) as session:
            monitoring_report.store_baseline(
                session,
                municipality,
                Period(year.start - timedelta(days=365), year.start),
                config,
                utc_now(),
            )
        samples, pdf_samples = [], []
        for _ in range(REPEAT):
            with transaction(sessions) as session:
                started = time.perf_counter()
                report = monitoring_report.build(session, municipality, year, config, utc_now())
                counted = time.perf_counter()
                pdf = monitoring_pdf.pdf_bytes(report)
                samples.append((time.perf_counter() - started) * 1000)
                pdf_samples.append((time.perf_counter() - counted) * 1000)
        assert pdf.startswith(b"%PDF") and report.rows
        engine.dispose()
    finally:
        cluster.stop()
    yield {
        "name": "monitoring_report",
        "youths": YOUTHS,
        "signals": SIGNALS,
        "referrals": REFERRALS,
        "load_s": round(load_s, 1),
        "n": REPEAT,
        **percentiles(samples),
        "pdf_p95_ms": percentiles(pdf_samples)["p95_ms"],
    }
