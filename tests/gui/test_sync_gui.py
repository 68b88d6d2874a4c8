"""The Synchronisatie section and the status bar, offscreen, against the real server app
(in this process, PostgreSQL); operations run inline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import sync
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.store import sync_state
from desktop.views.main_window import MainWindow
from desktop.views.ops import Ops
from desktop.views.sync.conflict_panel import YOURS
from desktop.views.sync.controller import controller_for
from desktop.views.sync.section import SyncSection
from tests.integration.test_signals import signal
from veldwerk_core.models import Youth


class Handle:
    """A desk-like view of the GUI's session, for the shared test helpers."""

    def __init__(self, session: Session, server: Any) -> None:
        self.session = session
        self.server = server

    def sync(self, server: Any) -> None:
        sync.SyncClient.for_session(self.session, client=server.client).sync()


@pytest.fixture
def section(qtbot, ops: Ops, session: Session, server: Any) -> SyncSection:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    controller_for(ops).http = server.client
    widget = SyncSection(ops)
    qtbot.addWidget(widget)
    widget.show()
    widget.activate()
    return widget


def enrolled_with_a_youth(ops: Ops, session: Session, server: Any) -> Youth:
    """An enrolled device with one youth of its own, not synced yet."""
    ops.set_session(session)
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    return Youths(session).create(
        {"first_name": "Anouk", "last_name": "Visser", "date_of_birth": "01-06-2010"}
    )


def test_enrolling_with_bad_input_says_what_is_wrong_next_to_each_field(
    qtbot, section: SyncSection
) -> None:  # type: ignore[no-untyped-def]
    form = section.enroll_form
    assert section.pages.currentWidget() is form
    form.device_name.clear()
    qtbot.keyClicks(form.server_url, "veldwerk.gemeente.nl")
    qtbot.keyClick(form.server_url, Qt.Key.Key_Return)
    assert "https://" in form.messages["server_url"].text()
    assert form.messages["code"].isVisible() and "aanmeldcode" in form.messages["code"].text()
    assert form.messages["device_name"].isVisible()
    assert form.server_url.text() == "veldwerk.gemeente.nl", "nothing typed is lost"
    assert section.pages.currentWidget() is form


def test_a_wrong_code_is_refused_in_plain_dutch(qtbot, section: SyncSection, server: Any) -> None:  # type: ignore[no-untyped-def]
    form = section.enroll_form
    qtbot.keyClicks(form.server_url, server.url)
    qtbot.keyClicks(form.code, "VERKEERD-1234")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert "code is onbekend" in form.error.text()
    assert form.code.text() == "VERKEERD-1234"


def test_enrolling_syncs_at_once_and_shows_the_status(
    qtbot, section: SyncSection, server: Any, session: Session
) -> None:  # type: ignore[no-untyped-def]
    youth = Youths(session).create(
        {"first_name": "Anouk", "last_name": "Visser", "date_of_birth": "01-06-2010"}
    )
    progress: list[str] = []
    section.controller.sig_progress.connect(lambda step: progress.append(step.phase))
    form = section.enroll_form
    qtbot.keyClicks(form.server_url, server.url)
    qtbot.keyClicks(form.code, server.code("youth_worker"))
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert section.pages.currentIndex() == 1
    assert "Youth_Worker" in section.user_label.text()
    assert section.pending_label.text() == "niets"
    assert section.last_label.text() != "nog nooit"
    assert "gelukt" in section.message.text()
    assert "push" in progress and "pull" in progress
    assert str(youth.id) in server.records("youth_worker")
    assert session.actor.user_id == server.world["youth_worker"].user_id


def test_a_conflict_is_shown_side_by_side_and_resolved_by_choosing(
    qtbot, section: SyncSection, server: Any, session: Session, desks: Any
) -> None:  # type: ignore[no-untyped-def]
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    other = desks("other")
    other.enroll(server, "youth_worker")
    youth = Youths(session).create(
        {"first_name": "Anouk", "last_name": "Visser", "date_of_birth": "01-06-2010"}
    )
    section.controller.sync_now()
    other.sync(server)
    other.youths().update(youth.id, {"wijk": "Noord"})
    other.sync(server)
    Youths(session).update(youth.id, {"wijk": "Zuid"})
    section.controller.sync_now()
    section.activate()

    assert section.tabs.tabText(0) == "Conflicten (1)"
    assert section.conflict_list.count() == 1
    panel = section.conflict_panel
    assert "Anouk Visser" in panel.title.text()
    headers = [panel.grid.itemAtPosition(0, column).widget().text() for column in range(3)]
    assert headers == ["<b>Veld</b>", "<b>Jouw versie</b>", "<b>Versie op de server</b>"]
    [row] = panel.rows
    assert (row.choice.label, row.yours.label.text(), row.server.label.text()) == (
        "Wijk",
        "Zuid",
        "Noord",
    )
    assert panel.save.isVisible()
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert "Kies een versie voor Wijk" in panel.error.text(), "no choice, no silent default"
    panel.choose("wijk", YOURS)
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert section.conflict_list.count() == 0
    other.sync(server)
    stored = other.session.records.get(Youth, youth.id)
    assert stored is not None and stored.wijk == "Zuid"


def test_a_proposal_from_another_organisation_is_accepted_in_the_conflict_view(
    qtbot, section: SyncSection, server: Any, session: Session, desks: Any
) -> None:  # type: ignore[no-untyped-def]
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    school = desks("school")
    school.enroll(server, "school")
    youth = Youths(session).create(
        {
            "first_name": "Anouk",
            "last_name": "Visser",
            "date_of_birth": "01-06-2010",
            "school": server.world.SCHOOL,
        }
    )
    section.controller.sync_now()
    school.sync(server)
    school.youths().update(youth.id, {"first_name": "Annika"})
    assert school.sync(server).proposed == 1
    section.controller.sync_now()
    section.activate()

    assert section.conflict_list.count() == 1
    panel = section.conflict_panel
    headers = [panel.grid.itemAtPosition(0, column).widget().text() for column in range(3)]
    assert headers == ["<b>Veld</b>", "<b>Voorstel</b>", "<b>Zoals het nu is</b>"]
    assert "Het Veldcollege" in panel.explanation.text()
    assert panel.accept_proposal.isVisible() and panel.decline_proposal.isVisible()
    assert not panel.save.isVisible()
    qtbot.mouseClick(panel.accept_proposal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.conflict_list.count() == 0)
    assert Youths(session).open(youth.id).first_name == "Annika"
    section.controller.sync_now()
    school.sync(server)
    stored = school.session.records.get(Youth, youth.id)
    assert stored is not None and stored.first_name == "Annika"


def test_a_refused_change_is_listed_with_the_servers_reason_and_can_be_dismissed(
    qtbot, section: SyncSection, server: Any, session: Session
) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_sync_scope import withdrawn_youth

    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    youth = withdrawn_youth(server, Handle(session, server))
    Youths(session).update(youth, {"contact_notes": "Belt na school."})
    section.controller.sync_now()
    section.activate()
    assert section.rejected_list.count() == 1
    assert section.tabs.tabText(1) == "Geweigerd (1)"
    section.tabs.setCurrentIndex(1)
    text = section.rejected_panel.text.text()
    assert "Je hebt geen toegang tot dit gegeven of deze jongere." in text
    assert "Wat je had ingevuld" in text and "Belt na school." in text
    qtbot.mouseClick(section.rejected_panel.dismiss, Qt.MouseButton.LeftButton)
    assert section.rejected_list.count() == 0


def test_an_expired_lease_locks_everything_but_synchronisation(
    qtbot, ops: Ops, session: Session, server: Any
) -> None:  # type: ignore[no-untyped-def]
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    long_ago = session.clock() - timedelta(days=15)
    sync_state.update(session.vault, last_success=long_ago)
    ops.set_session(session)
    window = MainWindow(ops)
    qtbot.addWidget(window)
    window.sync.http = server.client
    window.show()
    window.sync.refresh()
    assert window.lease_locked
    sync_index = window._sync_index()
    assert window.stack.currentIndex() == sync_index
    assert not window.nav.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    window.show_section(1)
    assert window.stack.currentIndex() == sync_index, "case data stays locked"
    section = window.sections[sync_index]
    assert isinstance(section, SyncSection)
    assert section.lease_banner.isVisible() and "14 dagen" in section.lease_banner.text()
    window.sync.sync_now()
    assert not window.lease_locked
    assert window.nav.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    window.sync.stop()
    window.close_quietly()


def test_the_status_bar_tells_online_pending_and_conflicts(
    qtbot, ops: Ops, session: Session, server: Any
) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    window = MainWindow(ops)
    qtbot.addWidget(window)
    window.sync.http = server.client
    window.sync.refresh()
    Youths(session).create({"first_name": "A", "last_name": "B", "date_of_birth": "01-06-2010"})
    window.sync.refresh()
    assert (
        "Niet gekoppeld" in window.sync_status.text()
        and "1 wijziging alleen op dit apparaat" in window.sync_status.text()
    )
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    window.sync.refresh()
    window.sync.sync_now()
    assert "online" in window.sync_status.text()
    assert "gesynchroniseerd" in window.sync_status.text()
    window.sync.stop()
    window.close_quietly()


def test_a_revoked_device_is_wiped_and_the_app_says_so(
    qtbot, shell: Any, session: Session, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: said.append(text))
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    shell.main.sync.http = server.client
    shell.open_session(session)
    device_id = session.actor.device_id
    server.revoke(device_id)
    shell.main.sync.sync_now()
    assert said and "gewist" in said[0]
    assert not shell.unlocked and not shell.main.isVisible()
    assert not shell.data_dir.vault.exists()
    assert shell.create_dialog is not None and shell.create_dialog.isVisible()


def test_a_sync_runs_off_the_gui_thread_and_reports_back(
    qtbot, server: Any, data_dir: Any, profile: Any
) -> None:  # type: ignore[no-untyped-def]
    """Real workers: the vault only on the database thread, HTTP on the network pool."""
    import threading

    from desktop.models.secret import Secret
    from desktop.services import session as sessions
    from tests.conftest import PASSPHRASE

    ops = Ops()
    gui = threading.get_ident()
    with qtbot.waitSignal(ops.sig_busy, check_params_cb=lambda busy: not busy, timeout=10000):
        ops.run_unlocked(
            lambda: sessions.create(data_dir, Secret(PASSPHRASE), profile),
            on_success=ops.set_session,
        )
    session = ops.session
    assert session is not None
    ops.call(
        lambda s: sync.enroll(
            s, server.url, server.code("youth_worker"), "laptop", client=server.client
        )
    )
    ops.call(
        lambda s: Youths(s).create(
            {"first_name": "A", "last_name": "B", "date_of_birth": "01-06-2010"}
        )
    )
    controller = controller_for(ops)
    controller.http = server.client
    threads: list[int] = []
    controller.sig_progress.connect(lambda _step: threads.append(threading.get_ident()))
    with qtbot.waitSignal(controller.sig_finished, timeout=20000) as finished:
        controller.sync_now()
    assert finished.args[0].applied == 1
    assert threads and set(threads) == {gui}, "progress reaches the GUI thread"
    ops.run_unlocked(session.lock)
    ops.shutdown()


def test_a_youth_shows_its_sync_status(
    qtbot, ops: Ops, session: Session, server: Any, desks: Any
) -> None:  # type: ignore[no-untyped-def]
    from desktop.views.youths.section import YouthsSection

    youth = enrolled_with_a_youth(ops, session, server)
    section = YouthsSection(ops)
    qtbot.addWidget(section)
    section.show()
    section.activate()
    section.open_record("youth", youth.id)
    assert "Nog niet verstuurd" in section.sync_badge.text()
    sync.SyncClient.for_session(session, client=server.client).sync()
    section.open_record("youth", youth.id)
    assert "Gesynchroniseerd" in section.sync_badge.text()
    other = desks("other")
    other.enroll(server, "youth_worker")
    other.sync(server)
    other.youths().update(youth.id, {"wijk": "Noord"})
    other.sync(server)
    Youths(session).update(youth.id, {"wijk": "Zuid"})
    sync.SyncClient.for_session(session, client=server.client).sync()
    section.open_record("youth", youth.id)
    assert "Conflict" in section.sync_badge.text()
    opened: list[tuple[str, object]] = []
    section.sig_open_record.connect(lambda kind, record: opened.append((kind, record)))
    section.sync_badge.linkActivated.emit("conflict")
    assert opened == [("conflict", None)]


def test_a_device_the_server_forgot_can_enroll_again_keeping_its_data(
    qtbot, section: SyncSection, server: Any, session: Session
) -> None:  # type: ignore[no-untyped-def]
    sync.enroll(session, server.url, server.code("youth_worker"), "laptop", client=server.client)
    youth = Youths(session).create(
        {"first_name": "Anouk", "last_name": "Visser", "date_of_birth": "01-06-2010"}
    )
    sync_state.update(session.vault, credential="vw1.00000000-0000-0000-0000-000000000000.x")
    section.controller.sync_now()
    assert "meld het apparaat opnieuw aan" in section.message.text()
    assert section.reenroll_button.isVisible()
    qtbot.mouseClick(section.reenroll_button, Qt.MouseButton.LeftButton)
    form = section.enroll_form
    assert section.pages.currentWidget() is form and form.server_url.text() == server.url
    qtbot.keyClicks(form.code, server.code("youth_worker"))
    qtbot.keyClick(form.code, Qt.Key.Key_Return)
    assert section.pages.currentIndex() == 1 and not section.reenroll_button.isVisible()
    assert str(youth.id) in server.records("youth_worker"), "the work made meanwhile arrived"


def test_a_signal_and_a_group_show_their_sync_status(
    qtbot, ops: Ops, session: Session, server: Any
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.groups import Groups
    from desktop.views.groups.section import GroupsSection
    from desktop.views.signals.section import SignalsSection

    youth = enrolled_with_a_youth(ops, session, server)
    made = signal(session, youth)
    group = Groups(session).create({"name": "Skatebaan", "members": [{"youth_id": str(youth.id)}]})
    signals, groups = SignalsSection(ops), GroupsSection(ops)
    for shown, record_id in ((signals, made.id), (groups, group.id)):
        qtbot.addWidget(shown)
        shown.show()
        shown.activate()
        shown.open_record("", record_id)
        assert "Nog niet verstuurd" in shown.sync_badge.text()
    sync.SyncClient.for_session(session, client=server.client).sync()
    for shown, record_id in ((signals, made.id), (groups, group.id)):
        shown.open_record("", record_id)
        assert "Gesynchroniseerd" in shown.sync_badge.text()


def test_a_trajectory_and_a_screening_show_their_sync_status(
    qtbot, ops: Ops, session: Session, server: Any
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.screenings import Screenings
    from desktop.services.trajectories import Trajectories
    from desktop.views.screenings.section import ScreeningsSection
    from desktop.views.trajectories.section import TrajectoriesSection
    from veldwerk_core.models import Goal

    youth = enrolled_with_a_youth(ops, session, server)
    trajectory = Trajectories(session).create(
        {"youth_id": youth.id, "coach": "Sanne de Boer", "start": "01-09-2026"}
    )
    screening = Screenings(session).record_external(
        youth.id,
        {
            "instrument_name": "Extern",
            "assessed_on": "01-02-2026",
            "assessor": "A",
            "outcome_band": "Laag",
        },
    )
    trajectories, screenings = TrajectoriesSection(ops), ScreeningsSection(ops)
    opened = ((trajectories, "trajectory", trajectory.id), (screenings, "screening", screening.id))
    for shown, kind, record_id in opened:
        qtbot.addWidget(shown)
        shown.show()
        shown.activate()
        shown.open_record(kind, record_id)
        assert "Nog niet verstuurd" in shown.sync_badge.text()
    sync.SyncClient.for_session(session, client=server.client).sync()
    for shown, _kind, _record_id in opened:
        shown.activate()  # as the main window does after a sync that brought records
        assert "Gesynchroniseerd" in shown.sync_badge.text()
    # A new goal waits for the server: the trajectory on screen says so.
    session.records.create(
        Goal, {"trajectory_id": trajectory.id, "life_domain": "school", "what": "Naar school"}
    )
    trajectories.activate()
    assert "Nog niet verstuurd" in trajectories.sync_badge.text()
    trajectories.clear()
    screenings.clear()
    assert trajectories.sync_badge.text() == screenings.sync_badge.text() == ""
