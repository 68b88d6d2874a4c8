"""Hypothesis drives 2-5 devices of one professional through random creates, edits, deletes,
going offline, syncs and crashes mid-sync; after a final sync every device equals the server,
no write a device made is lost, and every concurrent edit of a field produced a conflict.

Real parts throughout: the server app (in this process) on a fresh PostgreSQL database per
example, real vaults (reused between examples, emptied first: a new vault costs a key
derivation), the real engine. A crash is an exception at a random vault call of a sync,
before or after that call's transaction: what a SIGKILL leaves behind (the SIGKILL test does
it for real)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from desktop.services import sync
from tests.sync.fixtures import TEMPLATE
from tests.sync.support import FAST_RETRIES, Desk, Server, inprocess_server
from veldwerk_core.models import Youth

FIELDS = ("wijk", "school", "contact_notes")
USER = "youth_worker"


class Crash(Exception):
    """The process died here."""


@dataclass(frozen=True)
class Write:
    device: int
    record: str
    field: str
    value: str
    prev: str | None


@dataclass
class World:
    pg: Any = None
    desks: list[Desk] = field(default_factory=list)


WORLD = World()


def empty(desk: Desk) -> None:
    """Make a used vault a fresh one (tests only): no records, no sync state, no history."""
    vault = desk.session.vault
    tables = [
        row["name"]
        for row in vault.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE '%fts%' AND name NOT IN ('meta', 'schema_migration')"
        )
    ]
    with vault.transaction():
        for table in tables:
            vault.execute(f"DELETE FROM {table}")
        for fts in ("youth_fts", "signal_fts", "group_fts"):
            vault.execute(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")


class Devices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        name = f"h_{uuid.uuid4().hex[:12]}"
        url = WORLD.pg.create_database(name, template=TEMPLATE)
        self.stack.callback(WORLD.pg.drop_database, name)
        self.server: Server = self.stack.enter_context(inprocess_server(url))
        self.writes: list[Write] = []
        self.deletes: list[tuple[int, str, dict[str, str | None]]] = []
        self.counter = 0
        self.devices: list[Desk] = []
        self.online: list[bool] = []

    @initialize(count=st.integers(min_value=2, max_value=5))
    def start(self, count: int) -> None:
        for desk in WORLD.desks[:count]:
            empty(desk)
            desk.enroll(self.server, USER)
            self.devices.append(desk)
            self.online.append(True)

    def _value(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def _local(self, device: int) -> list[Youth]:
        return self.devices[device].session.records.select(Youth, order_by="id")

    # -- what people do ------------------------------------------------------------------

    @rule(device=st.integers(0, 4))
    def create(self, device: int) -> None:
        device %= len(self.devices)
        values = {name: self._value() for name in FIELDS}
        youth = self.devices[device].add_youth(f"Jongere{self.counter}", **values)
        for name, value in values.items():
            self.writes.append(Write(device, str(youth.id), name, value, None))

    @rule(device=st.integers(0, 4), pick=st.integers(0, 1000), name=st.sampled_from(FIELDS))
    def edit(self, device: int, pick: int, name: str) -> None:
        device %= len(self.devices)
        local = self._local(device)
        if not local:
            return
        youth = local[pick % len(local)]
        value = self._value()
        self.devices[device].youths().update(youth.id, {name: value})
        self.writes.append(Write(device, str(youth.id), name, value, getattr(youth, name)))

    @rule(device=st.integers(0, 4), pick=st.integers(0, 1000))
    def delete(self, device: int, pick: int) -> None:
        device %= len(self.devices)
        local = self._local(device)
        if not local:
            return
        youth = local[pick % len(local)]
        self.devices[device].session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
        self.deletes.append((device, str(youth.id), {n: getattr(youth, n) for n in FIELDS}))

    @rule(device=st.integers(0, 4))
    def toggle_offline(self, device: int) -> None:
        device %= len(self.devices)
        self.online[device] = not self.online[device]

    @rule(device=st.integers(0, 4), check=st.booleans())
    def sync(self, device: int, check: bool) -> None:
        device %= len(self.devices)
        if self.online[device]:
            self.devices[device].sync(self.server, check=check)

    @rule(
        device=st.integers(0, 4),
        at=st.integers(1, 40),
        after=st.booleans(),
        restart=st.booleans(),
    )
    def crash(self, device: int, at: int, after: bool, restart: bool) -> None:
        """A sync dies at its ``at``-th vault call, before or after that call committed."""
        device %= len(self.devices)
        if not self.online[device]:
            return
        desk = self.devices[device]
        calls = 0

        def run(work: Callable[[Any], Any]) -> Any:
            nonlocal calls
            calls += 1
            if calls == at and not after:
                raise Crash()
            result = work(desk.session)
            if calls == at:
                raise Crash()
            return result

        syncer = sync.SyncClient(
            run,
            key=str(desk.session.vault.path),
            clock=desk.session.clock,
            client=self.server.client,
            policy=FAST_RETRIES,
        )
        try:
            syncer.sync()
        except Crash:
            pass
        if restart:
            desk.reopen()

    # -- what must hold ------------------------------------------------------------------

    @invariant()
    def vaults_stay_whole(self) -> None:
        for desk in self.devices:
            count = desk.session.vault.scalar("SELECT count(*) FROM youth")
            assert count == desk.session.vault.scalar("SELECT count(*) FROM youth_fts")

    def teardown(self) -> None:
        try:
            if self.devices:
                self._converge()
        finally:
            self.stack.close()

    def _converge(self) -> None:
        for _round in range(2):
            for desk in self.devices:
                desk.sync(self.server, check=True)
        held = self.server.records(USER, data=True)
        for desk in self.devices:
            assert desk.outbox() == 0
            assert desk.versions() == {key: (kind, v) for key, (kind, v, _d) in held.items()}
        conflicts = self._conflicts()
        final = {
            (record, name): data.get(name)
            for record, (_k, _v, data) in held.items()
            for name in FIELDS
        }
        self._nothing_lost(held, final, conflicts)
        self._concurrent_edits_conflict(conflicts, held)

    def _conflicts(self) -> set[tuple[str, str, Any]]:
        """(record, field, yours) of every conflict; each device has the same ones."""
        seen: list[set[tuple[str, str, Any]]] = []
        for desk in self.devices:
            found = set()
            rows = desk.session.vault.query("SELECT record_id, reason, fields FROM sync_conflict")
            for row in rows:
                if row["reason"] == "delete_after_edit":
                    found.add((row["record_id"], "*delete*", None))
                for entry in json.loads(row["fields"]):
                    found.add((row["record_id"], entry["field"], entry.get("yours")))
            seen.append(found)
        assert all(found == seen[0] for found in seen), "conflicts reach every device"
        return seen[0]

    def _descendants(self, record: str, name: str, value: str) -> set[str]:
        """The value and every later value written on top of it (by whoever saw it)."""
        found, frontier = {value}, [value]
        while frontier:
            current = frontier.pop()
            for write in self.writes:
                if write.record == record and write.field == name and write.prev == current:
                    if write.value not in found:
                        found.add(write.value)
                        frontier.append(write.value)
        return found

    def _nothing_lost(
        self,
        held: dict[str, Any],
        final: dict[tuple[str, str], Any],
        conflicts: set[tuple[str, str, Any]],
    ) -> None:
        for write in self.writes:
            later = self._descendants(write.record, write.field, write.value)
            if write.record in held and final[(write.record, write.field)] in later:
                continue  # on the server, or knowingly replaced by a later value
            if any((write.record, write.field, value) in conflicts for value in later):
                continue  # kept in a conflict for a person to decide
            deleted_knowingly = any(
                record == write.record and prev[write.field] in later
                for _device, record, prev in self.deletes
            )
            delete_kept = (write.record, "*delete*", None) in conflicts
            if deleted_knowingly and (write.record not in held or delete_kept):
                continue  # deleted by someone who had seen it (or that delete awaits a person)
            raise AssertionError(f"write lost: {write}")

    def _superseded_by_delete(
        self,
        record: str,
        name: str,
        branch: set[str],
        conflicts: set[tuple[str, str, Any]],
        held: dict[str, Any],
    ) -> bool:
        """The branch ended in a delete by someone who had seen it, and that delete either
        went through or waits for a person as a conflict."""
        deleted = any(
            found == record and prev[name] in branch for _device, found, prev in self.deletes
        )
        return deleted and (record not in held or (record, "*delete*", None) in conflicts)

    def _concurrent_edits_conflict(
        self, conflicts: set[tuple[str, str, Any]], held: dict[str, Any]
    ) -> None:
        by_field: dict[tuple[str, str], list[Write]] = {}
        for write in self.writes:
            if write.prev is not None:
                by_field.setdefault((write.record, write.field), []).append(write)
        for (record, name), writes in by_field.items():
            for index, first in enumerate(writes):
                for second in writes[index + 1 :]:
                    if first.device == second.device:
                        continue
                    one = self._descendants(record, name, first.value)
                    two = self._descendants(record, name, second.value)
                    if second.value in one or first.value in two:
                        continue  # one saw the other: not concurrent
                    branches = one | two
                    if any((record, name, value) in conflicts for value in branches):
                        continue
                    if any(
                        self._superseded_by_delete(record, name, branch, conflicts, held)
                        for branch in (one, two)
                    ):
                        continue
                    raise AssertionError(f"concurrent edits without a conflict: {first} / {second}")


@pytest.fixture
def pool(sync_pg: Any, tmp_path: Path) -> Iterator[World]:
    WORLD.pg = sync_pg
    WORLD.desks = [Desk(tmp_path / f"device-{number}") for number in range(5)]
    try:
        yield WORLD
    finally:
        for desk in WORLD.desks:
            desk.close()
        WORLD.desks = []


def test_sync_devices_converge(pool: World) -> None:
    run_state_machine_as_test(
        Devices, settings=settings(max_examples=6, stateful_step_count=30, deadline=None)
    )


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sync_devices_converge_long(pool: World) -> None:
    run_state_machine_as_test(
        Devices, settings=settings(max_examples=150, stateful_step_count=60, deadline=None)
    )
