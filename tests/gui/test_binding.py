"""A form's fields declared once: state, filling, messages by path, focus, one error triage."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from desktop.views.binding import Binding
from desktop.views.failure import report_failure
from desktop.views.field_values import choices
from desktop.views.ops import Ops
from desktop.views.trajectories.fields import DateEdit
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.kind = QComboBox(self)
        choices(self.kind, [("wijk", "Wijk"), ("online", "Online")])
        self.wijk = QComboBox(self)
        choices(self.wijk, [("Noord", "Noord"), ("Zuid", "Zuid")], "— kies —")
        self.name = QLineEdit(self)
        self.since = DateEdit(self)
        self.informed = QCheckBox(self)
        self.binding = Binding(self)
        bind = self.binding
        bind.add("name", self.name)
        bind.add("place.place_kind", self.kind)
        bind.add("place.wijk", self.wijk, skip_none=True)
        bind.add("since", self.since)
        bind.add("informed", self.informed)


def error(field: str, message: str = "Fout.") -> FieldError:
    return FieldError(field, field, message)


def test_a_field_is_named_once_and_its_widget_carries_the_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = Form()
    qtbot.addWidget(form)
    assert form.findChild(QComboBox, "place.wijk") is form.wijk
    assert form.findChild(QLineEdit, "name") is form.name
    assert set(form.binding.messages) == {
        "name",
        "place.place_kind",
        "place.wijk",
        "since",
        "informed",
    }


def test_state_is_shaped_like_the_record_and_values_leave_out_what_is_not_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = Form()
    qtbot.addWidget(form)
    form.name.setText("Skatebaan")
    assert form.binding.state() == {
        "name": "Skatebaan",
        "place": {"place_kind": "wijk", "wijk": None},
        "since": None,
        "informed": False,
    }
    assert form.binding.values()["place"] == {"place_kind": "wijk"}, "verplicht, not a type error"


def test_filling_from_a_record_shows_its_values_without_counting_as_edits(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = Form()
    qtbot.addWidget(form)
    edits: list[str] = []
    form.binding.sig_edited.connect(edits.append)
    form.binding.fill(
        {
            "name": "Plein",
            "place": {"place_kind": "online", "wijk": "Zuid"},
            "since": "2026-03-01",
            "informed": True,
            "not_a_field": 1,
        }
    )
    assert edits == []
    assert form.name.text() == "Plein" and form.kind.currentData() == "online"
    assert form.wijk.currentData() == "Zuid" and form.informed.isChecked()
    assert form.since.text() == "01-03-2026", "a stored date reads as dd-mm-jjjj"
    form.binding.fill({"name": "Park"})
    assert form.kind.currentData() == "online", "what a draft lacks stays as it is"
    form.name.setText("Bos")
    form.wijk.setCurrentIndex(1)
    assert edits == ["name", "place.wijk"]
    form.binding.reset()
    assert form.name.text() == "" and form.wijk.currentData() is None


def test_messages_go_next_to_their_fields_by_path_and_the_cursor_to_the_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    unplaced = form.binding.show_errors(
        [
            error("since", "Sinds is geen geldige datum."),
            error("place", "Locatie heeft niet de juiste vorm."),
            error("place.wijk", "Wijk is verplicht."),
            error("place.wijk", "Kies een wijk uit de lijst."),
            error("elsewhere", "Dit kan geen veld laten zien."),
        ]
    )
    messages = form.binding.messages
    assert messages["place.wijk"].text() == "Wijk is verplicht.\nKies een wijk uit de lijst."
    assert messages["place.place_kind"].text() == "Locatie heeft niet de juiste vorm."
    assert messages["since"].text() == "Sinds is geen geldige datum."
    assert messages["name"].isHidden()
    assert unplaced == ["Dit kan geen veld laten zien."]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.kind)
    form.binding.show_errors([])
    assert all(message.isHidden() for message in messages.values())


def test_one_triage_for_every_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = Form()
    qtbot.addWidget(form)
    line = QLabel(form)
    ops = Ops()
    bugs: list[BaseException] = []
    ops.sig_error.connect(bugs.append)
    invalid = RecordInvalid("Groep", [error("name", "Naam is verplicht."), error("x", "Los.")])
    report_failure(ops, invalid, line, form.binding)
    assert form.binding.messages["name"].text() == "Naam is verplicht."
    assert line.text() == "Niet alles is goed ingevuld; zie de velden hierboven.\nLos."
    report_failure(ops, RecordNotFound(), line, form.binding)
    assert line.text() == "Dit gegeven bestaat niet (meer)."
    report_failure(ops, invalid, line)
    assert line.text().startswith("Groep kan niet worden opgeslagen:"), "no fields: the message"
    assert bugs == []
    report_failure(ops, KeyError("bug"), line, form.binding)
    assert [type(bug) for bug in bugs] == [KeyError], "a bug goes to the crash dialog"
    ops.shutdown()
