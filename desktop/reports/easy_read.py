"""The easy-read plan as text: B1 Dutch written from the youth's side ("ik", "mijn coach").

Every template sentence here has at most 15 words, one idea, no abbreviations and active
voice. Text people typed is inserted as its own sentences, with abbreviations that mean one
thing written out (``plain_language.expand_abbreviations``); the editor warns when typed text
is too long or holds an abbreviation only the coach can write out. Every agreement of every
party is in it - the youth signs what the others promised too -, under its goal or under
"Onze afspraken". Words from the professional world get a plain explanation in a word list
at the end ("Moeilijke woorden"). This text is Dutch by design: the plan is for the Dutch
youth, whatever the app language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.models.plain_language import JARGON, expand_abbreviations, jargon_in
from desktop.reports.document import PlanDocument
from desktop.reports.pdf_base import long_date
from veldwerk_core.models.plan import PlanAgreement, PlanContent, PlanGoal
from veldwerk_core.models.trajectory import Party, SignerRole

NUMBERS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien")
QUESTIONS = ("Wat ga ik doen?", "Wie helpt mij?", "Wanneer?")

HELPER = {
    Party.COACH: "{who}, mijn coach.",
    Party.PARENT: "{who}, mijn ouder of verzorger.",
    Party.SCHOOL: "{who}, van school.",
    Party.EMPLOYER: "{who}, mijn baas.",
    Party.NETWORK: "{who}, uit mijn netwerk.",
    Party.MUNICIPALITY: "{who}, van de gemeente.",
}
PARTY_QUESTION = {
    Party.YOUTH: "Wat doe ik?",
    Party.COACH: "Wat doet mijn coach?",
    Party.PARENT: "Wat doet mijn ouder of verzorger?",
    Party.SCHOOL: "Wat doet school?",
    Party.EMPLOYER: "Wat doet mijn baas?",
    Party.NETWORK: "Wat doet mijn netwerk?",
    Party.MUNICIPALITY: "Wat doet de gemeente?",
}
SIGNER = {
    SignerRole.YOUTH: "Ik",
    SignerRole.PARENT: "Mijn ouder of verzorger",
    SignerRole.COACH: "Mijn coach",
}


@dataclass(frozen=True)
class Line:
    kind: str
    """``text``, ``question`` (bold), ``item`` (bullet) or ``subitem``."""
    text: str


@dataclass
class Section:
    title: str
    icon: str
    lines: list[Line] = field(default_factory=list)
    level: int = 1
    """1: a part of the plan; 2: one goal inside "Mijn doelen"."""

    def add(self, kind: str, *texts: str) -> None:
        self.lines += [Line(kind, text) for text in texts if text]


def sentence(text: str) -> str:
    """Typed text as sentences: abbreviations written out, capital first, full stop last."""
    plain = " ".join(expand_abbreviations(text).split())
    if not plain:
        return ""
    plain = plain[0].upper() + plain[1:]
    return plain if plain[-1] in ".!?:" else plain + "."


def lines_of(text: str) -> list[str]:
    return [sentence(part) for part in text.splitlines() if part.strip()]


def count(number: int, one: str, many: str) -> str:
    word = NUMBERS[number] if number < len(NUMBERS) else str(number)
    return f"{word} {one if number == 1 else many}"


def _intro(document: PlanDocument) -> Section:
    content = document.content
    section = Section("Mijn plan", "help")
    section.add(
        "text",
        f"Ik ben {content.youth_first_name}.",
        "Dit is mijn plan.",
        f"Mijn coach is {content.coach}.",
        "We maken dit plan samen.",
        f"Het plan begint op {long_date(content.start)}.",
    )
    if content.planned_end:
        section.add("text", f"Het plan loopt tot {long_date(content.planned_end)}.")
    section.add("text", "In dit plan staan mijn doelen en onze afspraken.")
    return section


def _help(content: PlanContent) -> Section:
    section = Section("Waar wil ik hulp bij?", "help")
    if content.help_request:
        section.add("text", "Dit zeg ik er zelf over:")
        section.add("text", *lines_of(content.help_request))
    else:
        section.add("text", "Dit schrijven we nog samen op.")
    return section


def _helpers(content: PlanContent, linked: list[PlanAgreement]) -> list[str]:
    helpers = [HELPER[Party.COACH].format(who=content.coach)]
    for agreement in linked:
        if agreement.party is Party.YOUTH:
            continue
        text = HELPER[agreement.party].format(who=agreement.who)
        if text not in helpers:
            helpers.append(text)
    return helpers


def _goal(content: PlanContent, goal: PlanGoal) -> Section:
    section = Section(goal.life_domain_label, goal.life_domain, level=2)
    linked = [a for a in content.commitments if a.goal_id == goal.id]
    section.add("question", "Mijn doel:")
    section.add("text", sentence(goal.what))
    section.add("question", QUESTIONS[0])
    mine = [a for a in linked if a.party is Party.YOUTH]
    if mine:
        for agreement in mine:
            section.add("item", sentence(agreement.what))
            if agreement.due:
                section.add("subitem", _by(agreement, "Ik", "doe"))
    else:
        section.add("text", "Dat spreken we nog samen af.")
    section.add("question", QUESTIONS[1])
    section.add("item", *_helpers(content, linked))
    for party in Party:
        promised = [a for a in linked if a.party is party and party is not Party.YOUTH]
        if promised:
            section.add("question", PARTY_QUESTION[party])
            for agreement in promised:
                section.add("item", sentence(agreement.what))
                section.add("subitem", _by(agreement, agreement.who, "doet"))
    section.add("question", QUESTIONS[2])
    if goal.by_when:
        section.add("text", f"Ik wil dit doel halen voor {long_date(goal.by_when)}.")
    else:
        section.add("text", "Dat spreken we nog samen af.")
    if goal.how_measured:
        section.add("question", "Hoe zie ik dat het lukt?")
        section.add("text", *lines_of(goal.how_measured))
    return section


def _by(agreement: PlanAgreement, subject: str, verb: str) -> str:
    """``Ik doe dit voor 3 maart 2026.`` / ``Sanne regelt dit.``"""
    when = f" voor {long_date(agreement.due)}" if agreement.due else ""
    return f"{subject} {verb} dit{when}."


def _other_agreements(content: PlanContent) -> Section | None:
    loose = [a for a in content.commitments if a.goal_id is None or content.goal(a.goal_id) is None]
    if not loose:
        return None
    section = Section("Onze afspraken", "agreements")
    section.add("text", "Dit spreken we met elkaar af.")
    for party in Party:
        items = [a for a in loose if a.party is party]
        if not items:
            continue
        section.add("question", PARTY_QUESTION[party])
        for agreement in items:
            section.add("item", sentence(agreement.what))
            if party is Party.YOUTH:
                if agreement.due:
                    section.add("subitem", _by(agreement, "Ik", "doe"))
            else:
                section.add("subitem", _by(agreement, agreement.who, "doet"))
    return section


def _support(content: PlanContent) -> Section | None:
    if not content.support:
        return None
    section = Section("Wat krijg ik terug?", "support")
    section.add("text", "Ik houd me aan mijn afspraken.", "Dan krijg ik ook hulp terug.")
    for support in content.support:
        section.add("item", sentence(support.what))
        section.add("subitem", _by(support, support.who, "regelt"))
        depends = [content.agreement(other) for other in support.depends_on]
        if any(depends):
            section.add("subitem", "Dit hoort bij deze afspraak:")
            for agreement in depends:
                if agreement is not None:
                    section.add("subitem", sentence(agreement.what))
    return section


def _network(content: PlanContent) -> Section:
    section = Section("Mijn netwerk", "network")
    if not content.network:
        section.add("text", "Wie mij helpt, schrijven we nog samen op.")
        return section
    section.add("text", "Deze mensen helpen mij als het moeilijk is.")
    for person in content.network:
        relation = f", {person.relation}" if person.relation else ""
        section.add("item", sentence(f"{person.name}{relation}"))
        if person.phone:
            section.add("subitem", f"Telefoon: {person.phone}")
    return section


def _safety(content: PlanContent) -> Section | None:
    if not content.safety_agreements:
        return None
    section = Section("Veilig blijven", "safety")
    section.add("text", "Deze afspraken houden mij veilig.")
    section.add("item", *lines_of(content.safety_agreements))
    return section


def _evaluations(content: PlanContent) -> Section:
    section = Section("Wanneer praten we over mijn plan?", "evaluation")
    section.add("text", "We kijken samen hoe het gaat.")
    if content.evaluation_dates:
        section.add("text", "Dat doen we op deze dagen:")
        section.add(
            "item", *(f"{long_date(day, weekday=True)}." for day in content.evaluation_dates)
        )
    else:
        section.add("text", "Die dagen spreken we nog af.")
    return section


def _signing(document: PlanDocument) -> Section:
    section = Section("Handtekeningen", "signature")
    section.add(
        "text", "We hebben dit plan samen gemaakt.", "We zetten er onze handtekening onder."
    )
    if document.signed_on is not None:
        section.add("text", f"We tekenden op {long_date(document.signed_on)}.")
    return section


def _word_list(parts: list[Section]) -> Section | None:
    """The professional words the plan uses, each explained in plain words."""
    text = "\n".join(line.text for part in parts for line in part.lines)
    used = jargon_in(text)
    if not used:
        return None
    section = Section("Moeilijke woorden", "help")
    section.add("text", "Deze woorden staan in mijn plan. Dit betekenen ze.")
    for term in used:
        section.add("question", f"{term[0].upper()}{term[1:]}:")
        section.add("text", JARGON[term])
    return section


def easy_read_sections(document: PlanDocument) -> list[Section]:
    """The easy-read plan, section by section, ready to lay out."""
    content = document.content
    parts: list[Section | None] = [_intro(document), _help(content)]
    goals = Section("Mijn doelen", "goal")
    if content.goals:
        goals.add("text", f"Ik heb {count(len(content.goals), 'doel', 'doelen')}.")
        goals.add("text", "Bij elk doel staat wat ik ga doen.")
    else:
        goals.add("text", "Mijn doelen schrijven we nog samen op.")
    parts.append(goals)
    parts += [_goal(content, goal) for goal in content.goals]
    parts += [
        _other_agreements(content),
        _support(content),
        _network(content),
        _safety(content),
        _evaluations(content),
        _signing(document),
    ]
    shown = [part for part in parts if part is not None]
    words = _word_list(shown)
    return shown if words is None else [*shown[:-1], words, shown[-1]]


def footer_text(document: PlanDocument, page: int, pages: int) -> str:
    return (
        f"Mijn plan van {document.content.youth_first_name} · versie {document.version} · "
        f"bladzijde {page} van {pages}"
    )
