"""The regisseur saves a youth's access report from the youth's page (issue 15, 5): the
server makes it, the app saves it where asked and says so; others have no such button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.ops import Ops
from desktop.views.youths.section import YouthsSection


def section_for(qtbot, ops: Ops, session: Session) -> YouthsSection:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    section = YouthsSection(ops)
    qtbot.addWidget(section)
    section.resize(1200, 760)
    section.show()
    section.activate()
    return section


def test_the_regisseur_saves_an_access_report(  # type: ignore[no-untyped-def]
    qtbot, ops: Ops, real_server: Any, desks: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    regisseur = desks("regisseur")
    regisseur.enroll(real_server, "regisseur")
    youth = regisseur.add_youth("Noor")
    regisseur.sync(real_server)
    Youths(regisseur.session).open(youth.id)
    section = section_for(qtbot, ops, regisseur.session)
    section.open_record("youth", youth.id)
    qtbot.waitUntil(lambda: section.current_youth() is not None)
    button = section.timeline.privacy
    assert button.isVisible() and button.isEnabled() and button.accessibleName()
    target = tmp_path / "inzage.pdf"
    asked: list[str] = []

    def choose(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    access = button.menu().actions()[0]
    access.trigger()
    qtbot.waitUntil(lambda: "Opgeslagen" in section.timeline.report_note.text(), timeout=15000)
    assert "Noor" not in asked[0], "the suggested file name holds no name"
    text = " ".join(page.extract_text() or "" for page in PdfReader(target).pages)
    assert "Noor Visser" in text and "Dossier bekeken" in text


def test_others_have_no_report_button(qtbot, ops: Ops, session: Session) -> None:  # type: ignore[no-untyped-def]
    youth = Youths(session).create(
        {"first_name": "Sem", "last_name": "de Vries", "date_of_birth": "01-01-2011"}
    )
    section = section_for(qtbot, ops, session)
    section.open_record("youth", youth.id)
    qtbot.waitUntil(lambda: section.current_youth() is not None)
    assert not section.timeline.privacy.isVisible()
