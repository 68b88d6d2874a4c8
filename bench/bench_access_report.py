"""access_report: a youth's access report as a PDF (AVG art. 15) when 2,000 audit entries
concern the youth - reads, prints and exports uploaded by five devices, the server's own push
and pull entries - among the entries of 200 other youths (PostgreSQL, over HTTP).

Measured as the regisseur waits for it in the app: the request (the server links what is
pending, finds the youth's entries and records, the shares they rest on) plus writing the PDF
(veldwerk_core.access.report). Also the PDF alone, and the CSV.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import percentiles
from bench.server_common import distinct_youths, server_world, settled
from tests.server.helpers import mutation, signal_fields
from veldwerk_core.access import report as access_report
from veldwerk_core.models import new_id
from veldwerk_core.protocol import MAX_AUDIT_ENTRIES, AccessReport

ENTRIES = 2_000
OTHER_YOUTHS = 200
SIGNALS = 20
REPEAT = 30
ACTIONS = ("read", "read", "read", "read", "print", "export")
PURPOSES = ("youth_read", "timeline", "signal_read", "screening_read", "plan_print", "plan_export")


def run() -> Iterator[dict[str, Any]]:
    with server_world() as (_url, world):
        owner = world["youth_worker"]
        youth = new_id()
        signals = [new_id() for _ in range(SIGNALS)]
        people = distinct_youths(OTHER_YOUTHS + 1)
        owner.push(
            mutation("youth", youth, people[0]),
            *[mutation("signal", signal, signal_fields([youth])) for signal in signals],
        )
        others = [new_id() for _ in range(OTHER_YOUTHS)]
        made_others = [
            mutation("youth", other, fields)
            for other, fields in zip(others, people[1:], strict=True)
        ]
        for start in range(0, OTHER_YOUTHS, 100):
            owner.push(*made_others[start : start + 100])
        readers = [world[key] for key in ("youth_worker", "colleague", "regisseur", "boa")]
        for reader in readers:
            reader.pull_all()
        made = datetime.now(UTC) - timedelta(days=30)
        entries: list[dict[str, Any]] = []
        for number in range(ENTRIES - len(readers) - 1):  # the push and the pulls count too
            record, kind = (signals[number % SIGNALS], "signal") if number % 3 else (youth, "youth")
            entries.append(
                {
                    "id": str(new_id()),
                    "at": (made + timedelta(minutes=number)).isoformat(),
                    "action": ACTIONS[number % len(ACTIONS)],
                    "record_kind": kind,
                    "record_id": str(record),
                    "youth_ids": [str(youth)],
                    "purpose": PURPOSES[number % len(PURPOSES)],
                }
            )
        for start in range(0, len(entries), MAX_AUDIT_ENTRIES):
            device = readers[(start // MAX_AUDIT_ENTRIES) % len(readers)]
            answer = device.client.post(
                "/api/v1/audit/upload",
                json={"entries": entries[start : start + MAX_AUDIT_ENTRIES]},
                headers=device.headers,
            )
            assert answer.status_code == 200, answer.text
        # other youths' entries around it (what the query must skip)
        noise = [
            {**entry, "id": str(new_id()), "youth_ids": [str(others[n % OTHER_YOUTHS])]}
            for n, entry in enumerate(entries)
        ]
        for start in range(0, len(noise), MAX_AUDIT_ENTRIES):
            world["colleague"].client.post(
                "/api/v1/audit/upload",
                json={"entries": noise[start : start + MAX_AUDIT_ENTRIES]},
                headers=world["colleague"].headers,
            )
        settled(world)

        regisseur = world["regisseur"]
        url = f"/api/v1/youths/{youth}/access-report"
        total: list[float] = []
        pdf_only: list[float] = []
        csv_only: list[float] = []
        counted = size = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            answer = regisseur.client.get(url, headers=regisseur.headers)
            assert answer.status_code == 200, answer.text
            found = AccessReport.model_validate_json(answer.content)
            fetched = time.perf_counter()
            data = access_report.to_pdf(found)
            done = time.perf_counter()
            total.append((done - started) * 1000)
            pdf_only.append((done - fetched) * 1000)
            started = time.perf_counter()
            access_report.to_csv(found)
            csv_only.append((time.perf_counter() - started) * 1000)
            counted, size = len(found.entries), len(data)
        assert counted >= ENTRIES, counted
    yield {
        "name": "access_report",
        "entries": counted,
        "n": REPEAT,
        "pdf_kib": round(size / 1024, 1),
        **percentiles(total),
        "pdf_only_p95_ms": percentiles(pdf_only)["p95_ms"],
        "csv_only_p95_ms": percentiles(csv_only)["p95_ms"],
    }
