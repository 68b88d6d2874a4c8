"""Merging two registrations of one youth (issue 15, 3) through the services and the real sync
engine against the real server (PostgreSQL): two registrations made on two devices become one
on every device, the records keep their provenance, and the merged id leads to the kept youth
- also for what a device made offline before it knew of the merge."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.services.merges import Merges, NotLinked
from desktop.services.signals import Signals
from desktop.store import merges
from desktop.store.records import RecordStore
from tests.sync.support import enrolled
from veldwerk_core.models import Signal, Youth, YouthMerge
from veldwerk_core.models.errors import RecordInvalid

REASON = "Zelfde naam en geboortedatum; moeder bevestigt"


def signal_about(desk: Any, youth: uuid.UUID, text: str) -> Signal:
    data = {
        "occurred_at": datetime.now(UTC) - timedelta(hours=1),
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "straat",
        "category": "overlast",
        "description": text,
        "youth_ids": [str(youth)],
        "severity": "low",
        "legal_basis": "legal_task",
    }
    recorded: Signal = Signals(desk.session).record(data).signal
    return recorded


def test_two_registrations_become_one_on_every_device(server: Any, desks: Any) -> None:
    worker, boa, regisseur = enrolled(server, desks, "youth_worker", "boa", "regisseur")
    kept = worker.add_youth("Noah", wijk="Noord")
    kept_signal = signal_about(worker, kept.id, "Gezien bij de skatebaan met oudere jongens.")
    merged = boa.add_youth("Noah", school="Het Veldcollege")
    boa_signal = signal_about(boa, merged.id, "Spijbelt en hangt rond bij het station.")
    for desk in (worker, boa, regisseur):
        desk.sync(server, check=False)
    # Offline, before the boa knows of the merge: one more signal about their registration.
    late = signal_about(boa, merged.id, "Opnieuw bij het station, nu met een scooter.")

    asked = Merges(regisseur.session).request(kept.id, merged.id, REASON)
    [pending] = Merges(regisseur.session).explain(kept.id)
    told = " ".join(pending.lines)
    assert not asked.carried_out and "volgende synchronisatie" in told and "gaat op in" in told
    regisseur.sync(server, check=False)
    for desk in (boa, worker, regisseur, boa):
        desk.sync(server, check=False)

    for desk in (worker, boa, regisseur):
        assert str(merged.id) not in desk.ids("youth")
        assert desk.youths().open(merged.id).id == kept.id  # the merged id leads to the kept one
        [merge] = Merges(desk.session).of_youth(kept.id)
        assert merge.carried_out and merge.merged_id == merged.id and merge.reason == REASON
    # The boa keeps the youth they registered, with every signal of theirs - the one made
    # offline too - now about the kept youth; the school came along as a field it lacked.
    store: RecordStore = boa.session.records
    for signal in (boa_signal, late):
        found = store.get(Signal, signal.id)
        assert found is not None and found.youth_ids == [kept.id]
    youth = store.get(Youth, kept.id)
    assert youth is not None and youth.school == "Het Veldcollege" and youth.wijk == "Noord"
    # The worker's signal stays theirs (signals stay within an organisation).
    assert str(boa_signal.id) not in worker.ids("signal")
    assert str(kept_signal.id) in worker.ids("signal")
    # Provenance: what came from the merged registration, who registered it, who merged.
    [merge] = Merges(boa.session).of_youth(kept.id)
    assert (Signal.kind, boa_signal.id) in {(m.kind, m.id) for m in merge.moved}
    assert (merge.registered_by, merge.merged_by) == ("Boa", "Regisseur")
    [told] = Merges(worker.session).explain(kept.id)
    text = " ".join(told.lines)
    assert REASON in text and "Regisseur" in text and "Boa" in text and "School" in text


def test_what_waits_on_a_device_follows_the_merge(desks: Any) -> None:
    """A change still in the outbox and a draft naming the merged youth name the kept youth
    once the device learns of the merge (before it could send them)."""
    desk = desks("alone")
    kept = desk.add_youth("Mila")
    merged = desk.add_youth("Mila", wijk="Zuid")
    waiting = signal_about(desk, merged.id, "Bij de snackbar, rustig gesprek.")
    vault = desk.session.vault
    with vault.transaction():
        vault.execute(
            "INSERT INTO draft (key, form, data, updated_at) VALUES (?, 'signal', ?, '')",
            (f"signal:{merged.id}", json.dumps({"youth_ids": [str(merged.id)]})),
        )
        merges.follow(vault, str(merged.id), str(kept.id))
    stored = desk.session.records.get(Signal, waiting.id)
    assert stored is not None and stored.youth_ids == [kept.id]
    [fields] = [
        json.loads(row[0])
        for row in vault.execute(
            "SELECT fields FROM outbox WHERE record_id = ?", (str(waiting.id),)
        )
    ]
    assert fields["youth_ids"] == [str(kept.id)]
    [(key, data)] = vault.execute("SELECT key, data FROM draft").fetchall()
    assert str(merged.id) not in key + data and str(kept.id) in key
    # The youth search finds the signal under the kept youth.
    assert str(waiting.id) in {
        row[0]
        for row in vault.execute(
            "SELECT signal_id FROM signal_youth WHERE youth_id = ?", (str(kept.id),)
        )
    }


def test_a_standalone_vault_cannot_merge_and_bad_requests_name_the_field(
    server: Any, desks: Any
) -> None:
    alone = desks("alone")
    one, two = alone.add_youth("Sem"), alone.add_youth("Sem")
    with pytest.raises(NotLinked):
        Merges(alone.session).request(one.id, two.id, REASON)
    [regisseur] = enrolled(server, desks, "regisseur")
    youth = regisseur.add_youth("Sem")
    other = regisseur.add_youth("Sem", wijk="Zuid")
    service = Merges(regisseur.session)
    with pytest.raises(RecordInvalid) as same:
        service.request(youth.id, youth.id, REASON)
    assert same.value.errors[0].field == "merged_id"
    with pytest.raises(RecordInvalid) as empty:
        service.request(youth.id, other.id, "  ")
    assert empty.value.errors[0].field == "reason"
    service.request(youth.id, other.id, REASON)
    with pytest.raises(RecordInvalid) as twice:
        service.request(youth.id, other.id, REASON)
    assert twice.value.errors[0].field == "merged_id"
    assert regisseur.session.records.count(YouthMerge) == 1


def test_merging_from_the_command_line(
    server: Any, desks: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli
    from tests.conftest import PASSPHRASE

    [regisseur] = enrolled(server, desks, "regisseur")
    kept, merged = regisseur.add_youth("Luuk"), regisseur.add_youth("Luuk", wijk="Oost")
    regisseur.close()
    monkeypatch.setenv(cli.PASSPHRASE_ENV, PASSPHRASE)

    def run(*argv: str) -> tuple[int, str, str]:
        args = cli._parser().parse_args(["--data-dir", str(regisseur.data_dir.root), *argv])
        code = cli.run_command(regisseur.data_dir, args)
        out, err = capsys.readouterr()
        return code, out, err

    code, _out, err = run("merge", str(kept.id), str(merged.id), "--reason", " ")
    assert code == 1 and "--reason" in err
    code, out, _err = run("merge", str(kept.id), str(merged.id), "--reason", REASON)
    assert code == 0 and "Kenmerk" in out
    regisseur.reopen()
    regisseur.sync(server, check=False)
    regisseur.close()
    code, out, _err = run("merges", str(merged.id))
    assert code == 0
    assert f"opgegaan in jongere {kept.id}" in out and REASON in out and "Wijk" in out
