"""The regisseur's early-signalling meeting through the service, on a real vault: participants
from the directory, the agenda as the server proposes it, decisions with follow-up tasks in
one transaction, and the printed report - with the canary check that a participant's PDF holds
nothing about a youth they may not see."""

from __future__ import annotations

import io
import secrets
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.services.meetings import Decision, Meetings, PlannedTask, reason_text
from desktop.services.session import Session
from desktop.services.tasks import NotRegisseur, Tasks
from tests.integration.together import (
    BOA,
    COORDINATOR,
    REGISSEUR,
    WORKER,
    add_youth,
    with_directory,
)
from veldwerk_core.models import MeetingItem, Task
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import RecordInvalid
from veldwerk_core.models.meeting import MeetingStatus
from veldwerk_core.models.task import TaskOrigin
from veldwerk_core.protocol import AgendaItem

TODAY = date.today()


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def canary() -> str:
    return "Kanarie" + secrets.token_hex(5)


def test_only_a_regisseur_holds_meetings(session: Session) -> None:
    with_directory(session)
    with pytest.raises(NotRegisseur):
        Meetings(session)


def test_a_meeting_from_the_agenda_to_decisions_and_tasks(session: Session) -> None:
    with_directory(session, me=REGISSEUR)
    meetings = Meetings(session)
    with pytest.raises(RecordInvalid) as strangers:
        meetings.new("Overleg", TODAY, [WORKER.user_id, "onbekend"])
    assert {e.field for e in strangers.value.errors} == {"participants"}
    meeting = meetings.new("Vroegsignalering Noord", TODAY, [WORKER.user_id, BOA.user_id])
    assert [(p.name, p.organisation) for p in meeting.participants] == [
        (WORKER.name, WORKER.organisation),
        (BOA.name, BOA.organisation),
    ]
    one, two = add_youth(session, "Daan"), add_youth(session, "Lotte")
    agenda = [
        AgendaItem(youth_id=one.id, reasons=["follow_up"], signals=1, seen_by=[WORKER.user_id]),
        AgendaItem(
            youth_id=two.id,
            reasons=["combinatie_90_dagen"],
            signals=3,
            seen_by=[WORKER.user_id, BOA.user_id],
        ),
    ]
    items = meetings.add_agenda(meeting.id, agenda)
    assert [(i.youth_id, i.position) for i in items] == [(one.id, 0), (two.id, 1)]
    assert reason_text("follow_up") == "Bespreken in vroegsignaleringsoverleg"
    assert reason_text("combinatie_90_dagen") == "Combinatie van signalen"
    # Fetched again: the same youths are brought up to date, not added twice.
    again = meetings.add_agenda(
        meeting.id,
        [AgendaItem(youth_id=one.id, reasons=["follow_up"], signals=2, seen_by=[BOA.user_id])],
    )
    assert len(again) == 2 and again[0].seen_by == [BOA.user_id]
    by_hand = meetings.add_youth(meeting.id, add_youth(session, "Ilse").id)
    assert by_hand.position == 2 and by_hand.seen_by == []

    item = items[1]
    with pytest.raises(RecordInvalid) as bad:
        meetings.decide(
            item.id,
            picture="Drie signalen in een maand, school en straat.",
            decision=Decision.PERSON_APPROACH,
            tasks=[
                PlannedTask("Coachingstraject starten", WORKER.user_id, TODAY + timedelta(days=14)),
                PlannedTask("x", "", None),
            ],
        )
    fields = {e.field for e in bad.value.errors}
    assert {"tasks.1.owner_id"} <= fields, fields
    stored = session.records.get(MeetingItem, item.id)
    assert stored is not None and stored.decision is None, "one transaction: nothing kept"
    assert session.records.count(Task) == 0
    decided, tasks = meetings.decide(
        item.id,
        picture="Drie signalen in een maand, school en straat.",
        decision=Decision.PERSON_APPROACH,
        tasks=[
            PlannedTask("Coachingstraject starten", WORKER.user_id, TODAY + timedelta(days=14)),
            PlannedTask("Langs bij de hangplek", BOA.user_id, TODAY + timedelta(days=7)),
        ],
    )
    assert decided.decision is Decision.PERSON_APPROACH and decided.picture
    assert [(t.owner_id, t.origin, t.meeting_item_id) for t in tasks] == [
        (WORKER.user_id, TaskOrigin.MEETING, item.id),
        (BOA.user_id, TaskOrigin.MEETING, item.id),
    ]
    assert [t.id for t in Tasks(session).for_meeting_item(item.id)] == [tasks[1].id, tasks[0].id]
    changed = meetings.set_participants(meeting.id, [BOA.user_id, COORDINATOR.user_id])
    assert [p.user_id for p in changed.participants] == [BOA.user_id, COORDINATOR.user_id]
    held = meetings.mark_held(meeting.id, notes="Volgende keer over zes weken.")
    assert held.status is MeetingStatus.HELD
    assert [m.id for m in meetings.all()] == [meeting.id]


def test_each_participant_s_pdf_holds_only_the_youths_they_may_see(
    session: Session, tmp_path: Path
) -> None:
    with_directory(session, me=REGISSEUR)
    meetings = Meetings(session)
    meeting = meetings.new(
        "Overleg december", TODAY, [WORKER.user_id, BOA.user_id, COORDINATOR.user_id]
    )
    shared_name, hidden_name = canary(), canary()
    shared = add_youth(session, shared_name)
    hidden = add_youth(session, hidden_name)
    by_hand = add_youth(session, canary())
    meetings.add_agenda(
        meeting.id,
        [
            AgendaItem(
                youth_id=shared.id,
                reasons=["follow_up"],
                signals=1,
                seen_by=[WORKER.user_id, BOA.user_id, COORDINATOR.user_id],
            ),
            AgendaItem(
                youth_id=hidden.id,
                reasons=["combinatie_90_dagen"],
                signals=3,
                seen_by=[BOA.user_id],
            ),
        ],
    )
    meetings.add_youth(meeting.id, by_hand.id)
    items = {i.youth_id: i for i in meetings.items(meeting.id)}
    shared_picture, hidden_picture, hidden_task, by_hand_picture = (
        canary(),
        canary(),
        canary(),
        canary(),
    )
    meetings.decide(
        items[shared.id].id,
        picture=f"Gezien op school. {shared_picture}",
        decision=Decision.WATCH,
        tasks=[PlannedTask("Gesprek op school", COORDINATOR.user_id, TODAY + timedelta(days=7))],
    )
    meetings.decide(
        items[hidden.id].id,
        picture=f"Vaak laat op straat. {hidden_picture}",
        decision=Decision.REFERRAL,
        tasks=[PlannedTask(f"Doorverwijzen {hidden_task}", BOA.user_id, TODAY + timedelta(days=3))],
    )
    meetings.decide(items[by_hand.id].id, picture=f"Zorgen thuis. {by_hand_picture}")
    hidden_texts = [hidden_name, hidden_picture, hidden_task, by_hand.first_name, by_hand_picture]

    full = text_of(meetings.render(meeting.id))
    for needle in [shared_name, shared_picture, *hidden_texts]:
        assert needle in full, "the regisseur's full version has everything"

    written = meetings.export(meeting.id, tmp_path)
    assert [w.path.name for w in written] == [
        f"overleg-{TODAY.isoformat()}-volledig.pdf",
        f"overleg-{TODAY.isoformat()}-deelnemer-01.pdf",
        f"overleg-{TODAY.isoformat()}-deelnemer-02.pdf",
        f"overleg-{TODAY.isoformat()}-deelnemer-03.pdf",
    ]
    names = " ".join(w.path.name for w in written).lower()
    words = [w for p in (WORKER, BOA, COORDINATOR, REGISSEUR) for w in p.name.split() if len(w) > 3]
    for needle in [*words, shared_name, *hidden_texts, "december"]:
        assert needle.lower() not in names, "no personal data (nor the title) in file names"
    texts = {w.reader.user_id if w.reader else None: text_of(w.path.read_bytes()) for w in written}
    assert set(texts) == {None, WORKER.user_id, BOA.user_id, COORDINATOR.user_id}
    for user in (WORKER.user_id, COORDINATOR.user_id):
        assert shared_name in texts[user] and shared_picture in texts[user]
        for needle in hidden_texts:
            assert needle not in texts[user], f"a canary reached participant {user}'s PDF"
    assert hidden_name in texts[BOA.user_id] and hidden_task in texts[BOA.user_id]
    assert by_hand_picture not in texts[BOA.user_id], "seen by nobody yet: only the full one"
    for text in texts.values():
        assert WORKER.name in text and BOA.name in text, "everyone gets the participants"

    exports = session.vault.query(
        "SELECT data FROM audit WHERE action = ? AND record_id = ?",
        (AuditAction.EXPORT.value, str(meeting.id)),
    )
    assert len(exports) == 4
    worker_export = [row for row in exports if str(hidden.id) not in row["data"]]
    assert len(worker_export) == 2, "the worker's and the school's files name only what they hold"
    assert all(str(uuid.UUID(str(shared.id))) in row["data"] for row in exports)
