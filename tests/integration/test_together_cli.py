"""The working-together commands (involve, share, consent, shares, notices, tasks, handover(s),
meeting) on a real vault. Most run in this process through the real parser and the same
command runner ``veldwerk`` uses (``cli.run_command``: errors printed, exit code 1); a few run
as a real process, as a person would."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.session import Session
from tests.conftest import PASSPHRASE
from tests.integration.test_cli import veldwerk
from tests.integration.together import (
    BOA,
    COORDINATOR,
    REGISSEUR,
    WORKER,
    add_youth,
    record_signal,
    with_directory,
)
from veldwerk_core.models import Consent, Handover, Involvement, Share, Task
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.models.meeting import Decision, MeetingItem
from veldwerk_core.models.signal import LegalBasis

ID = re.compile(r"Kenmerk: ([0-9a-f-]{36})")
Run = Callable[..., tuple[int, str, str]]


def vault(root: Path, me: object = WORKER) -> tuple[DataDir, dict[str, str]]:
    """A locked vault of ``me`` with the directory, a youth of 14 and a signal about them."""
    data_dir = DataDir(root)
    session = sessions.create(
        data_dir,
        Secret(PASSPHRASE),
        Profile(name="-", role=Role.YOUTH_WORKER),
        check_strength=False,
    )
    try:
        with_directory(session, me=me)  # type: ignore[arg-type]
        youth = add_youth(session, "Daan", age=14)
        signal = record_signal(session, youth)
        return data_dir, {"youth": str(youth.id), "signal": str(signal.id)}
    finally:
        session.lock()


def opened(data_dir: DataDir) -> Session:
    return sessions.unlock(data_dir, Secret(PASSPHRASE))


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.setenv(cli.PASSPHRASE_ENV, PASSPHRASE)

    def command(data_dir: DataDir, *argv: str) -> tuple[int, str, str]:
        args = cli._parser().parse_args(["--data-dir", str(data_dir.root), *argv])
        code = cli.run_command(data_dir, args)
        out, err = capsys.readouterr()
        return code, out, err

    return command


def test_help_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, needles in (
        (["share", "--help"], [f"{b.value} ({b.label})" for b in LegalBasis]),
        (["meeting", "decide", "--help"], ["watch (Vinger aan de pols)", "meldcode"]),
        (["consent", "record", "--help"], ["parent (Ouder of verzorger)"]),
    ):
        with pytest.raises(SystemExit):
            cli.main(argv)
        text = " ".join(capsys.readouterr().out.split())
        for needle in needles:
            assert needle in text, (argv, needle)


def test_involve_share_consent_handover_and_tasks(tmp_path: Path, run: Run) -> None:
    data_dir, ids = vault(tmp_path / "worker")
    youth, signal = ids["youth"], ids["signal"]
    since = (date.today() - timedelta(days=10)).strftime("%d-%m-%Y")

    code, out, _err = run(data_dir, "involve", youth, "--colleague", "Bram", "--since", since)
    assert code == 0 and BOA.name in out
    involvement = ID.search(out)
    assert involvement is not None
    code, out, _err = run(data_dir, "involve", youth, "--partner", "politie")
    assert code == 0 and "Politie Veldstad" in out
    code, _out, err = run(data_dir, "involve", youth, "--colleague", "veldstad")
    assert code == 1 and "--colleague" in err and "wees preciezer" in err
    code, out, _err = run(data_dir, "involvements", youth)
    assert BOA.phone in out and BOA.email in out and "Politie Veldstad" in out
    code, out, _err = run(data_dir, "involve", "--end", involvement.group(1))
    assert code == 0 and (date.today() - timedelta(days=1)).strftime("%d-%m-%Y") in out

    code, _out, err = run(data_dir, "share", signal, "--with", "Het Veldcollege", "--purpose", "x")
    assert code == 1
    assert "- --basis: Grondslag voor delen is verplicht." in err
    assert "- --purpose: Doel van delen is te kort" in err
    code, out, _err = run(
        data_dir,
        "share",
        signal,
        "--with",
        "veldcollege",
        "--basis",
        "covenant",
        "--purpose",
        "Verzuim samen aanpakken",
        "--informed-youth",
    )
    assert code == 0 and "Het Veldcollege" in out and "Convenant" in out
    assert "ouders niet zijn geïnformeerd" in out, (
        "14 years old: the parents' 'no' is said out loud"
    )
    shared = ID.search(out)
    assert shared is not None
    code, out, _err = run(data_dir, "shares", youth)
    assert "gedeeld met Het Veldcollege" in out and "actief" in out

    code, out, _err = run(
        data_dir,
        "consent",
        "record",
        youth,
        "--giver",
        "parent",
        "--name",
        "Fatima Visser",
        "--for",
        "Delen met de regisseur",
    )
    assert code == 0
    consent = ID.search(out)
    assert consent is not None
    code, out, _err = run(
        data_dir,
        "share",
        signal,
        "--with",
        "regisseur",
        "--basis",
        "consent",
        "--purpose",
        "Bespreken in het overleg",
        "--informed-youth",
        "--informed-parents",
        "--consent",
        consent.group(1),
    )
    assert code == 0 and "Gemeente Veldstad" in out
    code, _out, err = run(data_dir, "consent", "withdraw", consent.group(1), "--note", " ")
    assert code == 1 and "--note" in err
    code, out, _err = run(data_dir, "consent", "withdraw", consent.group(1), "--note", "Belde")
    assert code == 0
    code, out, _err = run(data_dir, "share", "--withdraw", shared.group(1), "--reason", "Fout")
    assert code == 0 and "ingetrokken" in out

    code, out, _err = run(
        data_dir, "handover", youth, "--to", "Fatma", "--note", "Zit op haar school"
    )
    assert code == 0 and COORDINATOR.name in out
    code, out, _err = run(data_dir, "handovers")
    assert "Door jou aangeboden" in out and "Aangeboden" in out

    due = (date.today() - timedelta(days=1)).strftime("%d-%m-%Y")
    code, out, _err = run(
        data_dir, "tasks", "--new", youth, "--title", "Moeder bellen", "--due", due
    )
    assert code == 0
    task = ID.search(out)
    assert task is not None
    code, out, _err = run(data_dir, "tasks")
    assert "Moeder bellen" in out and "te laat" in out and "Daan Visser (14)" in out
    assert run(data_dir, "tasks", "--done", task.group(1))[0] == 0
    assert "Geen open taken." in run(data_dir, "tasks")[1]
    assert "Geen meldingen." in run(data_dir, "notices")[1]
    code, _out, err = run(data_dir, "tasks", "--all")
    assert code == 1 and "regisseur" in err

    session = opened(data_dir)
    try:
        records = session.records
        assert len(records.select(Involvement)) == 2
        [made] = [s for s in records.select(Share) if s.withdrawn]
        assert made.withdrawal_reason == "Fout"
        [given] = records.select(Consent)
        assert given.withdrawn_on == date.today()
        [offered] = records.select(Handover)
        assert offered.to_user_id == COORDINATOR.user_id
        [done] = records.select(Task)
        assert done.done_on == date.today()
    finally:
        session.lock()


def test_a_meeting_from_the_command_line(tmp_path: Path, run: Run) -> None:
    data_dir, ids = vault(tmp_path / "regisseur", me=REGISSEUR)
    code, out, _err = run(
        data_dir,
        "meeting",
        "new",
        "--title",
        "Overleg Noord",
        "--date",
        date.today().strftime("%d-%m-%Y"),
        "--participant",
        "Sanne",
        "--participant",
        BOA.user_id,
    )
    assert code == 0
    meeting = ID.search(out)
    assert meeting is not None
    code, out, _err = run(data_dir, "meeting", "add", meeting.group(1), ids["youth"])
    assert code == 0 and "Daan Visser (14)" in out and WORKER.name in out
    item = re.search(r"^([0-9a-f-]{36})  Daan", out, re.MULTILINE)
    assert item is not None
    due = (date.today() + timedelta(days=7)).strftime("%d-%m-%Y")
    code, _out, err = run(
        data_dir, "meeting", "decide", item.group(1), "--task", "Gesprek", "--owner", "Bram"
    )
    assert code == 1 and "--owner en één --due" in err
    code, _out, err = run(
        data_dir,
        "meeting",
        "decide",
        item.group(1),
        "--task",
        "Gesprek",
        "--owner",
        "Niemand",
        "--due",
        due,
    )
    assert code == 1 and "--owner" in err
    code, out, _err = run(
        data_dir,
        "meeting",
        "decide",
        item.group(1),
        "--decision",
        "watch",
        "--picture",
        "Verzuim en laat op straat.",
        "--task",
        "Gesprek met de jongere",
        "--owner",
        "Sanne",
        "--due",
        due,
    )
    assert code == 0 and "Vinger aan de pols; 1 taken" in out
    assert run(data_dir, "meeting", "held", meeting.group(1))[0] == 0
    folder = tmp_path / "verslagen"
    folder.mkdir()
    code, out, _err = run(
        data_dir, "meeting", "export", meeting.group(1), "--output-dir", str(folder)
    )
    assert code == 0
    files = sorted(path.name for path in folder.iterdir())
    assert len(files) == 3 and all(name.startswith("overleg-") for name in files)
    full = next(path for path in folder.iterdir() if path.name.endswith("volledig.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(full).pages)
    assert "Verzuim en laat op straat." in text and "Gesprek met de jongere" in text
    code, out, _err = run(data_dir, "meeting", "list")
    assert "Overleg Noord" in out and "Gehouden" in out

    session = opened(data_dir)
    try:
        [agenda_item] = session.records.select(MeetingItem)
        assert agenda_item.decision is Decision.WATCH
        [task] = session.records.select(Task)
        assert (task.owner_id, task.meeting_item_id) == (WORKER.user_id, agenda_item.id)
    finally:
        session.lock()


def test_as_a_process_errors_exit_non_zero_and_the_agenda_needs_the_server(
    tmp_path: Path,
) -> None:
    data_dir, ids = vault(tmp_path / "regisseur", me=REGISSEUR)
    root = str(data_dir.root)
    made = veldwerk(
        "--data-dir", root, "meeting", "new", "--title", "Overleg", "--date", "1-2-2026"
    )
    assert made.returncode == 0, made.stderr
    meeting = ID.search(made.stdout)
    assert meeting is not None
    offline = veldwerk("--data-dir", root, "meeting", "agenda", meeting.group(1))
    assert offline.returncode == 1 and "Traceback" not in offline.stderr
    assert "niet bereikbaar" in offline.stderr and "zelf op de agenda" in offline.stderr
    bad = veldwerk("--data-dir", root, "share", "geen-kenmerk", "--with", "x")
    assert bad.returncode == 1 and "SIGNAAL_ID is geen geldig kenmerk" in bad.stderr
