"""The Screenings section driven by keyboard: start, fill in, complete, read the explanation."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.instruments import Instruments
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.ops import Ops
from desktop.views.screenings import ScreeningsSection
from desktop.views.screenings.dialogs import ExternalResultDialog, NewScreeningDialog
from desktop.views.screenings.instruments_dialog import InstrumentsDialog
from desktop.views.shell import Shell
from tests.conftest import PASSPHRASE
from tests.gui.conftest import activate
from tests.screening_data import definition_data
from veldwerk_core.models.actor import Role
from veldwerk_core.models.screening import ScreeningStatus
from veldwerk_core.models.youth import Youth

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def fifteen_years_ago() -> str:
    born = date.today() - timedelta(days=15 * 365 + 30)
    return born.strftime("%d-%m-%Y")


@pytest.fixture
def youth(session: Session) -> Youth:
    from veldwerk_core.models.instrument import parse_instrument

    Instruments(session).add(parse_instrument(definition_data(), "proef.yaml"))
    return Youths(session).create(
        {"first_name": "Daan", "last_name": "Jansen", "date_of_birth": fifteen_years_ago()}
    )


@pytest.fixture
def section(qtbot, ops: Ops, session: Session, youth: Youth) -> ScreeningsSection:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    widget = ScreeningsSection(ops)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.activate()
    return widget


def key(
    qtbot, *keys: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    for pressed in keys:
        target = QApplication.focusWidget()
        assert target is not None, "something must have the keyboard focus"
        qtbot.keyClick(target, pressed, modifier)


def start_by_keyboard(qtbot, section: ScreeningsSection) -> NewScreeningDialog:  # type: ignore[no-untyped-def]
    activate(qtbot, section)
    qtbot.keyClick(section, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = section.findChild(NewScreeningDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.picker)
    qtbot.keyClicks(dialog.picker, "daan")
    popup = dialog.picker._completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.youth is not None and dialog.youth.first_name == "Daan"
    assert dialog.instrument.currentText() == "Proeflijst (versie 1)", "sorted by title"
    qtbot.keyClick(dialog.instrument, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    activate(qtbot, section)  # the window manager gives the main window back its focus
    return dialog


def test_fill_in_by_keyboard_and_read_the_explanation(  # type: ignore[no-untyped-def]
    qtbot, section: ScreeningsSection, session: Session, youth: Youth
) -> None:
    start_by_keyboard(qtbot, section)
    form = section.form
    assert section.pages.currentWidget() is form and form.draft is not None
    assert QApplication.focusWidget() is form.rows[0], "the cursor starts at question 1"
    assert form.progress["thuis"].value() == 0 and form.progress["thuis"].maximum() == 2

    key(qtbot, Qt.Key.Key_J)  # ruzie: ja, and on to the next question
    key(qtbot, Qt.Key.Key_1)  # toezicht: 1
    assert form.progress["thuis"].value() == 2
    assert form.overall.text() == "2 van 5 beantwoord"
    qtbot.keyClicks(QApplication.focusWidget(), "2")  # delicten: type a count
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_N)  # politie: nooit
    key(qtbot, Qt.Key.Key_O)  # sport: onbekend, answered explicitly
    stored = Screenings(session).draft(form.draft.id)
    assert stored is not None and stored.answers == {
        "ruzie": "yes",
        "toezicht": 1,
        "delicten": 2,
        "politie": "no",
        "sport": "unknown",
    }, "every answer is in the vault at once"

    key(qtbot, Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    assert section.pages.currentIndex() == 0
    text = section.result.text()
    assert "Uitkomst: Midden" in text
    assert "Score 5,5 (risico 5,5 min beschermend 0)." in text
    assert "Advies: Blijf alert." in text
    assert "Afgeleide regels die gelden\nDoelgroep\nBespreken in het overleg." in text
    assert "✓ Leeftijd: 15 jaar, voorwaarde tussen 8 en 23" in text
    assert "✓ Aanwezige factoren (alleen risicofactoren): 3, voorwaarde minstens 2" in text
    assert "Geldt niet: Recent politiecontact." in text
    explanation = text[text.index("Wat telde mee") : text.index("Score per domein")]
    assert "Is er vaak ruzie thuis?\nJa\n2\n+2" in explanation
    assert "Hoeveel delicten zijn bekend?\n2\n1\n+2" in explanation
    assert "Hoe weinig toezicht is er?\n1\n1,5\n+1,5" in explanation
    assert "Sport de jongere" not in explanation, "an unknown protection does not count"
    assert "1 van de 5 vragen onbekend." in text

    (saved,) = Screenings(session).for_youth(youth.id)
    assert saved.status is ScreeningStatus.COMPLETED and saved.result is not None
    assert saved.result.score == 5.5 and Screenings(session).drafts() == []
    assert section.list.topLevelItemCount() == 1
    row = section.list.topLevelItem(0)
    assert row is not None and row.text(2) == "Midden" and row.text(1).startswith("Daan Jansen")


def test_completing_with_open_questions_names_them_and_loses_nothing(  # type: ignore[no-untyped-def]
    qtbot, section: ScreeningsSection, session: Session, youth: Youth
) -> None:
    start_by_keyboard(qtbot, section)
    form = section.form
    key(qtbot, Qt.Key.Key_J)
    key(qtbot, Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    assert section.pages.currentWidget() is form, "still filling in"
    assert form.error.text().startswith("Nog 4 vragen zonder (geldig) antwoord.")
    assert form.row("toezicht").message.text() == "Nog niet beantwoord; kies zo nodig onbekend."
    assert form.row("ruzie").message.isHidden()
    assert QApplication.focusWidget() is form.row("toezicht"), "the cursor goes to the first gap"
    qtbot.keyClick(form.row("toezicht"), Qt.Key.Key_Down)
    qtbot.keyClicks(QApplication.focusWidget(), "veel")
    key(qtbot, Qt.Key.Key_Return)
    delicten = form.row("delicten")
    assert delicten.message.text() == "Vul een heel getal van 0 of meer in, of kies onbekend."
    assert delicten.edit is not None and delicten.edit.text() == "veel", "what was typed stays"
    politie = form.row("politie")
    assert QApplication.focusWidget() is politie.edit
    qtbot.keyClicks(politie.edit, "01-01-2099")
    key(qtbot, Qt.Key.Key_Return)
    assert politie.message.text() == "De datum ligt na de datum van de screening."
    assert form.draft is not None and form.draft.answers == {"ruzie": "yes"}


def test_a_draft_survives_locking_and_is_continued(  # type: ignore[no-untyped-def]
    qtbot, section: ScreeningsSection, session: Session, youth: Youth
) -> None:
    start_by_keyboard(qtbot, section)
    key(qtbot, Qt.Key.Key_N, Qt.Key.Key_2)
    qtbot.keyClicks(section.form.note, "Gesprek op school.")
    section.clear()  # what the shell does when the vault locks
    assert section.form.draft is None and section.form.rows == []
    assert section.list.topLevelItemCount() == 0 and section.result.text() == ""
    assert section.form.note.toPlainText() == ""

    (draft,) = Screenings(session).drafts()
    assert draft.answers == {"ruzie": "no", "toezicht": 2}
    assert draft.note == "Gesprek op school.", "a note still being typed is saved on lock"
    section.activate()
    row = section.list.topLevelItem(0)
    assert row is not None and row.text(2) == "Concept"
    section.list.setFocus()
    section.list.setCurrentItem(row)
    qtbot.keyClick(section.list, Qt.Key.Key_Return)
    assert section.pages.currentWidget() is section.form
    assert section.form.row("toezicht").buttons["2"].isChecked()
    delicten = section.form.row("delicten")
    assert QApplication.focusWidget() is delicten.edit, "the first open question, ready to type"


def test_search_as_you_type_and_open_by_id(  # type: ignore[no-untyped-def]
    qtbot, section: ScreeningsSection, session: Session, youth: Youth
) -> None:
    screenings = Screenings(session)
    draft = screenings.start(youth.id, "proef")
    for item_id, value in {"ruzie": "ja", "toezicht": 0, "delicten": 0}.items():
        draft = screenings.set_answer(draft, item_id, value)
    for item_id, value in {"politie": "nee", "sport": "ja"}.items():
        draft = screenings.set_answer(draft, item_id, value)
    done = screenings.complete(draft)
    screenings.record_external(
        youth.id,
        {
            "instrument_name": "SAVRY",
            "assessed_on": "01-02-2026",
            "assessor": "A",
            "outcome_band": "Laag",
        },
    )
    assert section.focus_search()
    qtbot.keyClicks(section.search, "savry")
    assert section.list.topLevelItemCount() == 1
    qtbot.keyClick(section.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is section.list
    assert "Externe uitslag: SAVRY" in section.result.text()
    section.search.clear()
    assert section.list.topLevelItemCount() == 2
    section.open_record("screening", done.id)
    assert "Uitkomst: Laag" in section.result.text()
    assert "Sport de jongere bij een club? (beschermend)\nJa\n1\n−1" in section.result.text()


def test_history_side_by_side_with_chart(  # type: ignore[no-untyped-def]
    qtbot, section: ScreeningsSection, session: Session, youth: Youth
) -> None:
    screenings = Screenings(session)
    base = {"ruzie": "ja", "toezicht": 1, "delicten": 0, "politie": "nee", "sport": "nee"}
    ids = []
    for when, changes in (("01-01-2026", {}), ("01-03-2026", {"toezicht": 2, "sport": "ja"})):
        draft = screenings.start(youth.id, "proef", screened_on=when)
        for item_id, value in {**base, **changes}.items():
            draft = screenings.set_answer(draft, item_id, value)
        ids.append(screenings.complete(draft).id)
    section.open_record("screening", ids[-1])
    activate(qtbot, section)
    qtbot.keyClick(section.result.browser, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = section.history
    assert section.pages.currentWidget() is view
    assert view.heading.text().startswith("<h2>Geschiedenis: Daan Jansen (15)")
    table = view.table
    headers = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]  # type: ignore[union-attr]
    assert headers[:4] == ["Uitkomst", "Score", "Domein: Thuis", "Domein: Straat"]
    assert table.columnCount() == 2
    toezicht = headers.index("Hoe weinig toezicht is er?")
    changed = table.item(toezicht, 1)
    assert changed is not None and changed.text() == "2" and changed.font().bold()
    assert changed.toolTip() == "Was: 1"
    unchanged = table.item(headers.index("Is er vaak ruzie thuis?"), 1)
    assert unchanged is not None and not unchanged.font().bold()
    assert [s.title for s in view.chart.series] == ["Thuis", "Straat"]
    assert view.chart.series[0].values == (3.5, 5.0)
    assert view.chart.labels == ("01-01-2026", "01-03-2026")
    view.grab()  # paints the chart without errors
    view.only_changes.setChecked(True)
    assert table.rowCount() == 4 + 2, "only the two changed questions"
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert section.pages.currentIndex() == 0
    assert "screening van 01-01-2026" in section.result.text()


def test_external_result_dialog_shows_errors_next_to_fields(  # type: ignore[no-untyped-def]
    qtbot, ops: Ops, session: Session, youth: Youth
) -> None:
    ops.set_session(session)
    dialog = ExternalResultDialog(ops, youth)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.instrument_name.setEditText("YLS/CMI")
    dialog.assessed_on.setText("31-02-2026")
    recorded: list[object] = []
    dialog.sig_recorded.connect(recorded.append)
    qtbot.keyClick(dialog.assessed_on, Qt.Key.Key_Return)
    assert not recorded
    assert (
        dialog.messages["assessed_on"].text() == "Datum is geen geldige datum; gebruik dd-mm-jjjj."
    )
    assert dialog.messages["assessor"].text() == "Beoordelaar is verplicht."
    assert dialog.messages["outcome_band"].text() == "Uitkomst is verplicht."
    assert dialog.instrument_name.currentText() == "YLS/CMI", "nothing typed is lost"
    dialog.assessed_on.setText("28-02-2026")
    dialog.assessor.setText("B. Bakker")
    dialog.outcome_band.setEditText("Matig risico")
    qtbot.keyClick(dialog.assessed_on, Qt.Key.Key_Return)
    assert len(recorded) == 1
    (stored,) = Screenings(session).for_youth(youth.id)
    assert stored.external is not None and stored.external.outcome_band == "Matig risico"


def test_instruments_dialog_imports_for_the_administrator_only(  # type: ignore[no-untyped-def]
    qtbot, ops: Ops, session: Session, tmp_path: Path
) -> None:
    ops.set_session(session)
    plain = InstrumentsDialog(ops, Role.YOUTH_WORKER)
    qtbot.addWidget(plain)
    assert not plain.import_button.isEnabled()
    admin = InstrumentsDialog(ops, Role.ADMINISTRATOR)
    qtbot.addWidget(admin)
    assert admin.import_button.isEnabled()
    path = tmp_path / "proef.yaml"
    path.write_text(yaml.safe_dump(definition_data(version=3)), encoding="utf-8")
    admin.import_file(path)
    assert admin.status.text() == "Versie 3 van Proeflijst is toegevoegd."
    assert admin.table.rowCount() == 1
    broken = tmp_path / "fout.yaml"
    broken.write_text("id: proef\n", encoding="utf-8")
    admin.import_file(broken)
    assert (
        admin.error.text() == "Fout in instrumentbestand fout.yaml, version: Versie is verplicht."
    )


def test_main_window_opens_a_draft_and_locking_keeps_it(  # type: ignore[no-untyped-def]
    qtbot, shell: Shell, session: Session, youth: Youth, data_dir: DataDir
) -> None:
    draft = Screenings(session).start(youth.id, "proef")
    shell.open_session(session)
    main = shell.main
    (section,) = [s for s in main.sections if isinstance(s, ScreeningsSection)]
    assert section.kinds == ("screening",)
    main.open_record("screening", draft.id)
    assert main.current_section is section and section.pages.currentWidget() is section.form
    activate(qtbot, main)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is section.form.rows[0])
    key(qtbot, Qt.Key.Key_J)
    with qtbot.waitSignal(shell.sig_locked):
        qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert section.form.rows == [] and section.list.topLevelItemCount() == 0
    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        (kept,) = Screenings(reopened).drafts()
        assert kept.id == draft.id and kept.answers == {"ruzie": "yes"}
    finally:
        reopened.lock()
