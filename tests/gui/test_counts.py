"""Counts on screen say what the screen shows (issue 13, 8)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.services import worklist
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Signals
from desktop.services.trajectories import Trajectories
from desktop.services.worklist import WorkItem
from desktop.services.youths import Youths
from desktop.views.groups.section import GroupsSection
from desktop.views.ops import Ops
from desktop.views.shell import Shell
from desktop.views.signals.section import SignalsSection
from desktop.views.trajectories import TrajectoriesSection
from desktop.views.worklist import WorklistSection
from desktop.views.youths.section import YouthsSection
from tests.gui.test_changes import go_to
from tests.gui.test_signal_capture import open_shell


def _youth(session: Session) -> Any:
    return Youths(session).create(
        {"first_name": "Noor", "last_name": "Bakker", "date_of_birth": "01-01-2011"}
    )


def _signal(session: Session) -> Any:
    return Signals(session).record(
        {
            "occurred_at": "2026-11-01T10:00:00+01:00",
            "place": {"place_kind": "wijk", "wijk": "Zuid"},
            "life_domain": "straat",
            "category": "overlast",
            "description": "Harde muziek bij de skatebaan.",
            "youth_ids": [str(_youth(session).id)],
            "severity": "low",
            "legal_basis": "legal_task",
        }
    )


def _group(session: Session) -> Any:
    return Groups(session).create({"name": "Skatebaan"})


@pytest.mark.parametrize(
    ("kind", "make"),
    [(YouthsSection, _youth), (SignalsSection, _signal), (GroupsSection, _group)],
)
def test_a_list_that_was_empty_counts_the_record_that_came_in(
    qtbot, shell: Shell, session: Session, kind: type[Any], make: Callable[[Session], Any]
) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    section = go_to(qtbot, shell, kind)
    assert section.model.rowCount() == 0
    shell.ops.run(make)  # saved elsewhere: the list on screen reloads by itself
    qtbot.waitUntil(lambda: section.model.rowCount() >= 1)
    assert section.count.text() == f"{section.model.rowCount()} gevonden"


def test_the_trajectory_list_forgets_it_was_empty(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    section = go_to(qtbot, shell, TrajectoriesSection)
    assert section.message.text() == "Geen trajecten gevonden."
    youth = _youth(session)
    shell.ops.run(
        lambda s: Trajectories(s).create(
            {"youth_id": youth.id, "coach": "Sanne de Boer", "start": "01-09-2026"}
        )
    )
    qtbot.waitUntil(lambda: section.list.topLevelItemCount() == 1)
    assert section.message.text() == ""


def test_the_status_bar_counts_a_save_while_a_sync_waits_for_the_server(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    open_shell(qtbot, shell, session)
    controller, label = shell.main.sync, shell.main.sync_status
    qtbot.waitUntil(lambda: controller.status is not None)
    controller.running = True  # a sync that keeps retrying an unreachable server
    controller.sig_running.emit(True)
    shell.ops.run(_youth)
    assert "1 te versturen" in label.text()
    shell.ops.run(_youth)
    assert "2 te versturen" in label.text()
    controller.running = False
    controller.sig_running.emit(False)
    assert "2 wijzigingen alleen op dit apparaat" in label.text()


@pytest.fixture
def one_item() -> Iterator[None]:
    def provide(_session: Session, _today: object) -> list[WorkItem]:
        item = WorkItem("Afspraken", "Daan (15)", "Huiswerk", "agreement", uuid.uuid4(), None)
        return [item]

    worklist._providers.append(provide)
    yield
    worklist._providers.remove(provide)


def test_one_point_is_one_point(qtbot, ops: Ops, session: Session, one_item: None) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    section = WorklistSection(ops)
    qtbot.addWidget(section)
    section.show()
    section.activate()
    assert section.summary.text() == "1 punt vraagt aandacht."
