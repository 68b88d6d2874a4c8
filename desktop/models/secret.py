"""Key material that can be wiped from memory."""

from __future__ import annotations

import ctypes
import hmac
import unicodedata
from types import TracebackType


class Secret:
    """A passphrase held in a mutable buffer, zeroed by :meth:`wipe`.

    Python strings are immutable and cannot be wiped, so a passphrase is turned into a Secret
    as early as possible and the string dropped. The text is NFC-normalised so the same
    passphrase typed on different systems gives the same bytes.
    """

    __slots__ = ("_buffer",)

    def __init__(self, value: str | bytes | bytearray) -> None:
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value).encode("utf-8")
        self._buffer = bytearray(value)

    @property
    def buffer(self) -> bytearray:
        """The bytes themselves; pass them on, never copy them into a ``str``."""
        return self._buffer

    def wipe(self) -> None:
        if self._buffer:
            ctypes.memset(
                (ctypes.c_char * len(self._buffer)).from_buffer(self._buffer), 0, len(self._buffer)
            )

    @property
    def wiped(self) -> bool:
        return not any(self._buffer)

    def __len__(self) -> int:
        return len(self._buffer)

    def matches(self, other: Secret) -> bool:
        return hmac.compare_digest(self._buffer, other._buffer)

    def __repr__(self) -> str:
        return "Secret(***)"

    def __enter__(self) -> Secret:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.wipe()
