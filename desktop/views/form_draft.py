"""A form kept as a draft in the vault while it is filled in: a crash or an auto-lock loses
nothing, and the next time the form opens it says "Je concept is teruggezet.".

The draft is written at the latest :data:`SAVE_EVERY_MS` after the first edit that is not in
it yet - also while typing goes on without a pause -, at once when the cursor leaves the form's
field, and on lock (``stash_for_lock`` of the forms).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.drafts import Drafts
from desktop.services.errors import VaultLocked
from desktop.services.session import Session
from desktop.views.binding import Binding
from desktop.views.ops import Ops

log = logging.getLogger("veldwerk.ui")

SAVE_EVERY_MS = 500
"""An edit is in the vault's draft at most this long (plus one write) after it was made."""


def _not_saved(error: BaseException) -> None:
    """A draft is a convenience: when the vault is already locked there is nothing to save to."""
    if not isinstance(error, VaultLocked):
        log.warning("draft not saved: %s", type(error).__name__)


class FormDraft(QObject):
    """Saves the binding's state under ``key`` shortly after every edit."""

    def __init__(self, ops: Ops, binding: Binding, key: str, form: str) -> None:
        super().__init__(binding)
        self._ops = ops
        self._binding = binding
        self.key = key
        self.form = form
        self.dirty = False
        """Edited since it was opened, restored or saved for good."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_EVERY_MS)
        self._timer.timeout.connect(self.save)
        binding.sig_edited.connect(self._edited)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def load(self, session: Session) -> dict[str, Any] | None:
        """The saved draft (on the database worker), if there is one."""
        return Drafts(session).load(self.key)

    def _edited(self, _name: str) -> None:
        self.dirty = True
        if not self._timer.isActive():  # not restarted: typing on must not postpone saving
            self._timer.start()

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        """The cursor left a field of the form: what was typed there goes in the draft now."""
        if self.dirty and old is not None and self._binding.owner.isAncestorOf(old):
            self.save()

    def save(self) -> None:
        self._timer.stop()
        if not self.dirty:
            return
        key, form, state = self.key, self.form, self._binding.state()
        self._ops.run(lambda session: Drafts(session).save(key, form, state), on_failure=_not_saved)

    def done(self) -> None:
        """Saved for good (the service discarded the draft) or thrown away: stop keeping it."""
        self._timer.stop()
        self.dirty = False

    def discard(self) -> None:
        self.done()
        key = self.key
        self._ops.run(lambda session: Drafts(session).discard(key))
