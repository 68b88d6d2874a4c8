"""The sections of the main window. Every section has the same shape and the same duties."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.views.ops import Ops
from desktop.views.sync.record_status import SyncBadge
from veldwerk_core.i18n import N_, _


class Section(QWidget):
    """A page of the main window.

    ``activate`` is called when the section is shown (load what it needs, through ``ops``);
    ``clear`` when the vault locks: it must drop every piece of case data it shows or holds.
    A section that shows records of some kinds lists them in ``kinds``; the main window sends
    requests to open such a record (from the worklist, a timeline...) to ``open_record``.
    """

    title: str = ""
    kinds: tuple[str, ...] = ()

    sig_open_record = Signal(str, object)
    """Ask the main window to show a record: (kind, id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops

    def activate(self) -> None:
        """Called each time the section is shown while the vault is open."""

    def clear(self) -> None:
        """Called on lock; drop all case data."""

    def open_record(self, kind: str, record_id: UUID) -> None:
        """Show the record ``record_id`` of ``kind`` (one of :attr:`kinds`)."""

    def focus_search(self) -> bool:
        """Put the cursor in the section's search field; False when it has none."""
        return False

    def make_sync_badge(self) -> SyncBadge:
        """A shown record's sync status; its link opens the conflict or refused list."""
        badge = SyncBadge(self.ops, self)
        badge.sig_open.connect(lambda kind: self.sig_open_record.emit(kind, None))
        return badge


class Placeholder(Section):
    """A section whose feature has not landed yet."""

    def __init__(
        self, title: str, description: str, ops: Ops, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, parent)
        self.title = title
        heading = QLabel(f"<h2>{_(title)}</h2>", self)
        body = QLabel(_("Nog niet beschikbaar.") + " " + _(description), self)
        body.setObjectName("placeholderText")
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)


SECTIONS: tuple[tuple[str, str], ...] = (
    (
        N_("Werklijst"),
        N_("Hier komen gesignaleerde jongeren, afspraken en evaluaties die aandacht vragen."),
    ),
    (N_("Jongeren"), N_("Hier komt het register van jongeren met hun tijdlijn.")),
    (N_("Signalen"), N_("Hier leg je signalen vast en zoek je ze terug.")),
    (N_("Screenings"), N_("Hier vul je screeningslijsten in.")),
    (N_("Trajecten"), N_("Hier komen coachingstrajecten met doelen en afspraken.")),
    (N_("Groepen"), N_("Hier komen jeugdgroepen en de groepsaanpak.")),
    (N_("Synchronisatie"), N_("Hier koppel je dit apparaat aan de gemeentelijke server.")),
)


def build_sections(ops: Ops) -> list[Section]:
    """The sections in navigation order; features replace their placeholder as they land."""
    from desktop.views.groups.section import GroupsSection
    from desktop.views.screenings import ScreeningsSection
    from desktop.views.signals.section import SignalsSection
    from desktop.views.sync.section import SyncSection
    from desktop.views.trajectories import TrajectoriesSection
    from desktop.views.worklist import WorklistSection
    from desktop.views.youths.section import YouthsSection

    built: dict[str, Section] = {
        WorklistSection.title: WorklistSection(ops),
        YouthsSection.title: YouthsSection(ops),
        SignalsSection.title: SignalsSection(ops),
        ScreeningsSection.title: ScreeningsSection(ops),
        TrajectoriesSection.title: TrajectoriesSection(ops),
        GroupsSection.title: GroupsSection(ops),
        SyncSection.title: SyncSection(ops),
    }
    return [
        built.get(title) or Placeholder(title, description, ops) for title, description in SECTIONS
    ]
