"""Creating, unlocking and locking the vault; the unlocked session every use case works in."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import passphrase as passphrases
from desktop.services.changes import Changes
from desktop.services.config import use_server_configuration
from desktop.services.unlock_guard import UnlockGuard
from desktop.store import meta, sync_state
from desktop.store.errors import WrongPassphrase
from desktop.store.records import RecordStore
from desktop.store.vault import Vault
from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Actor, Profile
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.base import utc_now
from veldwerk_core.models.errors import VeldwerkError

log = logging.getLogger("veldwerk.session")


class WeakPassphrase(VeldwerkError):
    message = N_("De wachtwoordzin is niet sterk genoeg: {problems}")


class UnlockThrottled(VeldwerkError):
    message = N_("Te veel onjuiste pogingen. Wacht nog {seconds} seconden.")

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds=seconds)
        self.seconds = seconds


class Session:
    """An unlocked vault and the professional working in it. Lives on the database worker."""

    profile: Profile
    actor: Actor
    records: RecordStore

    def __init__(self, data_dir: DataDir, vault: Vault, clock: Callable[[], datetime] = utc_now):
        self.data_dir = data_dir
        self.vault = vault
        self.clock = clock
        self.reload_identity()
        use_server_configuration(sync_state.config(vault))

    def reload_identity(self) -> None:
        """Take over a changed profile or user id (enrollment gives the server's)."""
        profile = meta.profile(self.vault)
        if profile is None:
            raise RuntimeError("vault has no profile")
        self.profile = profile
        self.actor = Actor(
            user_id=str(meta.get(self.vault, meta.USER_ID)),
            name=profile.name,
            role=profile.role,
            organisation=profile.organisation,
            device_id=str(meta.get(self.vault, meta.DEVICE_ID)),
        )
        earlier = getattr(self, "records", None)
        self.records = RecordStore(self.vault, self.actor, self.clock)
        if earlier is not None:
            self.records.written = earlier.written

    def take_changes(self) -> Changes:
        """What was written since the last call: the views refresh by it (``Ops``)."""
        written, self.records.written = self.records.written, []
        return Changes.of(written)

    @property
    def is_open(self) -> bool:
        return self.vault.is_open

    def lock(self) -> None:
        """Close the vault. The session is useless afterwards; unlock makes a new one."""
        if self.vault.is_open:
            self.records.audit(AuditAction.LOCK)
            self.vault.close()

    def change_passphrase(self, current: Secret, new: Secret) -> None:
        """Re-encrypt the vault with ``new`` after checking ``current``; wipes both."""
        with current, new:
            if not Vault.verify(self.vault.path, current):
                raise WrongPassphrase()
            problems = passphrases.assess(new.buffer.decode("utf-8")).problems
            if problems:
                raise WeakPassphrase(problems=" ".join(problems))
            self.vault.rekey(new)
            self.records.audit(AuditAction.REKEY)

    def update_profile(self, profile: Profile) -> None:
        meta.put(self.vault, meta.PROFILE, profile.model_dump(mode="json"))


def vault_exists(data_dir: DataDir) -> bool:
    return data_dir.vault.exists() and data_dir.vault.stat().st_size > 0


def create(
    data_dir: DataDir,
    passphrase: Secret,
    profile: Profile,
    *,
    clock: Callable[[], datetime] = utc_now,
    check_strength: bool = True,
) -> Session:
    """Create a new vault for ``profile``; the passphrase is wiped afterwards."""
    with passphrase:
        if check_strength:
            problems = passphrases.assess(passphrase.buffer.decode("utf-8"), avoid=(profile.name,))
            if problems.problems:
                raise WeakPassphrase(problems=" ".join(problems.problems))
        data_dir.ensure()
        vault = Vault.create(data_dir.vault, passphrase)
    try:
        meta.initialise(vault, profile)
        session = Session(data_dir, vault, clock)
        session.records.audit(AuditAction.UNLOCK)
    except BaseException:
        vault.close()
        raise
    return session


def unlock(
    data_dir: DataDir, passphrase: Secret, *, clock: Callable[[], datetime] = utc_now
) -> Session:
    """Open the vault; raises WrongPassphrase (file untouched). The passphrase is wiped."""
    with passphrase:
        vault = Vault.open(data_dir.vault, passphrase)
    try:
        session = Session(data_dir, vault, clock)
        session.records.audit(AuditAction.UNLOCK)
    except BaseException:
        vault.close()
        raise
    log.info("vault unlocked")
    return session


def attempt_unlock(
    data_dir: DataDir,
    passphrase: Secret,
    guard: UnlockGuard,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> Session:
    """Unlock at the keyboard: counts failures and refuses to try while a wait is running."""
    wait = guard.remaining()
    if wait > 0:
        passphrase.wipe()
        raise UnlockThrottled(seconds=math.ceil(wait))
    try:
        session = unlock(data_dir, passphrase, clock=clock)
    except WrongPassphrase:
        guard.failed()
        log.warning("unlock failed (%d in a row)", guard.failures)
        raise
    guard.succeeded()
    return session
