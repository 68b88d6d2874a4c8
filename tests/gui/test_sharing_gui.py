"""Sharing a signal from its detail, by keyboard: every missing answer shows at its field and
nothing typed is lost; consent as the basis; withdrawing from the youth's page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.consents import Consents
from desktop.services.session import Session
from desktop.services.shares import Shares
from desktop.views.shell import Shell
from desktop.views.signals.section import SignalsSection
from desktop.views.together.consent_dialog import ConsentDialog
from desktop.views.together.note_dialog import NoteDialog
from desktop.views.together.share_dialog import ShareDialog
from tests.gui.conftest import activate
from tests.gui.together_support import ALT, dialog, focused, open_youth, texts, unnamed
from tests.integration.together import SCHOOL, add_youth, record_signal, with_directory

TAB = Qt.Key.Key_Tab


def open_signal(qtbot, shell: Shell, session: Session, signal_id) -> SignalsSection:  # type: ignore[no-untyped-def]
    shell.open_session(session)
    activate(qtbot, shell.main)
    shell.main.open_record("signal", signal_id)
    section = shell.main.current_section
    assert isinstance(section, SignalsSection)
    qtbot.waitUntil(lambda: section.signal_detail.view is not None)
    return section


def tab(qtbot, name: str):  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), TAB)
    assert focused().objectName() == name, focused().objectName()
    return focused()


def test_a_missing_basis_shows_at_its_field_and_keeps_what_was_typed(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session, age=14)
    signal = record_signal(session, youth)
    section = open_signal(qtbot, shell, session, signal.id)
    qtbot.keyClick(shell.main, Qt.Key.Key_D, ALT)
    share = dialog(qtbot, ShareDialog)
    assert unnamed(share) == []
    assert focused() is share.organisation
    qtbot.keyClicks(focused(), "Het")
    assert share.organisation.currentData() == SCHOOL.id
    tab(qtbot, "legal_basis")
    tab(qtbot, "recordConsentHere")  # the consent list waits for consent as the basis
    tab(qtbot, "purpose")
    qtbot.keyClicks(focused(), "Samen het verzuim aanpakken")
    qtbot.keyClicks(tab(qtbot, "youth_informed"), "J")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    assert share.isVisible()
    assert share.messages["legal_basis"].text() == "Grondslag voor delen is verplicht."
    assert share.messages["parents_informed"].text().startswith("Geef aan of de ouders")
    assert share.messages["purpose"].text() == ""
    assert focused() is share.basis, "the cursor goes to the first field with a problem"
    assert share.purpose.text() == "Samen het verzuim aanpakken"
    assert share.organisation.currentData() == SCHOOL.id
    assert share.youth_informed.currentData() == "yes"
    assert Shares(session).for_signal(signal.id) == []

    qtbot.keyClicks(focused(), "Co")
    assert share.basis.currentData() == "covenant"
    share.parents_informed.setFocus()
    qtbot.keyClicks(focused(), "N")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not share.isVisible())
    (stored,) = Shares(session).for_signal(signal.id)
    assert (stored.share.organisation_name, stored.share.legal_basis.value) == (
        SCHOOL.name,
        "covenant",
    )
    assert (stored.share.youth_informed.value, stored.share.parents_informed.value) == (
        "yes",
        "no",
    )
    qtbot.waitUntil(lambda: SCHOOL.name in section.signal_detail.text.toPlainText())


def test_consent_as_the_basis_recorded_from_the_share_dialog(
    qtbot, shell: Shell, session: Session
) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session, age=17)
    signal = record_signal(session, youth)
    open_signal(qtbot, shell, session, signal.id)
    qtbot.keyClick(shell.main, Qt.Key.Key_D, ALT)
    share = dialog(qtbot, ShareDialog)
    assert share.parents_informed.currentData() == "not_applicable", "17: parents n.a."
    qtbot.keyClicks(share.organisation, "Het")
    qtbot.keyClicks(share.basis, "T")
    assert share.consent.isEnabled()
    qtbot.keyClicks(share.purpose, "Begeleiding op school")
    share.youth_informed.setFocus()
    qtbot.keyClicks(focused(), "J")
    share.save()
    assert share.messages["consent_id"].text() == "Kies de toestemming waarop het delen berust."

    qtbot.keyClick(share, Qt.Key.Key_V, ALT)
    consent = dialog(qtbot, ConsentDialog)
    assert consent.for_what.text() == "Begeleiding op school", "the purpose is the proposal"
    qtbot.keyClicks(consent.giver, "De")
    qtbot.keyClicks(consent.given_by, "Daan Visser")
    consent.save()
    qtbot.waitUntil(lambda: not consent.isVisible())
    (given,) = Consents(session).for_youth(youth.id)
    assert share.consent.currentData() == str(given.id)
    activate(qtbot, share)
    share.save()
    qtbot.waitUntil(lambda: not share.isVisible())
    (stored,) = Shares(session).for_signal(signal.id)
    assert stored.share.consent_id == given.id


def test_withdrawing_a_share_from_the_youth_page(qtbot, shell: Shell, session: Session) -> None:  # type: ignore[no-untyped-def]
    with_directory(session)
    youth = add_youth(session, age=17)
    signal = record_signal(session, youth)
    Shares(session).share(
        signal.id,
        SCHOOL.id,
        legal_basis="covenant",
        purpose="Samen het verzuim aanpakken",
        youth_informed="yes",
        parents_informed=None,
    )
    section = open_youth(qtbot, shell, session, youth)
    page = section.page
    # The share is on the youth's timeline too, with whom and on what basis.
    timeline = " ".join(page.timeline.browser.toPlainText().split())
    assert f"Gedeeld signaal met {SCHOOL.name} (Convenant)" in timeline
    qtbot.keyClick(shell.main, Qt.Key.Key_D, ALT)
    assert page.currentWidget() is page.shares
    (row,) = texts(page.shares.rows)
    assert row[2:4] == [SCHOOL.name, "Convenant"] and row[-1] == "loopt"
    page.shares.rows.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    withdraw = dialog(qtbot, NoteDialog)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # past the note: nothing typed
    withdraw.save()
    assert withdraw.messages["withdrawal_reason"].text() != ""
    withdraw.note.setFocus()
    qtbot.keyClicks(focused(), "Jongere wil het niet meer")
    withdraw.save()
    qtbot.waitUntil(lambda: not withdraw.isVisible())
    (stored,) = Shares(session).for_signal(signal.id)
    assert stored.share.withdrawn and not stored.active
    qtbot.waitUntil(lambda: texts(page.shares.rows)[0][-1].startswith("ingetrokken op"))
    qtbot.waitUntil(lambda: "(ingetrokken)" in page.timeline.browser.toPlainText())
