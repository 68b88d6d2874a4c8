"""The base of every section of the main window: the same shape and the same duties."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.services.changes import Changes
from desktop.views.ops import Ops
from desktop.views.sync.record_status import SyncBadge


class Section(QWidget):
    """A page of the main window.

    ``activate`` is called when the section is shown (load what it needs, through ``ops``);
    ``clear`` when the vault locks: it must drop every piece of case data it shows or holds.
    A section that shows records of some kinds lists them in ``kinds``; the main window sends
    requests to open such a record (from the worklist, a timeline...) to ``open_record``.

    Sections are told what changed rather than wired to each other: every operation's
    :class:`Changes` reach :meth:`on_changes`. A change to one of ``kinds`` or ``shows``
    reloads the section if it is on screen; a hidden one reloads when it is next shown.
    """

    title: str = ""
    kinds: tuple[str, ...] = ()
    shows: tuple[str, ...] = ()
    """Further record kinds whose changes alter what the section shows (a youth's timeline
    shows signals); unlike ``kinds``, requests to open them go elsewhere."""

    sig_open_record = Signal(str, object)
    """Ask the main window to show a record: (kind, id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        ops.sig_changed.connect(self.on_changes)

    def activate(self) -> None:
        """Called each time the section is shown while the vault is open."""

    def clear(self) -> None:
        """Called on lock; drop all case data."""

    def open_record(self, kind: str, record_id: UUID) -> None:
        """Show the record ``record_id`` of ``kind`` (one of :attr:`kinds`)."""

    def new_record(self) -> None:
        """Start a new record of the section's kind (its "new" button or shortcut)."""

    def focus_search(self) -> bool:
        """Put the cursor in the section's search field; False when it has none."""
        return False

    def focus_content(self) -> None:
        """Put the cursor on what the section lists (it was chosen with Ctrl+1..7), so
        the arrow keys and Enter work at once; without a list, on its first field."""
        widget = self.content_widget()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.focusNextChild()

    def content_widget(self) -> QWidget | None:
        """The list the cursor goes to when the section is chosen."""
        return None

    def concerns(self, changes: Changes) -> bool:
        return changes.touches((*self.kinds, *self.shows))

    def on_changes(self, changes: Changes) -> None:
        """Records changed somewhere: reload what is on screen if the change concerns it.
        Hidden, nothing happens now: :meth:`activate` loads afresh when it is shown."""
        if self.isVisible() and self.concerns(changes):
            self.reload_shown()

    def reload_shown(self) -> None:
        """Load again what the section shows, keeping the record on screen."""
        self.activate()

    def make_sync_badge(self) -> SyncBadge:
        """A shown record's sync status; its link opens the conflict or refused list."""
        badge = SyncBadge(self.ops, self)
        badge.sig_open.connect(lambda kind: self.sig_open_record.emit(kind, None))
        return badge
