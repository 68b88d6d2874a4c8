"""Screenings in a real vault: drafts, completion, immutability, versions, history, search."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.instruments import Instruments, VersionClash, record_id
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.views.screenings.render import page
from tests.conftest import PASSPHRASE
from tests.screening_data import definition_data
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid
from veldwerk_core.models.instrument import Instrument, InstrumentInvalid, parse_instrument
from veldwerk_core.models.screening import Screening, ScreeningStatus
from veldwerk_core.models.youth import Youth

ANSWERS = {"ruzie": "ja", "toezicht": 1, "delicten": "2", "politie": "nee", "sport": "onbekend"}


def add_test_instrument(session: Session, **overrides: object) -> Instrument:
    return (
        Instruments(session)
        .add(parse_instrument(definition_data(**overrides), "proef.yaml"), source="proef.yaml")
        .instrument
    )


def new_youth(session: Session, first: str = "Daan", born: str = "01-02-2011") -> Youth:
    return Youths(session).create(
        {"first_name": first, "last_name": "Jansen", "date_of_birth": born}
    )


def fill(screenings: Screenings, draft: Screening, answers: dict[str, object]) -> Screening:
    for item_id, value in answers.items():
        draft = screenings.set_answer(draft, item_id, value)
    return draft


def test_examples_are_added_once_and_get_the_same_id_everywhere(session: Session) -> None:
    instruments = Instruments(session)
    added = instruments.ensure_examples()
    assert sorted(i.key for i in added) == [
        "signalen-criminele-uitbuiting",
        "vroegsignalering-jonge-aanwas",
    ]
    assert instruments.ensure_examples() == []
    for instrument in added:
        assert instrument.id == record_id(instrument.key, instrument.version)
    assert [i.key for i in instruments.latest()] == [
        "signalen-criminele-uitbuiting",
        "vroegsignalering-jonge-aanwas",
    ]


def test_draft_survives_locking_and_completes_into_an_immutable_record(
    session: Session, data_dir: DataDir
) -> None:
    add_test_instrument(session)
    youth = new_youth(session)
    screenings = Screenings(session)
    draft = screenings.start(youth.id, "proef", screened_on="02-03-2026")
    draft = fill(screenings, draft, {"ruzie": "ja", "toezicht": 2})
    assert screenings.start(youth.id, "proef").id == draft.id, "the open draft is continued"
    outbox = session.vault.scalar("SELECT count(*) FROM outbox WHERE record_kind = 'screening'")
    assert outbox == 0, "drafts do not sync"
    session.lock()

    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        screenings = Screenings(reopened)
        (kept,) = screenings.drafts()
        assert kept.id == draft.id and kept.answers == {"ruzie": "yes", "toezicht": 2}
        with pytest.raises(RecordInvalid) as missing:
            screenings.complete(kept)
        assert {e.field for e in missing.value.errors} == {
            "answers.delicten",
            "answers.politie",
            "answers.sport",
        }
        assert missing.value.errors[0].label == "Hoeveel delicten zijn bekend?"
        kept = fill(screenings, kept, {"delicten": 0, "politie": "nee", "sport": "onbekend"})
        done = screenings.complete(kept)
        assert done.status is ScreeningStatus.COMPLETED and done.id == draft.id
        assert done.result is not None and done.result.score == 5 and done.result.band == "midden"
        assert done.assessor == "Sanne de Boer" and done.instrument_title == "Proeflijst"
        assert screenings.drafts() == []
        stored = reopened.records.get(Screening, done.id)
        assert stored == done
        with pytest.raises(ChangeRefused):
            reopened.records.update(Screening, done.id, {"note": "achteraf"})
        with pytest.raises(ChangeRefused):
            reopened.records.update(
                Screening, done.id, {"answers": {**done.answers, "ruzie": "no"}}
            )
    finally:
        reopened.lock()


def test_wrong_answer_is_refused_with_the_item_named(session: Session) -> None:
    add_test_instrument(session)
    youth = new_youth(session)
    screenings = Screenings(session)
    draft = screenings.start(youth.id, "proef")
    with pytest.raises(RecordInvalid) as caught:
        screenings.set_answer(draft, "toezicht", 5)
    (error,) = caught.value.errors
    assert (error.field, error.label, error.message) == (
        "answers.toezicht",
        "Hoe weinig toezicht is er?",
        "Kies 0, 1, 2 of onbekend.",
    )
    assert screenings.draft(draft.id) == draft, "nothing typed before is lost"


def test_screening_date_cannot_lie_in_the_future(session: Session) -> None:
    add_test_instrument(session)
    youth = new_youth(session)
    with pytest.raises(RecordInvalid) as caught:
        Screenings(session).start(youth.id, "proef", screened_on="01-01-2099")
    assert caught.value.errors[0].message == "Datum screening ligt in de toekomst."


def test_new_version_never_changes_an_earlier_screening(session: Session, tmp_path: Path) -> None:
    """Version pinning: import v2 (other weights, texts, bands); the v1 screening stays."""
    add_test_instrument(session)
    youth = new_youth(session)
    screenings = Screenings(session)
    draft = fill(screenings, screenings.start(youth.id, "proef"), ANSWERS)
    old = screenings.complete(draft)
    old_json = json.dumps(old.dump(), sort_keys=True)
    old_page = page(screenings.opened(old.id))

    v2 = definition_data(version=2, title="Proeflijst 2026")
    v2["items"][0].update(weight=5, text="Is er thuis geregeld ruzie?")
    v2["bands"][1].update(label="Zorg", min_score=1)
    v2["bands"][2].update(label="Hoog risico")
    path = tmp_path / "proef-v2.yaml"
    path.write_text(yaml.safe_dump(v2, allow_unicode=True), encoding="utf-8")
    assert Instruments(session).import_file(path).added

    reread = session.records.get(Screening, old.id)
    assert reread is not None and json.dumps(reread.dump(), sort_keys=True) == old_json
    assert page(screenings.opened(old.id)) == old_page, "shown exactly as before"
    assert "Is er vaak ruzie thuis?" in old_page and "Is er thuis geregeld ruzie?" not in old_page
    assert screenings.instrument_of(reread).version == 1
    assert screenings.instrument_of(reread).definition.items[0].text == "Is er vaak ruzie thuis?"
    assert reread.result is not None and reread.result.band_label == "Midden"

    newer = fill(screenings, screenings.start(youth.id, "proef"), ANSWERS)
    assert newer.instrument_version == 2
    new = screenings.complete(newer)
    assert new.result is not None and old.result is not None
    assert new.result.score > old.result.score
    assert new.result.score == 8.5 and new.result.band_label == "Hoog risico"


def test_importing_the_same_version_with_other_content_is_refused(
    session: Session, tmp_path: Path
) -> None:
    add_test_instrument(session)
    changed = definition_data(title="Andere lijst")
    path = tmp_path / "proef.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    with pytest.raises(VersionClash) as caught:
        Instruments(session).import_file(path)
    assert "Versie 1 van instrument proef staat al in de kluis" in str(caught.value)
    same = tmp_path / "zelfde.json"
    same.write_text(json.dumps(definition_data()), encoding="utf-8")
    assert not Instruments(session).import_file(same).added
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: proef\nversion: 3\n", encoding="utf-8")
    with pytest.raises(InstrumentInvalid):
        Instruments(session).import_file(broken)
    assert [i.version for i in Instruments(session).versions("proef")] == [1]


def test_instrument_versions_never_change(session: Session) -> None:
    instrument = add_test_instrument(session)
    with pytest.raises(ChangeRefused):
        session.records.update(Instrument, instrument.id, {"source": "anders.yaml"})


def test_external_result_is_recorded_without_items(session: Session) -> None:
    youth = new_youth(session)
    screenings = Screenings(session)
    with pytest.raises(RecordInvalid) as caught:
        screenings.record_external(youth.id, {"instrument_name": "SAVRY"})
    assert {e.field for e in caught.value.errors} == {"assessed_on", "assessor", "outcome_band"}
    assert str(caught.value).startswith("Externe uitslag kan niet worden opgeslagen")
    saved = screenings.record_external(
        youth.id,
        {
            "instrument_name": "SAVRY",
            "assessed_on": "15-01-2026",
            "assessor": "A. de Vries",
            "organisation": "Jeugdreclassering",
            "outcome_band": "Matig risico",
            "note": "Uitslag telefonisch besproken.",
        },
    )
    assert saved.is_external and saved.answers == {} and saved.instrument_key is None
    assert saved.screened_on == date(2026, 1, 15) and saved.band_label == "Matig risico"
    with pytest.raises(ChangeRefused):
        session.records.update(Screening, saved.id, {"note": "x"})


def test_for_youth_is_newest_first_and_reading_is_audited(session: Session) -> None:
    add_test_instrument(session)
    youth = new_youth(session)
    other = new_youth(session, "Iris", "05-05-2012")
    screenings = Screenings(session)
    first = screenings.complete(
        fill(screenings, screenings.start(youth.id, "proef", screened_on="01-02-2026"), ANSWERS)
    )
    external = screenings.record_external(
        youth.id,
        {
            "instrument_name": "YLS/CMI",
            "assessed_on": "10-02-2026",
            "assessor": "B. Bakker",
            "outcome_band": "Laag",
        },
    )
    draft = screenings.start(youth.id, "proef")
    screenings.start(other.id, "proef")
    assert [s.id for s in screenings.for_youth(youth.id)] == [external.id, first.id]
    with_drafts = screenings.for_youth(youth.id, include_drafts=True)
    assert [s.id for s in with_drafts] == [draft.id, external.id, first.id]

    screenings.open(first.id)
    screenings.open(draft.id)
    rows = session.vault.execute(
        "SELECT data FROM audit WHERE action = ? AND record_kind = 'screening'",
        (AuditAction.READ.value,),
    ).fetchall()
    read = [json.loads(row[0]) for row in rows]
    assert {entry["record_id"] for entry in read} == {str(first.id), str(draft.id)}
    assert all(entry["youth_ids"] == [str(youth.id)] for entry in read)


def test_search_finds_by_youth_instrument_and_outcome(session: Session) -> None:
    add_test_instrument(session)
    daan = new_youth(session)
    iris = new_youth(session, "Iris", "05-05-2012")
    screenings = Screenings(session)
    screenings.complete(fill(screenings, screenings.start(daan.id, "proef"), ANSWERS))
    screenings.record_external(
        iris.id,
        {
            "instrument_name": "SAVRY",
            "assessed_on": "10-02-2026",
            "assessor": "B",
            "outcome_band": "Hoog",
        },
    )
    screenings.start(iris.id, "proef")

    def names(text: str) -> list[tuple[str, bool]]:
        return [
            (row.youth.first_name, row.is_draft) for row in screenings.search(text) if row.youth
        ]

    assert names("") == [("Iris", True), ("Daan", False), ("Iris", False)], "drafts, then newest"
    assert names("daan") == [("Daan", False)]
    assert names("savry") == [("Iris", False)]
    assert names("midden") == [("Daan", False)]
    assert names("proef") == [("Iris", True), ("Daan", False)]
    assert names("concept") == [("Iris", True)]
    assert names("niemand") == []


def test_history_shows_changes_per_domain_and_item(session: Session) -> None:
    add_test_instrument(session)
    youth = new_youth(session)
    screenings = Screenings(session)
    first = screenings.complete(
        fill(screenings, screenings.start(youth.id, "proef", screened_on="01-01-2026"), ANSWERS)
    )
    second = screenings.complete(
        fill(
            screenings,
            screenings.start(youth.id, "proef", screened_on="01-02-2026"),
            {**ANSWERS, "toezicht": 2, "sport": "ja"},
        )
    )
    history = screenings.history(youth.id)
    (proef,) = history.instruments
    assert [s.id for s in proef.screenings] == [first.id, second.id], "oldest first"
    assert [row.key for row in proef.changed_items()] == ["toezicht", "sport"]
    toezicht = next(row for row in proef.items if row.key == "toezicht")
    assert [(c.value, c.previous, c.changed) for c in toezicht.cells] == [
        (1, None, False),
        (2, 1, True),
    ]
    thuis = next(row for row in proef.domains if row.key == "thuis")
    assert [c.value for c in thuis.cells] == [3.5, 5]
    straat = next(row for row in proef.domains if row.key == "straat")
    assert [c.value for c in straat.cells] == [2, 1] and straat.changed
    assert first.completed_at is not None and datetime.now(UTC) > first.completed_at


def test_demo_data_gives_flagged_youths_completed_screenings(session: Session) -> None:
    from desktop.services import demo

    result = demo.generate(session, youths=40, seed=3)
    screenings = Screenings(session)
    screened = [youth_id for youth_id in result.flagged_youth_ids if screenings.for_youth(youth_id)]
    assert screened and len(screened) == min(len(result.flagged_youth_ids), 40)
    for youth_id in screened:
        for screening in screenings.for_youth(youth_id):
            assert screening.status is ScreeningStatus.COMPLETED and screening.result is not None
    assert screenings.drafts() == []
