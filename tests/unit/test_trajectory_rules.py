"""Domain rules of trajectories: status steps, signed versions, signers, plain language."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta

import pytest

from desktop.models.plain_language import expand_abbreviations, problems, sentences, words
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid, validate_record
from veldwerk_core.models.plan import PlanContent, PlanVersion, required_signers
from veldwerk_core.models.trajectory import (
    Agreement,
    NetworkPerson,
    Signature,
    SignerRole,
    Trajectory,
    TrajectoryStatus,
)

TODAY = date(2026, 3, 2)
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()


def trajectory(**changes: object) -> Trajectory:
    data: dict[str, object] = {
        "youth_id": uuid.uuid4(),
        "coach": "Sanne de Boer",
        "start": TODAY,
    }
    data.update(changes)
    return validate_record(Trajectory, data)


def content(born: date) -> PlanContent:
    return PlanContent(
        youth_name="Daan Çelik",
        youth_first_name="Daan",
        youth_date_of_birth=born,
        coach="Sanne de Boer",
        start=TODAY,
        status=TrajectoryStatus.ACTIVE,
    )


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        (TrajectoryStatus.REGISTERED, TrajectoryStatus.ACTIVE, True),
        (TrajectoryStatus.REGISTERED, TrajectoryStatus.STOPPED, True),
        (TrajectoryStatus.REGISTERED, TrajectoryStatus.COMPLETED, False),
        (TrajectoryStatus.ACTIVE, TrajectoryStatus.COMPLETED, True),
        (TrajectoryStatus.ACTIVE, TrajectoryStatus.STOPPED, True),
        (TrajectoryStatus.ACTIVE, TrajectoryStatus.REGISTERED, False),
        (TrajectoryStatus.COMPLETED, TrajectoryStatus.ACTIVE, False),
        (TrajectoryStatus.STOPPED, TrajectoryStatus.ACTIVE, False),
    ],
)
def test_status_steps(old: TrajectoryStatus, new: TrajectoryStatus, allowed: bool) -> None:
    reason = {"stop_reason": "Verhuisd naar een andere stad."}
    before = trajectory(status=old, **(reason if old is TrajectoryStatus.STOPPED else {}))
    after = before.model_copy(
        update={"status": new, **(reason if new is TrajectoryStatus.STOPPED else {})}
    )
    if allowed:
        after.check_change(before)
    else:
        with pytest.raises(ChangeRefused) as refused:
            after.check_change(before)
        expected = "afgesloten" if old.is_closed else "kan niet de status"
        assert expected in refused.value.user_message()


def test_stopping_needs_a_reason_named_by_its_field() -> None:
    with pytest.raises(RecordInvalid) as caught:
        trajectory(status=TrajectoryStatus.STOPPED)
    assert [e.field for e in caught.value.errors] == ["stop_reason"]
    assert "Reden van stoppen is verplicht" in caught.value.errors[0].message


def test_a_closed_trajectory_no_longer_changes() -> None:
    before = trajectory(status=TrajectoryStatus.COMPLETED)
    with pytest.raises(ChangeRefused):
        before.model_copy(update={"help_request": "Iets anders"}).check_change(before)


def test_signed_plan_content_changes_only_as_a_new_version() -> None:
    signed = trajectory(plan_version=2, signed_version=2, help_request="Ik wil mijn diploma.")
    assert signed.is_signed
    changed = signed.model_copy(update={"help_request": "Ik wil werk."})
    with pytest.raises(ChangeRefused) as refused:
        changed.check_change(signed)
    assert "Versie 2 van het plan is ondertekend" in refused.value.user_message()
    changed.model_copy(update={"plan_version": 3}).check_change(signed)
    # Progress is not plan content: the status may move on without a new version.
    signed.model_copy(update={"status": TrajectoryStatus.ACTIVE}).check_change(signed)
    with pytest.raises(ChangeRefused):
        signed.model_copy(update={"plan_version": 1, "signed_version": 1}).check_change(signed)


def test_signed_version_cannot_run_ahead_of_the_plan() -> None:
    with pytest.raises(RecordInvalid) as caught:
        trajectory(plan_version=1, signed_version=2)
    assert caught.value.errors[0].field == "signed_version"


def test_network_of_fewer_than_three_is_flagged_not_refused() -> None:
    small = trajectory(network=[NetworkPerson(name="Oom Ricardo")])
    assert small.network_is_small
    people = [NetworkPerson(name=name) for name in ("Ricardo", "Fatima", "Kevin")]
    assert not trajectory(network=people).network_is_small


def test_parent_signs_while_the_youth_is_under_16() -> None:
    fifteen = TODAY.replace(year=TODAY.year - 16) + timedelta(days=1)
    sixteen = TODAY.replace(year=TODAY.year - 16)
    assert SignerRole.PARENT in required_signers(fifteen, TODAY)
    assert SignerRole.PARENT not in required_signers(sixteen, TODAY)
    base = {"trajectory_id": uuid.uuid4(), "version": 1, "signed_on": TODAY}
    with pytest.raises(RecordInvalid) as caught:
        validate_record(
            PlanVersion,
            {**base, "signers": ["youth", "coach"], "content": content(fifteen)},
        )
    assert caught.value.errors[0].field == "signers"
    assert "ouder of verzorger moet" in caught.value.errors[0].message
    validate_record(
        PlanVersion, {**base, "signers": ["youth", "coach"], "content": content(sixteen)}
    )
    with pytest.raises(RecordInvalid) as caught:
        validate_record(PlanVersion, {**base, "signers": ["youth"], "content": content(sixteen)})
    assert "coach" in caught.value.errors[0].message


def test_signed_versions_and_signatures_never_change() -> None:
    version = validate_record(
        PlanVersion,
        {
            "trajectory_id": uuid.uuid4(),
            "version": 1,
            "signed_on": TODAY,
            "signers": ["youth", "coach"],
            "content": content(date(2008, 1, 1)),
        },
    )
    with pytest.raises(ChangeRefused):
        version.check_change(version)
    signature = validate_record(
        Signature,
        {
            "trajectory_id": uuid.uuid4(),
            "plan_version": 1,
            "signer": "youth",
            "name": "Daan",
            "signed_on": TODAY,
            "method": "drawn",
            "image_png": PNG,
        },
    )
    with pytest.raises(ChangeRefused):
        signature.check_change(signature)


def test_signature_needs_an_image_on_screen_and_none_on_paper() -> None:
    base = {
        "trajectory_id": uuid.uuid4(),
        "plan_version": 1,
        "signer": "coach",
        "name": "Sanne",
        "signed_on": TODAY,
    }
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Signature, {**base, "method": "drawn"})
    assert caught.value.errors[0].field == "image_png"
    with pytest.raises(RecordInvalid):
        validate_record(Signature, {**base, "method": "drawn", "image_png": "bm90IGEgcG5n"})
    with pytest.raises(RecordInvalid):
        validate_record(Signature, {**base, "method": "paper", "image_png": PNG})
    with pytest.raises(RecordInvalid) as caught:
        validate_record(
            Signature, {**base, "method": "paper", "signed_on": date.today() + timedelta(days=3)}
        )
    assert "toekomst" in caught.value.errors[0].message


def test_support_depends_on_commitments() -> None:
    base = {
        "trajectory_id": uuid.uuid4(),
        "party": "municipality",
        "who": "Gemeente",
        "what": "De gemeente betaalt de boete.",
    }
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Agreement, {**base, "is_support": True})
    assert caught.value.errors[0].field == "depends_on"
    with pytest.raises(RecordInvalid):
        validate_record(Agreement, {**base, "depends_on": [str(uuid.uuid4())]})
    validate_record(Agreement, {**base, "is_support": True, "depends_on": [str(uuid.uuid4())]})


def test_plain_language_rules() -> None:
    text = "Ik ga elke dag naar school. Ik neem bijv. mijn boeken mee."
    assert sentences(text) == ["Ik ga elke dag naar school.", "Ik neem bijv. mijn boeken mee."]
    assert len(words("Ik ga op 1 maart 2026 naar de 's-Gravenzandse school.")) == 10
    found = problems(
        "Ik ga elke dag op tijd naar school en ik maak daar al mijn huiswerk samen met mijn "
        "mentor. Zsm bellen met de PGA."
    )
    assert {(p.kind, p.detail) for p in found} == {
        ("long", "19"),
        ("abbreviation", "zsm"),
        ("abbreviation", "PGA"),
    }
    assert expand_abbreviations("Bijv. sporten, voetbal etc.") == (
        "Bijvoorbeeld sporten, voetbal enzovoort."
    )
    assert problems(expand_abbreviations("Ik bel i.p.v. te appen.")) == []


def test_ambiguous_abbreviations_are_asked_for_not_guessed() -> None:
    """Issue 13, 7: "i.o.m." (in overleg met) became "samen met"."""
    from desktop.models.plain_language import jargon_in

    text = "Ik bel i.o.m. mijn moeder. Evt. gaat de coach mee i.v.m. de afspraak."
    assert expand_abbreviations(text) == text
    found = {(p.kind, p.detail) for p in problems(text)}
    assert found == {("ambiguous", "i.o.m."), ("ambiguous", "evt."), ("ambiguous", "i.v.m.")}
    long = (
        "We zien vooruitgang als het ongeoorloofd verzuim daalt en de leerplichtambtenaar "
        "na de evaluatie i.o.m. school en ouders geen proces-verbaal meer opmaakt."
    )
    assert ("long", "22") in {(p.kind, p.detail) for p in problems(long)}
    assert jargon_in(long) == ["evaluatie", "leerplichtambtenaar", "ongeoorloofd verzuim"]
