"""The device's access log reaches the server (issue 15, 4) and the access report shows it
(issue 15, 5): reads made offline appear in the report after the next sync, with the moment
they were made; a lost answer or a client killed during the upload loses no entry and
duplicates none. Real vaults, the real server (in this process, or as a process behind a
fault-injecting proxy), PostgreSQL."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from select import select as select_fds
from typing import Any

import httpx
import pypdf
from sqlalchemy import select

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import sync
from desktop.services.access_reports import ReportNotAllowed, access_report_here
from desktop.services.youths import Youths
from server.core.audit_keys import AuditKeys
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry
from server.services import audit, audit_verify
from tests.conftest import PASSPHRASE
from tests.reliability.fault_proxy import FaultProxy
from tests.sync.support import FAST_RETRIES, Desk, Server
from veldwerk_core.access.report import moment
from veldwerk_core.models.base import utc_now
from veldwerk_core.protocol import MAX_AUDIT_ENTRIES

CANARIES = ("KANARIE-NOTITIE-5521", "123456782")
"""Case content of the fixture youth (a contact note, a BSN): never in an access report."""


def device_entries(server: Server, device_id: str) -> Counter[str]:
    """Entry id -> how often the server's (verified) chain holds it, for one device."""
    engine = make_engine(server.settings.database_url)
    try:
        with transaction(session_factory(engine)) as db:
            keys = AuditKeys.from_settings(server.settings)
            audit.chain_all(db, keys)
            assert audit_verify.verify(db, keys, server.settings.checkpoint_path()).problems == []
            rows = db.execute(
                select(AuditEntry.detail).where(
                    AuditEntry.device_id == device_id, AuditEntry.action.like("device_%")
                )
            ).scalars()
            return Counter(str(detail["entry_id"]) for detail in rows)
    finally:
        engine.dispose()


def local_entries(desk: Desk) -> set[str]:
    return {row["id"] for row in desk.session.vault.query("SELECT id FROM audit")}


def queued(desk: Desk) -> int:
    return int(desk.session.vault.scalar("SELECT count(*) FROM audit_upload"))


def sent(desk: Desk) -> set[str]:
    """The device's entries that should have reached the server: all but those the last sync
    logged itself after its upload (they wait for the next one)."""
    waiting = desk.session.vault.query(
        "SELECT a.id, a.action FROM audit_upload AS q JOIN audit AS a ON a.seq = q.audit_seq"
    )
    assert {row["action"] for row in waiting} <= {"sync"}, waiting
    return local_entries(desk) - {row["id"] for row in waiting}


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_offline_reads_appear_in_the_access_report_after_the_next_sync(
    server: Server, desks: Any, tmp_path: Path
) -> None:
    worker = desks("worker")
    worker.enroll(server, "youth_worker")
    youth = worker.add_youth("Noor", contact_notes=CANARIES[0], bsn=CANARIES[1])
    worker.sync(server)
    # Offline: the worker opens the youth's file three times; nothing is sent yet.
    for _ in range(3):
        Youths(worker.session).open(youth.id)
    reads = worker.session.vault.query(
        "SELECT data ->> '$.created_at' AS at FROM audit WHERE action = 'read'"
    )
    assert len(reads) == 3 and queued(worker) >= 3

    regisseur = desks("regisseur")
    regisseur.enroll(server, "regisseur")
    before = tmp_path / "before.csv"
    access_report_here(regisseur.session, youth.id, before, client=server.client)
    rows = list(csv.DictReader(io.StringIO(before.read_text("utf-8-sig")), delimiter=";"))
    assert not [row for row in rows if row["Handeling"] == "Ingezien"], "not synced yet"

    report = worker.sync(server)
    assert report.audit_uploaded >= 3
    counted = device_entries(server, worker.device_id)
    assert set(counted) == sent(worker) and set(counted.values()) == {1}

    path = tmp_path / "inzage.pdf"
    saved = access_report_here(regisseur.session, youth.id, path, client=server.client)
    text = pdf_text(path)
    assert "Noor Visser" in text and "Sanne" not in text  # the worker's server name is used
    assert text.count("Dossier bekeken") == 3, "every offline read, once"
    for read in reads:  # with the moment it was made on the device (Dutch time)
        assert moment(_aware(read["at"])) in text
    assert "Jongerenwerker" in text and "Jongerenwerk Veldstad" in text
    for canary in CANARIES:
        assert canary not in text, "no case content in an access report"
    assert saved.count >= 5  # made, received, three reads
    _csv(regisseur, youth.id, server, tmp_path)
    # The regisseur saving it is in the regisseur's log, and reaches the server in turn.
    exported = regisseur.session.vault.query("SELECT data FROM audit WHERE action = 'export'")
    assert len(exported) == 3  # before.csv, inzage.pdf, inzage.csv


def _csv(desk: Desk, youth_id: uuid.UUID, server: Server, folder: Path) -> None:
    path = folder / "inzage.csv"
    access_report_here(desk.session, youth_id, path, client=server.client)
    text = path.read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    device = [row for row in rows if row["Handeling"] == "Ingezien"]
    assert len(device) == 3
    assert {row["Doel"] for row in device} == {"Dossier bekeken"}
    assert all(row["Apparaat"].startswith("laptop-") for row in device)
    assert all(canary not in text for canary in CANARIES)


def _aware(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_only_the_regisseur_and_the_administrator_save_a_report(
    server: Server, desks: Any, tmp_path: Path
) -> None:
    worker = desks("worker")
    worker.enroll(server, "youth_worker")
    youth = worker.add_youth("Noor")
    worker.sync(server)
    try:
        access_report_here(worker.session, youth.id, tmp_path / "x.pdf", client=server.client)
    except ReportNotAllowed:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a youth worker got an access report")
    assert not (tmp_path / "x.pdf").exists()
    beheerder = desks("beheerder")
    beheerder.enroll(server, "beheerder")
    saved = access_report_here(
        beheerder.session, youth.id, tmp_path / "y.csv", client=server.client
    )
    assert saved.count >= 1


def test_a_lost_answer_loses_and_duplicates_no_entry(real_server: Server, tmp_path: Path) -> None:
    """The proxy forwards an upload, lets the server store it and commit, and drops the
    answer: the client sends it again and the server answers for it as a duplicate."""
    dropped = []

    def plan(line: str) -> str | None:
        if "/audit/upload" in line and len(dropped) < 2:
            dropped.append(line)
            return "drop"
        return None

    with FaultProxy(int(real_server.url.rsplit(":", 1)[1]), plan) as proxy:
        client = httpx.Client(headers={"Connection": "close"}, timeout=15)
        desk = Desk(tmp_path / "desk", client=client)
        try:
            proxied = Server(proxy.url, client, real_server.settings, real_server.world)
            desk.enroll(proxied, "youth_worker")
            youth = desk.add_youth("Noor")
            for _ in range(MAX_AUDIT_ENTRIES + 20):  # two batches
                Youths(desk.session).open(youth.id)
            desk.sync(proxied)
            assert len(dropped) == 2 and proxy.counts.faults["drop"] == 2
            counted = device_entries(real_server, desk.device_id)
            assert set(counted.values()) == {1}, "none twice"
            assert set(counted) == sent(desk), "none lost"
        finally:
            desk.close()
            client.close()


def client_process(data_dir: DataDir, write_fd: int) -> None:
    """The child: read the youth's file many times, then sync, reporting the phases."""
    out = os.fdopen(write_fd, "w", buffering=1)
    session = sessions.unlock(data_dir, Secret(PASSPHRASE))
    youths = Youths(session)
    youth = uuid.UUID(str(session.vault.scalar("SELECT id FROM youth LIMIT 1")))
    for _ in range(400):
        youths.open(youth)
    syncer = sync.SyncClient.for_session(
        session, policy=FAST_RETRIES, progress=lambda step: out.write(f"phase {step.phase}\n")
    )
    out.write("sync\n")
    syncer.sync(check=False)
    out.write("synced\n")


def kill_during_upload(data_dir: DataDir, rng: random.Random) -> str:
    """Fork a client and SIGKILL it at a random moment after its audit upload began; the
    last thing it said."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        try:
            client_process(data_dir, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    buffer = b""
    kill_at: float | None = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if kill_at is not None and time.monotonic() >= kill_at:
            break
        ready, _w, _x = select_fds([read_fd], [], [], 0.002)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            buffer += chunk
            if kill_at is None and b"phase audit\n" in buffer:
                kill_at = time.monotonic() + rng.uniform(0.0, 0.25)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_fd)
    lines = buffer.decode().split("\n")[:-1]
    return lines[-1] if lines else ""


def test_a_client_killed_during_the_upload_loses_and_duplicates_no_entry(
    real_server: Server, tmp_path: Path
) -> None:
    rng = random.Random(15)
    desk = Desk(tmp_path / "client")
    desk.enroll(real_server, "youth_worker")
    desk.add_youth("Noor")
    desk.sync(real_server)
    data_dir = desk.data_dir
    desk.close()
    said = Counter(kill_during_upload(data_dir, rng) for _ in range(8))
    assert said["phase audit"] >= 3, f"kills land inside the upload: {said}"
    desk.reopen()
    try:
        desk.sync(real_server)
        counted = device_entries(real_server, desk.device_id)
        assert set(counted.values()) == {1}, "no entry twice"
        assert set(counted) == sent(desk), "no entry lost (each read of each killed client)"
        reads = desk.session.vault.scalar("SELECT count(*) FROM audit WHERE action = 'read'")
        assert reads >= 8 * 400
    finally:
        desk.close()


def test_an_entry_keeps_its_device_moment(server: Server, desks: Any) -> None:
    """A read made days ago offline (the device's clock) is reported at that moment, while
    the server logs when it received it."""
    worker = desks("worker", clock=lambda: utc_now() - timedelta(days=3))
    worker.enroll(server, "youth_worker")
    youth = worker.add_youth("Noor")
    Youths(worker.session).open(youth.id)
    worker.clock = utc_now
    worker.reopen()
    worker.sync(server, check=False)
    engine = make_engine(server.settings.database_url)
    try:
        with transaction(session_factory(engine)) as db:
            audit.chain_all(db, AuditKeys.from_settings(server.settings))
            entry = db.execute(
                select(AuditEntry).where(AuditEntry.action == "device_read")
            ).scalar_one()
            device_at = _aware(entry.detail["device_at"])
            received = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=device_at.tzinfo)
            assert received - device_at > timedelta(days=2)
            assert entry.detail["purpose"] == "youth_read"
            assert entry.records == [["youth", str(youth.id)]]
    finally:
        engine.dispose()
