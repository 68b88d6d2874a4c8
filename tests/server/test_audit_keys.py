"""The keyed, anchored audit chain (issue 12, finding 5), on SQLite and PostgreSQL.

Someone who can write the database but holds no audit key tries what the issue found: rewrite
an entry and recompute every later hash and the head, cut off the tail and move the head,
re-order and delete entries, forge a checkpoint. Each is detected; a clean chain verifies;
rotating the key keeps old entries verifiable; entries from before the keys still verify.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from server.core.audit_keys import AuditKeys
from server.core.config import Settings
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry, AuditHead, AuditYouth
from server.services import audit, audit_checkpoints, audit_verify
from server.services.audit import GENESIS, chain_hash, link_hash
from tests.server.helpers import settings_for
from veldwerk_core.models import new_id, utc_now

NEW_KEY = "a2027-" + "n" * 40


@dataclass
class Ledger:
    sessions: sessionmaker[Session]
    settings: Settings
    checkpoints: Path

    @property
    def keys(self) -> AuditKeys:
        return AuditKeys.from_settings(self.settings)

    def log(self, count: int, keys: AuditKeys | None = None) -> None:
        """``count`` requests' entries, linked into the chain."""
        with transaction(self.sessions) as session:
            for number in range(count):
                event = audit.Event("pull", youth_ids={str(new_id())}, detail={"n": number})
                audit.append(session, event, utc_now())
        with transaction(self.sessions) as session:
            audit.chain_all(session, keys or self.keys)

    def checkpoint(self) -> audit_checkpoints.Checkpoint:
        with transaction(self.sessions) as session:
            written = audit_checkpoints.write(session, self.keys, self.checkpoints)
        assert written is not None
        return written

    def verify(self, keys: AuditKeys | None = None) -> audit_verify.Verification:
        with transaction(self.sessions) as session:
            return audit_verify.verify(session, keys or self.keys, self.checkpoints)

    def seqs(self, keys: AuditKeys | None = None) -> list[int]:
        return sorted({problem.seq for problem in self.verify(keys).problems})


@pytest.fixture
def ledger(database_url: str, tmp_path: Path) -> Iterator[Ledger]:
    checkpoints = tmp_path / "audit-checkpoints.log"
    settings = settings_for(database_url, audit_checkpoint_file=checkpoints)
    engine = make_engine(database_url)
    try:
        yield Ledger(session_factory(engine), settings, checkpoints)
    finally:
        engine.dispose()


def rehash_from(session: Session, first: int, link: object) -> None:
    """The attacker's best effort: re-link every entry from ``first`` on and move the head.

    ``link(prev_hash, entry)`` makes an entry's hash (they hold no audit key)."""
    rows = list(session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
    prev = GENESIS
    for entry in rows:
        if entry.seq >= first:
            entry.prev_hash = prev
            entry.hash = link(prev, entry)  # type: ignore[operator]
        prev = entry.hash
    session.execute(update(AuditHead).values(seq=rows[-1].seq, hash=prev))


def test_a_clean_chain_verifies_against_its_keys_and_checkpoints(ledger: Ledger) -> None:
    ledger.log(5)
    first = ledger.checkpoint()
    ledger.log(3)
    ledger.checkpoint()
    result = ledger.verify()
    assert (result.problems, result.entries, result.legacy, result.checkpoints) == ([], 8, 0, 2)
    assert (first.seq, first.count, first.key_id) == (5, 5, "sk")
    with transaction(ledger.sessions) as session:
        keyed = session.execute(select(AuditEntry.key_id).distinct()).scalars().all()
    assert keyed == ["sk"]


def test_rewrite_and_rehash_without_the_key_is_detected(ledger: Ledger) -> None:
    ledger.log(6)
    with transaction(ledger.sessions) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(result="denied"))

        def unkeyed(prev: str, entry: AuditEntry) -> str:  # as before the keys
            entry.key_id = None
            return chain_hash(prev, entry)

        rehash_from(session, 3, unkeyed)
    assert ledger.seqs() == [3, 4, 5, 6]  # unkeyed entries after keyed ones
    with transaction(ledger.sessions) as session:
        guessed = AuditKeys("sk", {"sk": b"a guess at the key"})
        session.execute(update(AuditEntry).where(AuditEntry.seq >= 3).values(key_id="sk"))
        rehash_from(session, 3, lambda prev, entry: link_hash(guessed, prev, entry))
    assert ledger.seqs() == [3, 4, 5, 6]  # content does not match its HMAC


def test_rewriting_the_whole_chain_as_unkeyed_is_caught_by_a_checkpoint(ledger: Ledger) -> None:
    ledger.log(4)
    ledger.checkpoint()
    with transaction(ledger.sessions) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="export"))

        def unkeyed(prev: str, entry: AuditEntry) -> str:
            entry.key_id = None
            return chain_hash(prev, entry)

        rehash_from(session, 1, unkeyed)
    problems = ledger.verify().problems
    assert [(p.seq, "checkpoint line 1 vouched for" in p.what) for p in problems] == [(4, True)]


def test_truncating_the_tail_and_moving_the_head_is_detected(ledger: Ledger) -> None:
    ledger.log(5)
    ledger.checkpoint()
    ledger.log(2)
    with transaction(ledger.sessions) as session:
        session.execute(delete(AuditYouth).where(AuditYouth.audit_seq > 3))
        session.execute(delete(AuditEntry).where(AuditEntry.seq > 3))
        last = session.execute(select(AuditEntry).where(AuditEntry.seq == 3)).scalar_one()
        session.execute(update(AuditHead).values(seq=3, hash=last.hash))
    [problem] = ledger.verify().problems
    assert problem.seq == 5 and "truncated" in problem.what


def test_reordering_entries_is_detected(ledger: Ledger) -> None:
    ledger.log(5)
    with transaction(ledger.sessions) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(seq=-2))
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(seq=2))
        session.execute(update(AuditEntry).where(AuditEntry.seq == -2).values(seq=3))
    assert ledger.seqs() == [2, 3, 4]  # numbers and links no longer hold


def test_deleting_an_entry_is_detected_by_its_neighbours_and_the_checkpoint(
    ledger: Ledger,
) -> None:
    ledger.log(5)
    ledger.checkpoint()
    with transaction(ledger.sessions) as session:
        session.execute(delete(AuditYouth).where(AuditYouth.audit_seq == 2))
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    problems = ledger.verify().problems
    assert {p.seq for p in problems} == {3, 5}
    assert any("missing" in p.what for p in problems if p.seq == 3)
    assert any("4 entries up to here" in p.what for p in problems if p.seq == 5)


def test_key_rotation_keeps_old_entries_verifiable(ledger: Ledger) -> None:
    ledger.log(3)
    ledger.checkpoint()
    rotated = ledger.settings.model_copy(
        update={"audit_keys": {"a2027": SecretStr(NEW_KEY)}, "audit_key_id": "a2027"}
    )
    new_keys = AuditKeys.from_settings(rotated)
    ledger.settings = rotated
    ledger.log(3, new_keys)
    ledger.checkpoint()
    assert ledger.verify().problems == []
    with transaction(ledger.sessions) as session:
        used = session.execute(select(AuditEntry.seq, AuditEntry.key_id)).all()
    assert sorted(used) == [
        (1, "sk"),
        (2, "sk"),
        (3, "sk"),
        (4, "a2027"),
        (5, "a2027"),
        (6, "a2027"),
    ]
    without_new = AuditKeys("sk", {"sk": new_keys.keys["sk"]})
    problems = ledger.verify(without_new).problems
    assert {p.seq for p in problems if p.line is None} == {4, 5, 6}
    assert all("not configured" in p.what for p in problems)


def test_a_forged_checkpoint_line_is_refused_and_not_trusted(ledger: Ledger) -> None:
    ledger.log(3)
    genuine = ledger.checkpoint()
    fake = {**json.loads(genuine.line()), "seq": 9, "count": 9}
    stranger = AuditKeys("sk", {"sk": b"not the server's key"})
    signed = audit_checkpoints.sign(stranger, utc_now(), 2, 2, "0" * 64)
    with ledger.checkpoints.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(fake) + "\n" + signed.line() + "\nnot json\n")
    problems = ledger.verify().problems
    assert [(p.line, p.seq) for p in problems] == [(2, 9), (3, 2), (4, 0)]
    assert all(p.line for p in problems)  # the chain itself is fine; no "truncation" at 9
    assert "forged" in problems[0].what and "forged" in problems[1].what


def test_entries_from_before_the_keys_verify_as_a_prefix_only(ledger: Ledger) -> None:
    """Entries linked before the migration (key_id NULL, plain SHA-256) still verify; an
    unkeyed entry after keyed ones does not."""
    ledger.log(3)
    with transaction(ledger.sessions) as session:

        def legacy(prev: str, entry: AuditEntry) -> str:
            entry.key_id = None
            return chain_hash(prev, entry)

        rehash_from(session, 1, legacy)  # what a database from before the keys holds
    ledger.checkpoint()  # the server anchors them when it starts
    ledger.log(2)
    result = ledger.verify()
    assert (result.problems, result.legacy, result.entries) == ([], 3, 5)
    with transaction(ledger.sessions) as session:
        rehash_from(session, 5, legacy)
    assert ledger.seqs() == [5]


def test_the_server_writes_checkpoints_by_itself(ledger: Ledger) -> None:
    """The chainer anchors the chain when it starts, every N entries and when it stops."""
    policy = audit_checkpoints.Policy(ledger.checkpoints, minutes=60, entries=4)
    chainer = audit.Chainer(ledger.sessions, ledger.keys, 0.05, policy)
    with transaction(ledger.sessions) as session:
        for _ in range(2):
            audit.append(session, audit.Event("pull"), utc_now())
    chainer.start()
    try:
        deadline = utc_now().timestamp() + 10
        while not ledger.checkpoints.exists() and utc_now().timestamp() < deadline:
            time.sleep(0.02)
        with transaction(ledger.sessions) as session:
            for _ in range(5):
                audit.append(session, audit.Event("pull"), utc_now())
        while len(list(audit_checkpoints.read(ledger.checkpoints))) < 2:
            assert utc_now().timestamp() < deadline
            time.sleep(0.02)
    finally:
        chainer.stop()
    lines = [checkpoint for _line, checkpoint in audit_checkpoints.read(ledger.checkpoints)]
    assert [c.seq for c in lines if c] == [2, 7]  # start, after 4+ linked; at stop: no news
    assert all(c and audit_checkpoints.genuine(ledger.keys, c) for c in lines)
    assert ledger.verify().checkpoints == 2


def test_audit_keys_are_real_secrets() -> None:
    from pydantic import ValidationError

    from tests.server.helpers import SECRET_KEY

    base = {"secret_key": SECRET_KEY, "database_url": "sqlite://"}
    for keys, key_id in (({"k1": "changethis"}, "k1"), ({"bad id!": NEW_KEY}, "sk"), ({}, "k9")):
        with pytest.raises(ValidationError, match="AUDIT_KEY|audit key id"):
            Settings(**base, audit_keys=keys, audit_key_id=key_id)  # type: ignore[arg-type]
    settings = Settings(**base, audit_keys={"k1": NEW_KEY}, audit_key_id="k1")  # type: ignore[arg-type]
    keys = AuditKeys.from_settings(settings)
    assert keys.current == "k1" and set(keys.keys) == {"sk", "k1"}
    assert keys.keys["sk"] != settings.hmac_key()  # derived, never the enrollment-code key
    assert "n" * 10 not in repr(keys)


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"o_{new_id().hex[:12]}"
    yield cluster.create_database(name)
    cluster.drop_database(name)


def test_a_database_from_before_the_keys_upgrades_and_verifies(
    blank_url: str, tmp_path: Path
) -> None:
    """A chain linked by the previous release (migration 0003, plain SHA-256) keeps verifying
    after the upgrade, now continued with keyed entries."""
    from alembic import command

    from server.core.db import alembic_config, migrate

    command.upgrade(alembic_config(blank_url), "0003")
    engine = make_engine(blank_url)
    try:
        prev = GENESIS
        with engine.begin() as connection:
            for seq in (1, 2, 3):
                entry = AuditEntry(
                    seq=seq, at=utc_now(), action="pull", result="ok", records=[], detail={}
                )
                entry.hash = chain_hash(prev, entry)
                row = {
                    "seq": seq,
                    "at": entry.at,
                    "action": "pull",
                    "result": "ok",
                    "records": [],
                    "detail": {},
                    "prev_hash": prev,
                    "hash": entry.hash,
                }
                columns = [c for c in AuditEntry.__table__.columns if c.name != "key_id"]
                connection.execute(
                    AuditEntry.__table__.insert().values({c.name: row.get(c.name) for c in columns})
                )
                prev = entry.hash
            connection.execute(update(AuditHead).values(seq=3, hash=prev))
        engine.dispose()
        migrate(blank_url)
        ledger = Ledger(
            session_factory(engine),
            settings_for(blank_url, audit_checkpoint_file=tmp_path / "cp.log"),
            tmp_path / "cp.log",
        )
        ledger.checkpoint()
        ledger.log(2)
        result = ledger.verify()
        assert (result.problems, result.legacy, result.entries) == ([], 3, 5)
    finally:
        engine.dispose()
