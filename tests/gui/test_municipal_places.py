"""The municipality's wijken reach every list, and the user's own wijk is the default
(issue 13, 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.services.config import configuration, use_server_configuration
from desktop.services.session import Session
from desktop.views.shell import Shell
from desktop.views.signals.form import SignalForm
from desktop.views.youths.form import YouthForm
from desktop.views.youths.section import YouthsSection
from tests.gui.test_changes import go_to
from tests.gui.test_signal_capture import open_shell
from veldwerk_core.protocol import ConfigResponse


@pytest.fixture
def zwolle() -> Iterator[None]:
    """What a Zwolle server distributes: its own wijken and schools."""
    bundled = configuration()
    places = bundled.places.model_dump(mode="json")
    places["wijken"] = [*places["wijken"], "Holtenbroek"]
    answer = ConfigResponse.model_validate(
        {
            "version": "zwolle",
            "taxonomy": bundled.taxonomy.model_dump(mode="json"),
            "places": places,
            "schools": ["Thomas a Kempis"],
            "rules": bundled.rules.model_dump(mode="json"),
        }
    )
    use_server_configuration(answer)
    yield
    use_server_configuration(None)


def test_holtenbroek_can_be_chosen_everywhere_and_the_own_wijk_comes_first(
    qtbot, shell: Shell, session: Session, zwolle: None
) -> None:  # type: ignore[no-untyped-def]
    session.update_profile(session.profile.model_copy(update={"wijk": "Holtenbroek"}))
    session.reload_identity()
    open_shell(qtbot, shell, session)
    section = go_to(qtbot, shell, YouthsSection)
    assert section.wijk.findData("Holtenbroek") >= 0, "a list made before the sync offers it"
    form = YouthForm(shell.ops)
    qtbot.addWidget(form)
    assert form.wijk.currentData() == "Holtenbroek", "a new youth starts in the own wijk"
    completer = form.school.completer()
    assert completer is not None and completer.model().rowCount() == 1
    signal = SignalForm(shell.ops)
    qtbot.addWidget(signal)
    assert signal.wijk.currentData() == "Holtenbroek"
    signal.stash_for_lock()
