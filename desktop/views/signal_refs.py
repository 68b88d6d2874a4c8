"""Keep ``True`` alive across PySide6 6.12.0's ``SignalInstance.emit``.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit`` without taking a new reference to
it. Since Python 3.12 ``True`` is immortal and nobody notices; on Python 3.11 every signal
emitted from Python code takes one reference away from ``True``, and when the last one goes
the interpreter aborts ("Fatal Python error: bool_dealloc: deallocating True or False") at
whichever line happens to drop it - in the app most often ``Ops``'s hand-back of a finished
operation, minutes into a session of typing (every keystroke emits a few signals).

:func:`repair` measures what one emit costs ``True`` and, when it costs a reference, wraps
``emit`` so that it gives the reference back. Bindings without the bug are left alone. It is
applied when ``desktop.views`` is imported, before any window exists.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger("veldwerk.ui")

_PROBES = 64
_repaired = False


class _Probe(QObject):
    sig_probe = Signal()


def references_lost_per_emit() -> int:
    """How many references to ``True`` one ``emit`` from Python takes away (0 when sound)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.sig_probe.emit()
    lost = before - sys.getrefcount(True)
    return round(lost / _PROBES)


_give_back = ctypes.pythonapi.Py_IncRef
_give_back.argtypes = [ctypes.py_object]
_give_back.restype = None


class _Emit:
    """``signal.emit`` that gives back the reference to ``True`` the binding took.

    Not a Python method: PySide6 connects a bound Python method weakly through its
    ``__self__``, which a SignalInstance cannot give, so ``a.connect(b.emit)`` would fail.
    Like the binding's own ``emit``, this is a plain callable that the connection keeps."""

    __slots__ = ("_emit", "_signal")

    def __init__(self, emit: Any, signal: SignalInstance) -> None:
        self._emit = emit
        self._signal = signal

    def __call__(self, *args: Any) -> Any:
        result = self._emit(self._signal, *args)
        if result is True:
            _give_back(result)
        return result


class _Emitter:
    """Stands in for ``SignalInstance.emit`` on the class."""

    def __init__(self, emit: Any) -> None:
        self._emit = emit

    def __get__(self, signal: SignalInstance | None, owner: type | None = None) -> Any:
        return self._emit if signal is None else _Emit(self._emit, signal)


def repair() -> bool:
    """Make ``emit`` keep ``True``'s reference count whole; True when it had to."""
    global _repaired
    if _repaired:
        return True
    lost = references_lost_per_emit()
    if lost <= 0:
        return False
    if lost != 1:  # pragma: no cover - a different bug: say so rather than guess
        log.error("SignalInstance.emit loses %d references to True per call", lost)
        return False
    setattr(SignalInstance, "emit", _Emitter(SignalInstance.emit))  # noqa: B010
    _repaired = True
    log.info("PySide6 emit reference leak repaired")
    return True
