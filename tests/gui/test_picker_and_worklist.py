"""The youth picker and the worklist, driven by keyboard."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.services import worklist
from desktop.services.session import Session
from desktop.services.worklist import Urgency, WorkItem
from desktop.services.youths import Youths
from desktop.views.ops import Ops
from desktop.views.picker import YouthPicker
from desktop.views.worklist import WorklistSection


def test_picker_suggests_by_typing_and_picks_with_the_keyboard(
    qtbot, ops: Ops, session: Session
) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    youths = Youths(session)
    chosen = youths.create(
        {"first_name": "Zoë", "last_name": "Çelik", "date_of_birth": "01-01-2011", "wijk": "Oost"}
    )
    youths.create({"first_name": "Zoey", "last_name": "Smit", "date_of_birth": "01-01-2012"})
    picker = YouthPicker(ops)
    qtbot.addWidget(picker)
    picker.show()
    picked: list[object] = []
    picker.sig_picked.connect(picked.append)
    qtbot.keyClicks(picker, "zoe ce")
    assert picker.results.rowCount() == 1
    assert picker.results.item(0).text().startswith(f"Zoë Çelik ({chosen.age()})")
    assert "Oost" in picker.results.item(0).text()
    popup = picker._completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert [youth.id for youth in picked] == [chosen.id]  # type: ignore[attr-defined]
    picker.exclude([chosen.id])
    picker.clear()
    qtbot.keyClicks(picker, "zoe")
    assert [
        picker.results.item(i).text().split(" (")[0] for i in range(picker.results.rowCount())
    ] == ["Zoey Smit"]


@pytest.fixture
def fake_provider() -> Iterator[list[WorkItem]]:
    items: list[WorkItem] = []

    def provide(session: Session, today: date) -> list[WorkItem]:
        return list(items)

    worklist.provider(provide)
    yield items
    worklist._providers.remove(provide)


def test_worklist_groups_items_and_opens_the_target(
    qtbot, ops: Ops, session: Session, fake_provider: list[WorkItem]
) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    target = uuid.uuid4()
    fake_provider += [
        WorkItem(
            "Afspraken",
            "Daan (15)",
            "Huiswerkafspraak",
            "agreement",
            uuid.uuid4(),
            date(2026, 1, 2),
            Urgency.SOON,
        ),
        WorkItem(
            "Gesignaleerde jongeren",
            "Iris (14)",
            "3 signalen in 90 dagen",
            "youth",
            target,
            None,
            Urgency.OVERDUE,
        ),
    ]
    section = WorklistSection(ops)
    qtbot.addWidget(section)
    section.show()
    section.activate()
    assert section.tree.topLevelItemCount() == 2
    first = section.tree.topLevelItem(0)
    assert first is not None and first.text(0) == "Gesignaleerde jongeren (1)", "most urgent first"
    assert "2 punten" in section.summary.text()
    with qtbot.waitSignal(section.sig_open_record) as opened:
        qtbot.keyClick(section.tree, Qt.Key.Key_Return)
    assert opened.args == ["youth", target]
    section.clear()
    assert section.tree.topLevelItemCount() == 0
