"""Why an operation failed, said the same way by every form: one channel, not a copy per dialog.

Validation problems go next to their fields (nothing typed is lost), with a line pointing
there; environment and input errors (disk full, no access, a refused change) get their Dutch
message on the dialog's error line; anything else is a bug and goes to ``Ops.sig_error`` (the
crash dialog with a copyable report).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtWidgets import QLabel

from desktop.views.ops import Ops
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.errors import FieldError, RecordInvalid, VeldwerkError

LEAD = N_("Niet alles is goed ingevuld; zie de velden hierboven.")


class Places(Protocol):
    """Puts validation messages next to fields; returns those it has no field for."""

    def show_errors(self, errors: Sequence[FieldError]) -> list[str]: ...


def report_failure(
    ops: Ops,
    error: BaseException,
    line: QLabel,
    places: Places | None = None,
    *,
    lead: str | None = LEAD,
) -> None:
    """Show why saving failed; ``lead`` (untranslated) heads the line when a field says more."""
    if isinstance(error, RecordInvalid) and places is not None:
        unplaced = places.show_errors(error.errors)
        placed = len(unplaced) < len(error.errors)
        line.setText("\n".join(([_(lead)] if lead and placed else []) + unplaced))
    elif isinstance(error, VeldwerkError):
        line.setText(error.user_message())
    else:
        ops.sig_error.emit(error)
