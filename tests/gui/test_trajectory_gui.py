"""The Trajecten section as a person uses it: start a trajectory, edit, sign, print."""

from __future__ import annotations

import base64
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.services.demo_trajectories import add_trajectory
from desktop.services.plans import Plans
from desktop.services.session import Session
from desktop.services.trajectories import Trajectories
from desktop.services.youths import Youths
from desktop.views.main_window import MainWindow
from desktop.views.ops import Ops
from desktop.views.trajectories import TrajectoriesSection, output
from desktop.views.trajectories.signature_pad import SignaturePad
from desktop.views.worklist import WorklistSection
from veldwerk_core.models import PlanVersion, Signature, Trajectory


@pytest.fixture
def section(qtbot, ops: Ops, session: Session) -> TrajectoriesSection:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    widget = TrajectoriesSection(ops)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.activate()
    return widget


def draw(qtbot, pad: SignaturePad) -> None:  # type: ignore[no-untyped-def]
    """A short signature: two strokes across the pad."""
    for y in (40, 70):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
        for x in range(30, 300, 15):
            qtbot.mouseMove(pad, QPoint(x, y + (x // 15) % 3 * 6))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, y))


def test_create_edit_and_sign_a_trajectory(  # type: ignore[no-untyped-def]
    qtbot, section: TrajectoriesSection, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    youth = Youths(session).create(
        {"first_name": "Daan", "last_name": "Çelik", "date_of_birth": "01-01-2008"}
    )
    qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
    dialog = section.new_dialog
    assert dialog.isVisible() and dialog.coach.text() == "Sanne de Boer"
    qtbot.keyClicks(dialog.picker, "daan")
    popup = dialog.picker._completer.popup()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.youth is not None and dialog.youth.id == youth.id
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    editor = section.editor
    assert editor.isVisible(), "a new trajectory opens in the plan editor"
    editor.help_request.setText("Ik wil mijn diploma halen.")
    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.goals.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.goals.by_when, "31-13-2026")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible(), "an error keeps the editor open"
    assert editor.goals.messages["what"].isVisible()
    assert "verplicht" in editor.goals.messages["what"].text()
    assert "geen geldige datum" in editor.goals.messages["by_when"].text()
    assert editor.help_request.text() == "Ik wil mijn diploma halen.", "nothing typed is lost"
    assert session.records.count(Trajectory) == 1

    editor.goals.what.setFocus()
    qtbot.keyClicks(editor.goals.what, "Ik ga elke schooldag naar school.")
    editor.goals.by_when.clear()
    qtbot.keyClicks(editor.goals.by_when, "01-06-2026")
    editor.tabs.setCurrentIndex(3)
    qtbot.mouseClick(editor.network.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.network.name, "Oom Ricardo")
    assert editor.network_warning.isVisible(), "fewer than three people: a warning, no block"

    asked: list[str] = []

    def cancel(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible(), "Esc asks before discarding"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()

    trajectory = session.records.select(Trajectory)[0]
    detail = Trajectories(session).open(trajectory.id)
    assert [g.what for g in detail.goals] == ["Ik ga elke schooldag naar school."]
    assert detail.goals[0].by_when == date(2026, 6, 1)
    assert [p.name for p in trajectory.network] == ["Oom Ricardo"]
    assert "Ik wil mijn diploma halen." in section.view.toPlainText()

    qtbot.mouseClick(section.sign_button, Qt.MouseButton.LeftButton)
    signing = section.signing
    assert [box.role.value for box in signing.signing()] == ["youth", "coach"]
    youth_box, coach_box = signing.signing()
    qtbot.mouseClick(signing.sign_button, Qt.MouseButton.LeftButton)
    assert "handtekening op het scherm" in youth_box.messages["image_png"].text()
    assert session.records.count(PlanVersion) == 0
    draw(qtbot, youth_box.pad)
    assert not youth_box.pad.is_empty
    coach_box.on_paper.click()
    assert not coach_box.pad.isVisible()
    coach_box.date.clear()
    qtbot.keyClicks(coach_box.date, (date.today() - timedelta(days=1)).strftime("%d-%m-%Y"))
    qtbot.mouseClick(signing.sign_button, Qt.MouseButton.LeftButton)
    assert not signing.isVisible()

    versions = session.records.select(PlanVersion)
    assert len(versions) == 1 and versions[0].signed_on == date.today()
    signatures = {s.signer.value: s for s in session.records.select(Signature)}
    image = QImage.fromData(base64.b64decode(signatures["youth"].image_png or ""))
    assert not image.isNull() and image.width() == 600
    assert signatures["coach"].image_png is None
    assert signatures["coach"].signed_on == date.today() - timedelta(days=1)
    assert "ondertekend" in section.version.currentText()
    assert not section.sign_button.isEnabled()


def test_print_and_save_are_audited(  # type: ignore[no-untyped-def]
    qtbot,
    section: TrajectoriesSection,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    youth = Youths(session).create(
        {"first_name": "Noor", "last_name": "Bakker", "date_of_birth": "01-01-2011"}
    )
    trajectory = add_trajectory(session, youth)
    section.open_record("trajectory", trajectory.id)
    assert section.detail is not None and section.detail.trajectory.id == trajectory.id
    printed = tmp_path / "printer.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    section._output(output.print_plan, True)
    assert printed.exists()
    rendered = Plans(session).render(trajectory.id, easy_read=True)
    expected = len(PdfReader(io.BytesIO(rendered)).pages)
    assert len(PdfReader(printed).pages) == expected
    assert "naar de printer" in section.message.text()

    chosen = tmp_path / "gekozen" / "mijn-plan"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(chosen), "PDF")
    )
    section._output(output.save_pdf, False)
    saved = chosen.with_name("mijn-plan.pdf")
    assert saved.exists() and PdfReader(saved).pages
    assert [p.name for p in chosen.parent.iterdir()] == ["mijn-plan.pdf"]
    actions = [
        row["action"]
        for row in session.vault.query(
            "SELECT action FROM audit WHERE action IN ('print', 'export') ORDER BY seq"
        )
    ]
    assert actions == ["print", "export"]

    section.clear()
    assert section.list.topLevelItemCount() == 0 and section.detail is None
    assert section.view.toPlainText() == ""


def test_search_as_you_type(qtbot, section: TrajectoriesSection, session: Session) -> None:  # type: ignore[no-untyped-def]
    for first, last in (("Noor", "Bakker"), ("Bram", "de Vries")):
        youth = Youths(session).create(
            {"first_name": first, "last_name": last, "date_of_birth": "01-01-2010"}
        )
        add_trajectory(session, youth)
    section.refresh()
    assert section.list.topLevelItemCount() == 2
    assert section.focus_search()
    qtbot.keyClicks(section.search, "bram")
    qtbot.waitUntil(lambda: section.list.topLevelItemCount() == 1)
    item = section.list.topLevelItem(0)
    assert item is not None and item.text(0).startswith("Bram de Vries (")


def test_worklist_items_open_the_trajectory_in_the_main_window(  # type: ignore[no-untyped-def]
    qtbot, ops: Ops, session: Session
) -> None:
    ops.set_session(session)
    youth = Youths(session).create(
        {"first_name": "Iris", "last_name": "Smit", "date_of_birth": "01-01-2012"}
    )
    trajectory = add_trajectory(session, youth, start=date.today() - timedelta(days=60))
    window = MainWindow(ops)
    qtbot.addWidget(window)
    window.show()
    home = window.current_section
    assert isinstance(home, WorklistSection)
    home.activate()
    groups = {
        home.tree.topLevelItem(i).text(0).split(" (")[0]  # type: ignore[union-attr]
        for i in range(home.tree.topLevelItemCount())
    }
    assert {"Afspraken die aflopen", "Evaluaties", "Plannen zonder handtekening"} <= groups
    home.tree.setFocus()
    qtbot.keyClick(home.tree, Qt.Key.Key_Return)
    section = window.current_section
    assert isinstance(section, TrajectoriesSection)
    assert section.detail is not None and section.detail.trajectory.id == trajectory.id
    assert "Iris Smit" in section.heading.text()
    window.close_quietly()


def test_evaluate_sign_with_an_optional_parent_and_stop(  # type: ignore[no-untyped-def]
    qtbot, section: TrajectoriesSection, session: Session
) -> None:
    youth = Youths(session).create(
        {"first_name": "Sem", "last_name": "de Jong", "date_of_birth": "01-01-2007"}
    )
    trajectory = add_trajectory(session, youth)
    section.open_record("trajectory", trajectory.id)

    qtbot.mouseClick(section.evaluate_button, Qt.MouseButton.LeftButton)
    evaluation = section.evaluation
    goal, score, note = evaluation.scores[0]
    score.setValue(4)
    qtbot.keyClicks(note, "Elke dag op school geweest.")
    evaluation.held_on.clear()
    qtbot.keyClicks(evaluation.held_on, "morgen")
    qtbot.mouseClick(evaluation.save_button, Qt.MouseButton.LeftButton)
    assert "geen geldige datum" in evaluation.messages["held_on"].text()
    evaluation.held_on.set_date(date.today())
    qtbot.mouseClick(evaluation.save_button, Qt.MouseButton.LeftButton)
    assert not evaluation.isVisible()
    stored = Trajectories(session).open(trajectory.id).evaluations
    assert [(p.goal_id, p.score, p.note) for p in stored[0].progress][0] == (
        goal.id,
        4,
        "Elke dag op school geweest.",
    )
    assert "Elke dag op school geweest." in section.view.toPlainText()

    qtbot.mouseClick(section.sign_button, Qt.MouseButton.LeftButton)
    signing = section.signing
    assert signing.with_parent is not None, "from 16 a parent may sign but need not"
    signing.with_parent.setChecked(True)
    for box in signing.signing():
        box.on_paper.click()
    parent = signing.signing()[1]
    qtbot.mouseClick(signing.sign_button, Qt.MouseButton.LeftButton)
    assert "Naam is verplicht" in parent.messages["name"].text()
    qtbot.keyClicks(parent.name, "Petra de Jong")
    qtbot.mouseClick(signing.sign_button, Qt.MouseButton.LeftButton)
    assert not signing.isVisible()
    assert session.records.select(PlanVersion)[0].signers == ["youth", "parent", "coach"]

    qtbot.mouseClick(section.status_button, Qt.MouseButton.LeftButton)
    status = section.status_dialog
    status.status.setCurrentIndex(status.status.findData("stopped"))
    qtbot.mouseClick(status.ok_button, Qt.MouseButton.LeftButton)
    assert "Reden van stoppen is verplicht" in status.messages["stop_reason"].text()
    qtbot.keyClicks(status.reason, "Verhuisd naar een andere gemeente.")
    qtbot.mouseClick(status.ok_button, Qt.MouseButton.LeftButton)
    assert not status.isVisible()
    assert Trajectories(session).get(trajectory.id).status.value == "stopped"
    assert not section.edit_button.isEnabled() and not section.status_button.isEnabled()
    assert section.print_button.isEnabled(), "a closed plan can still be printed"


def test_every_field_that_prints_in_the_easy_read_plan_warns(  # type: ignore[no-untyped-def]
    qtbot, section: TrajectoriesSection, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, 7: "Hoe zien we vooruitgang" printed a 22-word sentence with jargon unwarned."""
    youth = Youths(session).create(
        {"first_name": "Daan", "last_name": "Visser", "date_of_birth": "01-01-2010"}
    )
    trajectory = add_trajectory(session, youth)
    section.load_detail(trajectory.id)
    section.edit_plan()
    editor = section.editor
    editor.tabs.setCurrentIndex(1)
    goals = editor.goals
    goals.list.setCurrentRow(0)
    goals.how.setFocus()
    goals.how.setText(
        "We zien vooruitgang als het ongeoorloofd verzuim daalt en de leerplichtambtenaar "
        "na de evaluatie i.o.m. school en ouders geen proces-verbaal meer opmaakt."
    )
    hint = goals.how_hint.text()
    assert goals.how_hint.isVisible()
    assert "22 woorden" in hint and "i.o.m." in hint and "ongeoorloofd verzuim" in hint
    editor.tabs.setCurrentIndex(3)
    network = editor.network
    network.list.setCurrentRow(0)
    network.relation.setText("mijn mentor")
    assert "mentor" in network.relation_hint.text()
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: discard)
    editor.reject()
