"""Consents and shares through the services, on a real vault: every share records its basis,
purpose and who was informed (per age), consent as a basis names a valid consent, the
withdrawal keeps the history, and shares and consents are in the youth's timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.services.consents import Consents
from desktop.services.session import Session
from desktop.services.shares import Informed, LegalBasis, Shares
from desktop.services.timeline import open_timeline
from tests.integration.together import (
    BOA,
    ENFORCEMENT,
    MUNICIPAL,
    SCHOOL,
    WORKER,
    YOUTH_WORK,
    add_youth,
    record_signal,
    with_directory,
)
from veldwerk_core.models import Share
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid


def errors_of(caught: pytest.ExceptionInfo[RecordInvalid]) -> dict[str, str]:
    return {error.field: error.message for error in caught.value.errors}


def test_every_problem_of_a_share_is_named_at_its_field(session: Session) -> None:
    with_directory(session)
    signal = record_signal(session, add_youth(session, age=14))
    shares = Shares(session)
    assert shares.inform_rule(signal.id) == (rule := shares.inform_rule(signal.id))
    assert (rule.youth, rule.parents) == (True, True), "14: both must have been asked"
    with pytest.raises(RecordInvalid) as caught:
        shares.share(
            signal.id,
            YOUTH_WORK.id,
            legal_basis=None,
            purpose="",
            youth_informed=None,
            parents_informed=Informed.NOT_APPLICABLE,
        )
    errors = errors_of(caught)
    assert set(errors) == {
        "organisation_id",
        "legal_basis",
        "purpose",
        "youth_informed",
        "parents_informed",
    }
    assert "eigen organisatie" in errors["organisation_id"]
    assert errors["legal_basis"] == "Grondslag voor delen is verplicht."
    assert "vanaf 12 jaar" in errors["youth_informed"]
    assert "kies ja of nee" in errors["parents_informed"]
    with pytest.raises(RecordInvalid) as unknown:
        shares.share(
            signal.id,
            "0190a000-0000-7000-8000-0000000000ff",
            legal_basis=LegalBasis.COVENANT,
            purpose="Samen optrekken",
            youth_informed=Informed.YES,
            parents_informed=Informed.YES,
        )
    assert set(errors_of(unknown)) == {"organisation_id"}
    assert session.records.count(Share) == 0


def test_the_age_decides_what_must_be_answered(session: Session) -> None:
    with_directory(session)
    young = record_signal(session, add_youth(session, "Noor", age=10))
    older = record_signal(session, add_youth(session, "Jesse", age=17))
    shares = Shares(session)
    assert (shares.inform_rule(young.id).youth, shares.inform_rule(young.id).parents) == (
        False,
        True,
    )
    assert (shares.inform_rule(older.id).youth, shares.inform_rule(older.id).parents) == (
        True,
        False,
    )
    made = shares.share(
        young.id,
        SCHOOL.id,
        legal_basis="legal_task",
        purpose="Verzuim samen aanpakken",
        youth_informed=None,
        parents_informed=Informed.NO,
    )
    assert (made.youth_informed, made.parents_informed) == (Informed.NOT_APPLICABLE, Informed.NO)
    assert (made.shared_by, made.shared_by_organisation) == (WORKER.name, YOUTH_WORK.name)
    with pytest.raises(RecordInvalid) as twice:
        shares.share(
            young.id,
            SCHOOL.id,
            legal_basis="legal_task",
            purpose="Nog eens",
            youth_informed=None,
            parents_informed=Informed.YES,
        )
    assert "al gedeeld" in errors_of(twice)["organisation_id"]
    with pytest.raises(RecordInvalid) as missing:
        shares.share(
            older.id,
            ENFORCEMENT.id,
            legal_basis="legal_task",
            purpose="Overlast",
            youth_informed=None,
            parents_informed=None,
        )
    assert set(errors_of(missing)) == {"youth_informed"}


def test_consent_as_the_basis_and_withdrawing_it(session: Session) -> None:
    with_directory(session)
    youth = add_youth(session, age=15)
    signal = record_signal(session, youth)
    consents, shares = Consents(session), Shares(session)
    base = {
        "legal_basis": LegalBasis.CONSENT,
        "purpose": "Hulp bij schulden regelen",
        "youth_informed": Informed.YES,
        "parents_informed": Informed.YES,
    }
    with pytest.raises(RecordInvalid) as bare:
        shares.share(signal.id, MUNICIPAL.id, **base)
    assert set(errors_of(bare)) == {"consent_id"}
    other = consents.record(add_youth(session, "Ander").id, "parent", "Moeder", "Delen met school")
    with pytest.raises(RecordInvalid) as foreign:
        shares.share(signal.id, MUNICIPAL.id, consent_id=other.id, **base)
    assert "van de jongere van dit signaal" in errors_of(foreign)["consent_id"]
    with pytest.raises(RecordInvalid) as empty:
        consents.record(youth.id, "youth", "", "ok")
    assert set(errors_of(empty)) == {"given_by", "for_what"}
    consent = consents.record(
        youth.id,
        "parent",
        "Fatima Visser",
        "Delen met de regisseur over schulden",
        until=date.today() + timedelta(days=90),
    )
    assert consents.valid_for(youth.id) == [consent]
    shared = shares.share(signal.id, MUNICIPAL.id, consent_id=consent.id, **base)
    assert shared.consent_id == consent.id and shared.organisation_name == MUNICIPAL.name
    [row] = shares.for_youth(youth.id)
    assert (row.share.id, row.incoming, row.active) == (shared.id, False, True)

    with pytest.raises(RecordInvalid) as no_note:
        consents.withdraw(consent.id, " ")
    assert set(errors_of(no_note)) == {"withdrawal_note"}
    withdrawn = consents.withdraw(consent.id, "Moeder belde: liever niet meer")
    assert withdrawn.withdrawn_on == date.today() and consents.valid_for(youth.id) == []
    with pytest.raises(ChangeRefused):
        consents.withdraw(consent.id, "Nog eens")
    [row] = shares.for_youth(youth.id)
    assert not row.active, "the share rests on a withdrawn consent (the server withdraws it)"
    with pytest.raises(RecordInvalid) as stale:
        shares.share(signal.id, SCHOOL.id, consent_id=consent.id, **base)
    assert "geldt niet (meer)" in errors_of(stale)["consent_id"]


def test_withdrawing_a_share_keeps_it_as_history_and_timeline_shows_both(
    session: Session,
) -> None:
    with_directory(session)
    youth = add_youth(session, age=13)
    signal = record_signal(session, youth)
    shares = Shares(session)
    made = shares.share(
        signal.id,
        MUNICIPAL.id,
        legal_basis="covenant",
        purpose="Bespreken in het vroegsignaleringsoverleg",
        youth_informed="yes",
        parents_informed="no",
    )
    with pytest.raises(RecordInvalid) as no_reason:
        shares.withdraw(made.id, "")
    assert set(errors_of(no_reason)) == {"withdrawal_reason"}
    withdrawn = shares.withdraw(made.id, "Gedeeld met de verkeerde organisatie")
    assert withdrawn.withdrawn and withdrawn.withdrawal_reason
    with pytest.raises(ChangeRefused):
        shares.withdraw(made.id, "Nog eens")
    with pytest.raises(ChangeRefused):
        session.records.delete(Share, made.id)
    consent = Consents(session).record(youth.id, "youth", "Daan Visser", "Delen met school")
    timeline = open_timeline(session, youth.id)
    kinds = {entry.kind: entry.record.id for entry in timeline.entries}
    assert kinds["share"] == made.id and kinds["consent"] == consent.id
    assert [s.share.id for s in timeline.shares] == [made.id]
    assert [c.id for c in timeline.consents] == [consent.id]


def test_a_share_received_is_incoming_and_cannot_be_withdrawn_by_the_recipient(
    session: Session,
) -> None:
    with_directory(session, me=BOA)
    youth = add_youth(session)
    signal = record_signal(session, youth)
    # As the boa's vault holds a signal and a share from the youth worker after a sync.
    received = session.records.create(
        Share,
        {
            "signal_id": signal.id,
            "organisation_id": ENFORCEMENT.id,
            "organisation_name": ENFORCEMENT.name,
            "legal_basis": "covenant",
            "purpose": "Overlast in de wijk",
            "youth_informed": "yes",
            "parents_informed": "yes",
            "shared_by": WORKER.name,
            "shared_by_organisation": YOUTH_WORK.name,
        },
    ).record
    [row] = Shares(session).for_signal(signal.id)
    assert row.incoming and row.active and row.share.shared_by == WORKER.name
    with pytest.raises(ChangeRefused):
        Shares(session).withdraw(received.id, "Niet nodig")
