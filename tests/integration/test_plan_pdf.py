"""Both printed plans, read back with pypdf: sections, version, signatures, rules, audit."""

from __future__ import annotations

import base64
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.models.plain_language import (
    ABBREVIATIONS,
    ACRONYMS,
    MAX_WORDS,
    problems,
    sentences,
    words,
)
from desktop.paths import DataDir
from desktop.reports.easy_read import QUESTIONS, easy_read_sections
from desktop.services.demo_trajectories import add_trajectory
from desktop.services.plans import Plans
from desktop.services.session import Session
from desktop.services.trajectories import Trajectories
from desktop.services.youths import Youths
from tests.integration.test_cli import veldwerk
from veldwerk_core.i18n import set_language
from veldwerk_core.models.trajectory import Trajectory


def png_signature() -> str:
    """A real PNG, as the signature pad makes (drawn here without Qt)."""
    import struct
    import zlib

    width, height = 60, 20
    rows = b"".join(b"\x00" + b"\x00\x00\x00\xff" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(data).decode()


def text_of(data: bytes) -> tuple[str, int]:
    """The text with lines wrapped in a cell or paragraph joined again; and the page count."""
    reader = PdfReader(io.BytesIO(data))
    lines: list[str] = []
    for page in reader.pages:
        for line in page.extract_text().splitlines():
            line = line.strip()
            if lines and line[:1].islower() and not re.search(r"[.!?:]$", lines[-1]):
                lines[-1] += " " + line
            elif line:
                lines.append(line)
    return "\n".join(lines), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def plan(session: Session) -> Trajectory:
    today = date.today()  # day capped at 28: a test run on 29 February must not fail
    born = date(today.year - 15, today.month, min(today.day, 28)) + timedelta(days=20)
    youth = Youths(session).create(
        {"first_name": "Zoë", "last_name": "IJzerman", "date_of_birth": born}
    )
    return add_trajectory(session, youth)


def sign(session: Session, trajectory: Trajectory) -> None:
    Plans(session).sign(
        trajectory.id,
        [
            {
                "signer": "youth",
                "name": "Zoë IJzerman",
                "signed_on": date.today(),
                "method": "drawn",
                "image_png": png_signature(),
            },
            {
                "signer": "parent",
                "name": "Fatima IJzerman",
                "signed_on": date.today(),
                "method": "paper",
            },
            {
                "signer": "coach",
                "name": "Sanne de Boer",
                "signed_on": date.today(),
                "method": "paper",
            },
        ],
    )


def used_fonts(data: bytes) -> set[str]:
    """Fonts the pages draw text with (not merely list)."""
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        used = set(re.findall(rb"(/F[\w+]+) [\d.]+ Tf", page.get_contents().get_data()))
        table = page["/Resources"]["/Font"]
        fonts |= {str(table[name.decode()].get_object()["/BaseFont"]) for name in used}
    return fonts


def test_professional_plan_has_every_section_version_and_signature_blocks(
    session: Session, plan: Trajectory
) -> None:
    draft, pages = text_of(Plans(session).render(plan.id))
    for heading in (
        "Coachingsplan",
        "1. Hulpvraag in eigen woorden",
        "2. Doelen per leefgebied",
        "3. Afspraken per partij",
        "4. Steun in ruil",
        "5. Mijn netwerk",
        "6. Veiligheidsafspraken en grenzen",
        "7. Evaluatie",
        "8. Ondertekening",
    ):
        assert heading in draft, heading
    assert "Zoë IJzerman" in draft, "Dutch letters survive (embedded font)"
    assert "Versie 1 (concept, niet ondertekend)" in draft
    assert f"Pagina {pages} van {pages}" in draft and pages >= 2
    assert draft.count("Datum: ______________") == 3, "empty blocks: youth, parent (<16), coach"
    assert "Ik ga elke schooldag om half negen naar school." in flat(draft)
    assert "Schuldhulp gemeente" in draft and "Oom Ricardo" in draft

    sign(session, plan)
    signed, _pages = text_of(Plans(session).render(plan.id))
    today = date.today().strftime("%d-%m-%Y")
    assert f"Versie 1, ondertekend op {today}" in flat(signed)
    assert f"Getekend op het scherm op {today}" in flat(signed)
    assert flat(signed).count(f"Ondertekend op papier op {today}") == 2
    rendered = Plans(session).render(plan.id)
    assert all("DejaVuSans" in font for font in used_fonts(rendered))
    reader = PdfReader(io.BytesIO(rendered))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1, "the drawn signature is in the PDF"


def test_a_signed_version_prints_as_signed_after_the_plan_changed(
    session: Session, plan: Trajectory
) -> None:
    sign(session, plan)
    detail = Trajectories(session).open(plan.id)
    goals = [g.dump() for g in detail.goals]
    goals[0]["what"] = "Ik haal mijn diploma op het mbo."
    Trajectories(session).save_plan(
        plan.id, {"goals": goals, "agreements": [a.dump() for a in detail.agreements]}
    )
    first, _pages = text_of(Plans(session).render(plan.id, 1))
    second, _pages = text_of(Plans(session).render(plan.id))
    assert "Ik ga elke schooldag naar school." in flat(first)
    assert "diploma op het mbo" not in flat(first)
    assert "Versie 1, ondertekend op" in first
    assert "diploma op het mbo" in flat(second) and "Versie 2 (concept, niet ondertekend)" in second


def test_easy_read_plan_follows_the_b1_rules(session: Session, plan: Trajectory) -> None:
    sign(session, plan)
    data = Plans(session).render(plan.id, easy_read=True)
    text, pages = text_of(data)
    assert pages >= 3
    too_long = [s for s in sentences(text) if len(words(s)) > MAX_WORDS]
    assert not too_long, too_long
    document = Plans(session).document(plan.id)
    for section in easy_read_sections(document):
        for line in section.lines:
            assert all(len(words(s)) <= MAX_WORDS for s in sentences(line.text)), line
            assert not problems(line.text), line
    lowered = f" {text.lower()} "
    for abbreviation in ABBREVIATIONS:
        assert not re.search(r"(?<![\w.])" + re.escape(abbreviation) + r"(?!\w)", lowered), (
            abbreviation
        )
    assert not [word for word in re.findall(r"\b[A-Z]{2,5}\b", text) if word in ACRONYMS]
    goals = Trajectories(session).open(plan.id).goals
    assert len(goals) == 4
    for question in QUESTIONS:
        assert text.count(question) == len(goals), question
    for heading in (
        "Mijn plan",
        "Mijn doelen",
        "Wat krijg ik terug?",
        "Mijn netwerk",
        "Veilig blijven",
        "Wanneer praten we over mijn plan?",
        "Handtekeningen",
    ):
        assert heading in flat(text), heading
    assert "Ik ben Zoë." in text
    assert "Mijn ouder of verzorger" in text, "under 16: the parent's signature block"
    assert f"bladzijde {pages} van {pages}" in text and "versie 1" in text
    fonts = used_fonts(data)
    assert fonts and all("DejaVuSans" in font for font in fonts), fonts


def test_export_writes_only_the_chosen_file_and_is_audited(
    session: Session, plan: Trajectory, tmp_path: Path
) -> None:
    folder = tmp_path / "gekozen"
    folder.mkdir()
    target = folder / "plan.pdf"
    target.write_bytes(b"oude versie")
    Plans(session).export(plan.id, target, easy_read=True)
    assert PdfReader(target).pages
    assert sorted(p.name for p in folder.iterdir()) == ["plan.pdf"], "no partial file left"
    Plans(session).record_print(plan.id)
    rows = session.vault.query(
        "SELECT action, data FROM audit WHERE action IN ('export', 'print') ORDER BY seq"
    )
    assert [row["action"] for row in rows] == ["export", "print"]
    assert "makkelijke taal" in rows[0]["data"] and str(plan.youth_id) in rows[0]["data"]

    missing = tmp_path / "bestaat-niet" / "plan.pdf"
    with pytest.raises(FileNotFoundError):
        Plans(session).export(plan.id, missing)
    assert len(session.vault.query("SELECT seq FROM audit WHERE action = 'export'")) == 1, (
        "a failed export is not logged as done"
    )


def test_a_failed_write_leaves_no_partial_file_and_no_audit_entry(
    session: Session, plan: Trajectory, tmp_path: Path
) -> None:
    folder = tmp_path / "gekozen"
    folder.mkdir()
    in_the_way = folder / "plan.pdf"
    in_the_way.mkdir()  # renaming the finished file onto it fails at the very last step
    (in_the_way / "iets").write_text("bezet")
    with pytest.raises(OSError):
        Plans(session).export(plan.id, in_the_way)
    assert [p.name for p in folder.iterdir()] == ["plan.pdf"], "the partial file is gone"
    assert not session.vault.query("SELECT seq FROM audit WHERE action = 'export'")


def test_cli_exports_the_easy_read_plan(
    session: Session, plan: Trajectory, data_dir: DataDir, tmp_path: Path
) -> None:
    session.lock()
    output = tmp_path / "plan.pdf"
    root = str(data_dir.root)
    result = veldwerk(
        "--data-dir", root, "plan", "export", str(plan.id), "--easy-read", "-o", str(output)
    )
    assert result.returncode == 0, result.stderr
    text, _pages = text_of(output.read_bytes())
    assert "Wat ga ik doen?" in text and "Ik ben Zoë." in text
    wrong = veldwerk("--data-dir", root, "plan", "export", "geen-kenmerk", "-o", str(output))
    assert wrong.returncode == 1 and "geen geldig kenmerk" in wrong.stderr
    unknown = veldwerk("--data-dir", root, "plan", "export", str(plan.youth_id), "-o", str(output))
    assert unknown.returncode == 1 and "bestaat niet" in unknown.stderr


def test_professional_plan_follows_the_app_language(session: Session, plan: Trajectory) -> None:
    set_language("en")
    text, pages = text_of(Plans(session).render(plan.id))
    assert "Coaching plan" in text and "2. Goals per life domain" in text
    assert f"Page 1 of {pages}" in text
    easy, _pages = text_of(Plans(session).render(plan.id, easy_read=True))
    assert "Wat ga ik doen?" in easy, "the easy-read plan is Dutch by design"


@pytest.mark.parametrize("goals", [2, 4, 5])
def test_every_agreement_of_every_party_is_in_both_versions(session: Session, goals: int) -> None:
    """Issue 13, 6: the easy-read plan left out what the parent and the school promised."""
    from desktop.reports.easy_read import PARTY_QUESTION, sentence
    from veldwerk_core.models.trajectory import Party

    youth = Youths(session).create(
        {"first_name": "Daan", "last_name": "Visser", "date_of_birth": "05-05-2011"}
    )
    plan = add_trajectory(session, youth, goals=goals)
    document = Plans(session).document(plan.id)
    content = document.content
    professional = flat(text_of(Plans(session).render(plan.id))[0])
    easy = flat(text_of(Plans(session).render(plan.id, easy_read=True))[0])
    lines = [
        (section.title, line.kind, line.text)
        for section in easy_read_sections(document)
        for line in section.lines
    ]
    assert content.agreements
    for agreement in content.agreements:
        assert agreement.what in professional and agreement.who in professional
        assert sentence(agreement.what) in easy, agreement.what
        index = next(
            i for i, line in enumerate(lines) if line[1:] == ("item", sentence(agreement.what))
        )
        asked = next(text for _t, kind, text in reversed(lines[:index]) if kind == "question")
        if agreement.is_support:
            assert lines[index][0] == "Wat krijg ik terug?"
            assert lines[index + 1][2].startswith(agreement.who)
        elif agreement.party is Party.YOUTH:
            assert asked in ("Wat ga ik doen?", PARTY_QUESTION[Party.YOUTH])
        else:
            assert asked == PARTY_QUESTION[agreement.party], agreement.what
            assert lines[index + 1][2].startswith(agreement.who), agreement.what


def test_typed_text_keeps_its_meaning_and_jargon_is_explained(
    session: Session, plan: Trajectory
) -> None:
    """Issue 13, 7: "i.o.m." was printed as "samen met", jargon reached the youth unexplained."""
    from desktop.models.plain_language import JARGON
    from desktop.reports.easy_read import sentence

    assert sentence("Ik bel i.o.m. mijn moeder de school.") == (
        "Ik bel i.o.m. mijn moeder de school."
    ), "an abbreviation that can mean more than one thing is not guessed"
    detail = Trajectories(session).open(plan.id)
    goals = [g.dump() for g in detail.goals]
    goals[0]["how_measured"] = "Geen ongeoorloofd verzuim meer, de leerplicht is tevreden."
    agreements = [a.dump() for a in detail.agreements]
    agreements[0]["what"] = "Ik betaal de contributie van de boksschool."
    Trajectories(session).save_plan(
        plan.id,
        {
            "trajectory": {"help_request": "Na de evaluatie kijken we verder."},
            "goals": goals,
            "agreements": agreements,
        },
    )
    sections = easy_read_sections(Plans(session).document(plan.id))
    (words_list,) = [s for s in sections if s.title == "Moeilijke woorden"]
    explained = [line.text for line in words_list.lines]
    for term in ("ongeoorloofd verzuim", "leerplicht", "evaluatie", "contributie"):
        assert JARGON[term] in explained, term
    assert sections[-1].title == "Handtekeningen", "the word list comes before signing"
    text, _pages = text_of(Plans(session).render(plan.id, easy_read=True))
    assert "Moeilijke woorden" in text and JARGON["contributie"] in flat(text)
