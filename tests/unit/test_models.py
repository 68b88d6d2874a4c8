"""Record shapes: validation with Dutch, field-named messages; rules that depend on today."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from veldwerk_core.i18n import set_language
from veldwerk_core.models import (
    Agreement,
    Group,
    GroupMember,
    Involvement,
    Relation,
    Screening,
    Signal,
    Signature,
    Trajectory,
    Youth,
)
from veldwerk_core.models.base import STORED, UNCHANGED, new_id
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid, validate_record

YOUTH = {
    "first_name": "Daan",
    "infix": "van der",
    "last_name": "Berg",
    "date_of_birth": "14-05-2011",
}


def signal_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "occurred_at": datetime.now(UTC) - timedelta(hours=1),
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "straat",
        "category": "overlast",
        "description": "Groep van vijf jongeren bij de skatebaan, harde muziek.",
        "youth_ids": [str(new_id())],
        "severity": "low",
        "legal_basis": "legal_task",
        "recorded_by": "Sanne de Boer",
        "recorded_role": "youth_worker",
    }
    data.update(changes)
    return data


def errors_of(model: type, data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(model, data)
    return {error.field: error.message for error in caught.value.errors}


def test_ids_are_time_ordered_uuid7() -> None:
    first, second = new_id(), new_id()
    assert first.version == 7 and second.version == 7
    assert first < second


def test_youth_accepts_dutch_dates_and_builds_the_full_name() -> None:
    youth = validate_record(Youth, YOUTH)
    assert youth.date_of_birth == date(2011, 5, 14)
    assert youth.full_name == "Daan van der Berg"
    assert youth.age(date(2026, 5, 13)) == 14
    assert youth.age(date(2026, 5, 14)) == 15


def test_missing_fields_are_named_in_dutch() -> None:
    errors = errors_of(Youth, {"first_name": "", "last_name": "Berg"})
    assert errors["first_name"] == "Voornaam is verplicht."
    assert errors["date_of_birth"] == "Geboortedatum is verplicht."


def test_bsn_failing_the_eleven_test_is_refused_with_the_reason() -> None:
    errors = errors_of(Youth, {**YOUTH, "bsn": "123456789"})
    assert errors == {"bsn": "BSN klopt niet: het voldoet niet aan de elfproef."}
    assert errors_of(Youth, {**YOUTH, "bsn": "12345"}) == {"bsn": "BSN moet uit 9 cijfers bestaan."}
    assert validate_record(Youth, {**YOUTH, "bsn": "1112 22 333"}).bsn == "111222333"


def test_date_of_birth_cannot_lie_in_the_future_or_be_implausibly_old() -> None:
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d-%m-%Y")
    assert errors_of(Youth, {**YOUTH, "date_of_birth": tomorrow}) == {
        "date_of_birth": "Geboortedatum ligt in de toekomst."
    }
    assert (
        "controleer de datum"
        in errors_of(Youth, {**YOUTH, "date_of_birth": "01-01-1950"})["date_of_birth"]
    )
    assert errors_of(Youth, {**YOUTH, "date_of_birth": "31-02-2011"}) == {
        "date_of_birth": "Geboortedatum is geen geldige datum; gebruik dd-mm-jjjj."
    }


def test_rules_about_today_are_skipped_for_stored_and_unchanged_values() -> None:
    old = {**YOUTH, "date_of_birth": "1950-01-01"}
    assert Youth.model_validate(old, context={STORED: True}).date_of_birth.year == 1950
    assert Youth.model_validate(old, context={UNCHANGED: {"date_of_birth"}}).last_name == "Berg"
    with pytest.raises(ValueError):
        Youth.model_validate(old)


def test_signal_requires_a_factual_description_and_someone_it_concerns() -> None:
    errors = errors_of(Signal, signal_data(description=""))
    assert errors == {"description": "Feitelijke beschrijving is te kort: minstens 10 tekens."}
    errors = errors_of(Signal, signal_data(youth_ids=[]))
    assert errors == {"youth_ids": "Kies minstens één jongere of een groep."}
    one_word = errors_of(Signal, signal_data(description="Verdachtgedrag"))
    assert one_word["description"].startswith(
        "Feitelijke beschrijving: beschrijf in een paar woorden"
    )


def test_signal_place_and_source_rules_name_the_nested_field() -> None:
    errors = errors_of(Signal, signal_data(place={"place_kind": "online"}))
    assert errors == {"place.platform": "Platform is verplicht bij deze soort locatie."}
    errors = errors_of(Signal, signal_data(source="reported"))
    assert errors == {"reported_by": "Gemeld door is verplicht als iemand anders het meldde."}


def test_signal_time_must_be_aware_and_not_in_the_future() -> None:
    naive = errors_of(Signal, signal_data(occurred_at="2026-01-01T10:00:00"))
    assert naive == {"occurred_at": "Tijdstip moet een tijdzone hebben."}
    future = errors_of(Signal, signal_data(occurred_at=datetime.now(UTC) + timedelta(days=1)))
    assert future == {"occurred_at": "Tijdstip ligt in de toekomst."}
    local = validate_record(Signal, signal_data(occurred_at="2026-03-01T10:00:00+01:00"))
    assert local.occurred_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_unknown_choice_lists_the_dutch_options() -> None:
    errors = errors_of(Signal, signal_data(severity="enorm"))
    assert errors == {"severity": "Ernst heeft een onbekende waarde; kies uit: Laag, Midden, Hoog."}


def test_signals_are_append_only() -> None:
    signal = validate_record(Signal, signal_data())
    with pytest.raises(ChangeRefused):
        signal.check_change(signal)


def test_correction_needs_a_reason() -> None:
    errors = errors_of(Signal, signal_data(supersedes_id=str(new_id())))
    assert errors == {"correction_reason": "Reden van correctie is verplicht bij een correctie."}


def test_relation_needs_someone_else() -> None:
    youth_id = uuid.uuid4()
    errors = errors_of(Relation, {"youth_id": youth_id, "relation_kind": "sibling"})
    assert errors == {"name": "Kies een jongere of vul een naam in."}
    errors = errors_of(
        Relation, {"youth_id": youth_id, "related_youth_id": youth_id, "relation_kind": "sibling"}
    )
    assert errors == {"related_youth_id": "Een jongere kan geen relatie met zichzelf hebben."}


def test_involvement_period_and_group_members() -> None:
    errors = errors_of(
        Involvement,
        {
            "youth_id": new_id(),
            "professional": "P",
            "organisation": "O",
            "role": "R",
            "since": "10-10-2025",
            "until": "01-01-2025",
        },
    )
    assert errors == {"until": "Tot ligt voor de begindatum."}
    member = GroupMember(youth_id=new_id())
    assert errors_of(Group, {"name": "Groep", "members": [member, member]}) == {
        "members": "Een jongere staat twee keer in de groep."
    }


def test_trajectory_rules() -> None:
    base = {"youth_id": new_id(), "coach": "Coach", "start": "01-09-2026"}
    assert errors_of(Trajectory, {**base, "planned_end": "01-08-2026"}) == {
        "planned_end": "Geplande einddatum ligt voor de startdatum."
    }
    assert errors_of(Trajectory, {**base, "status": "stopped"}) == {
        "stop_reason": "Reden van stoppen is verplicht als het traject gestopt is."
    }
    assert validate_record(Trajectory, {**base, "network": [{"name": "Oom Kees"}]}).network_is_small


def test_agreement_signature_and_screening_shapes() -> None:
    agreement = validate_record(
        Agreement,
        {
            "trajectory_id": new_id(),
            "party": "school",
            "who": "Mentor",
            "what": "Wekelijks gesprek",
        },
    )
    assert agreement.status.label == "Lopend"
    assert errors_of(
        Signature,
        {
            "trajectory_id": new_id(),
            "plan_version": 1,
            "signer": "youth",
            "name": "D",
            "signed_on": "01-01-2026",
            "method": "drawn",
        },
    ) == {"image_png": "Zet eerst een handtekening op het scherm."}
    assert errors_of(Screening, {"youth_id": new_id()}) == {
        "instrument_key": "Kies een instrument of leg een externe uitslag vast."
    }


def test_messages_follow_the_language() -> None:
    set_language("en")
    errors = errors_of(Youth, {**YOUTH, "first_name": "", "bsn": "123456789"})
    assert errors["first_name"] == "First name is required."
    assert errors["bsn"] == "BSN is not valid: it fails the eleven test."


def test_error_messages_never_contain_the_rejected_value() -> None:
    secret = "Geheimvoornaam" * 10
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Youth, {**YOUTH, "first_name": secret, "bsn": "987654321"})
    assert secret not in str(caught.value)
    assert "987654321" not in str(caught.value)
    assert "987654321" not in repr(caught.value.errors)


def test_load_round_trips_the_stored_form() -> None:
    youth = validate_record(Youth, {**YOUTH, "bsn": "111222333", "gender": "female"})
    assert Youth.load(youth.model_dump_json()) == youth
    assert Youth.load(youth.dump()) == youth
