"""The errors views may catch by type. Everything else is shown through its user message."""

from desktop.services.session import UnlockThrottled, WeakPassphrase
from desktop.store.errors import (
    StorageFailure,
    StorageFull,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultLocked,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid, RecordNotFound, VeldwerkError

__all__ = [
    "ChangeRefused",
    "RecordInvalid",
    "RecordNotFound",
    "StorageFailure",
    "StorageFull",
    "VaultError",
    "VaultExists",
    "VaultInUse",
    "VaultLocked",
    "VaultMissing",
    "VaultTooNew",
    "VeldwerkError",
    "UnlockThrottled",
    "WeakPassphrase",
    "WrongPassphrase",
]
