"""Working together from the command line: the directory, involvements, handovers, consents,
shares, "wie doet wat" notices and tasks (``veldwerk involve``, ``share``, ``notices``...).

For scripts, tests and administrators; the app does the same from the youth's page. Every
command checks its arguments, then asks for the passphrase, then does one use case.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

from desktop.cli_args import choices, day, options_named, record_id, short, unlocked
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services.consents import ConsentGiver, Consents
from desktop.services.directory import Directory
from desktop.services.handovers import Handovers
from desktop.services.involvements import Involvements
from desktop.services.notices import Notices
from desktop.services.session import Session
from desktop.services.shares import Informed, LegalBasis, Shares
from desktop.services.tasks import Tasks
from desktop.services.youths import Youths
from veldwerk_core.i18n import _
from veldwerk_core.models import Handover, Involvement, Share, Task
from veldwerk_core.models.errors import VeldwerkError

Ask = Callable[[], Secret]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

INVOLVE_OPTIONS = {
    "professional_id": "--colleague",
    "organisation": "--partner",
    "since": "--since",
    "until": "--until",
    "role": "--role",
    "youth_id": "JONGERE_ID",
}
SHARE_OPTIONS = {
    "organisation_id": "--with",
    "legal_basis": "--basis",
    "purpose": "--purpose",
    "youth_informed": "--informed-youth",
    "parents_informed": "--informed-parents",
    "consent_id": "--consent",
    "until": "--until",
    "withdrawal_reason": "--reason",
    "signal_id": "SIGNAAL_ID",
}
CONSENT_OPTIONS = {
    "giver": "--giver",
    "given_by": "--name",
    "for_what": "--for",
    "given_on": "--on",
    "until": "--until",
    "withdrawal_note": "--note",
    "youth_id": "JONGERE_ID",
}
HANDOVER_OPTIONS = {
    "to_user_id": "--to",
    "note": "--note",
    "trajectory_id": "--trajectory",
    "youth_id": "JONGERE_ID",
}
TASK_OPTIONS = {"title": "--title", "due": "--due", "owner_id": "--owner", "youth_id": "--new"}


def add_parsers(commands: Commands) -> None:
    found = commands.add_parser(
        "colleagues", help=_("het adresboek: collega's, partners en organisaties")
    )
    found.add_argument("search", nargs="?", default="", metavar=_("ZOEK"))
    found.add_argument(
        "--partners", action="store_true", help=_("partnerorganisaties zonder account")
    )
    found.add_argument(
        "--organisations", action="store_true", help=_("organisaties om mee te delen")
    )

    involve = commands.add_parser(
        "involve", help=_("een collega of partner betrokken maken bij een jongere, of beëindigen")
    )
    involve.add_argument("youth_id", nargs="?", metavar="JONGERE_ID")
    who = involve.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--colleague", metavar=_("COLLEGA"), help=_("gebruikerskenmerk of naam uit het adresboek")
    )
    who.add_argument("--partner", metavar=_("NAAM"), help=_("partnerorganisatie uit het adresboek"))
    who.add_argument(
        "--end", metavar="BETROKKENE_ID", help=_("een betrokkenheid beëindigen (met --until)")
    )
    involve.add_argument("--since", metavar=_("DATUM"), help=_("sinds (standaard vandaag)"))
    involve.add_argument(
        "--until", metavar=_("DATUM"), help=_("laatste dag (bij --end standaard gisteren)")
    )
    involve.add_argument("--role", help=_("rol bij de jongere (standaard de rol van de collega)"))

    listing = commands.add_parser("involvements", help=_("wie is betrokken bij een jongere"))
    listing.add_argument("youth_id", metavar="JONGERE_ID")

    share = commands.add_parser(
        "share", help=_("een signaal delen met een andere organisatie, of het delen intrekken")
    )
    share.add_argument("signal_id", nargs="?", metavar="SIGNAAL_ID")
    share.add_argument(
        "--with",
        dest="organisation",
        metavar=_("ORGANISATIE"),
        help=_("kenmerk of naam van de organisatie, of 'regisseur'"),
    )
    share.add_argument(
        "--basis",
        choices=[code for code, _label in LegalBasis.options()],
        help=_("grondslag: {choices}", choices=choices(LegalBasis)),
    )
    share.add_argument("--purpose", help=_("doel van het delen"))
    share.add_argument(
        "--informed-youth", action="store_true", help=_("de jongere is geïnformeerd (vanaf 12)")
    )
    share.add_argument(
        "--informed-parents",
        action="store_true",
        help=_("de ouders zijn geïnformeerd (jongere onder 16)"),
    )
    share.add_argument("--consent", metavar="TOESTEMMING_ID", help=_("bij grondslag consent"))
    share.add_argument("--until", metavar=_("DATUM"), help=_("gedeeld tot en met"))
    share.add_argument("--withdraw", metavar="DELEN_ID", help=_("het delen intrekken"))
    share.add_argument("--reason", help=_("reden van intrekken (bij --withdraw)"))

    shares = commands.add_parser("shares", help=_("gedeelde signalen van een jongere, in en uit"))
    shares.add_argument("youth_id", metavar="JONGERE_ID")

    consent = commands.add_parser("consent", help=_("toestemming vastleggen of intrekken"))
    actions = consent.add_subparsers(dest="consent_action", metavar=_("handeling"), required=True)
    record = actions.add_parser("record", help=_("toestemming vastleggen"))
    record.add_argument("youth_id", metavar="JONGERE_ID")
    record.add_argument(
        "--giver",
        required=True,
        choices=[code for code, _label in ConsentGiver.options()],
        help=_("wie gaf toestemming: {choices}", choices=choices(ConsentGiver)),
    )
    record.add_argument("--name", required=True, help=_("naam van wie toestemming gaf"))
    record.add_argument("--for", dest="for_what", required=True, help=_("waarvoor"))
    record.add_argument("--on", metavar=_("DATUM"), help=_("gegeven op (standaard vandaag)"))
    record.add_argument("--until", metavar=_("DATUM"), help=_("geldig tot en met"))
    withdraw = actions.add_parser("withdraw", help=_("toestemming intrekken"))
    withdraw.add_argument("consent_id", metavar="TOESTEMMING_ID")
    withdraw.add_argument("--note", required=True, help=_("hoe en waarom ingetrokken"))
    listed = actions.add_parser("list", help=_("toestemmingen van een jongere"))
    listed.add_argument("youth_id", metavar="JONGERE_ID")

    notices = commands.add_parser("notices", help=_("meldingen 'ook betrokken' (wie doet wat)"))
    act = notices.add_mutually_exclusive_group()
    act.add_argument("--seen", metavar="MELDING_ID", help=_("als gezien markeren"))
    act.add_argument("--ask-share", metavar="MELDING_ID", help=_("de ander vragen te delen"))
    act.add_argument("--propose-merge", metavar="MELDING_ID", help=_("samenvoegen voorstellen"))

    tasks = commands.add_parser("tasks", help=_("je taken; afvinken of een taak maken"))
    what = tasks.add_mutually_exclusive_group()
    what.add_argument("--done", metavar="TAAK_ID", help=_("een taak als gedaan markeren"))
    what.add_argument("--all", action="store_true", help=_("alle taken (regisseur)"))
    what.add_argument("--new", metavar="JONGERE_ID", help=_("een taak maken over een jongere"))
    tasks.add_argument("--title", help=_("wat er moet gebeuren (bij --new)"))
    tasks.add_argument("--due", metavar=_("DATUM"), help=_("wanneer klaar (bij --new)"))
    tasks.add_argument("--owner", metavar=_("COLLEGA"), help=_("voor wie (standaard jijzelf)"))

    handover = commands.add_parser("handover", help=_("een jongere overdragen aan een collega"))
    handover.add_argument("youth_id", metavar="JONGERE_ID")
    handover.add_argument("--to", required=True, metavar=_("COLLEGA"))
    handover.add_argument("--note", required=True, help=_("wat de collega moet weten"))
    handover.add_argument("--trajectory", metavar="TRAJECT_ID", help=_("alleen dit traject"))

    handovers = commands.add_parser(
        "handovers", help=_("overdrachten: aan jou aangeboden en door jou gedaan")
    )
    decide = handovers.add_mutually_exclusive_group()
    decide.add_argument("--accept", metavar="OVERDRACHT_ID")
    decide.add_argument("--decline", metavar="OVERDRACHT_ID")
    handovers.add_argument("--note", default="", help=_("toelichting bij het besluit"))


# -- the commands --------------------------------------------------------------------------


def colleagues(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    with unlocked(data_dir, ask) as session:
        directory = Directory(session)
        if not directory.available:
            print(_("Nog geen adresboek: meld dit apparaat aan en synchroniseer."))
            return 0
        if args.organisations:
            for organisation in directory.organisations():
                mark = _(" (regisseur)") if organisation.regisseur else ""
                print(f"{organisation.id}  {organisation.name}{mark}")
        elif args.partners:
            for partner in directory.partners():
                line = " · ".join(
                    part for part in (partner.contact, partner.phone, partner.email) if part
                )
                print(f"{partner.name} ({partner.kind.label}){': ' + line if line else ''}")
        else:
            for person in directory.search(args.search):
                print(
                    f"{person.user_id}  {person.name}, {person.role.label}, {person.organisation}"
                )
    return 0


def involve(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    since, until = day(args.since, "--since"), day(args.until, "--until")
    if args.end:
        ended = record_id(args.end, "--end")
        with unlocked(data_dir, ask) as session, options_named(INVOLVE_OPTIONS):
            done = Involvements(session).end(ended, until)
        print(_("Betrokkenheid beëindigd; laatste dag {date}.", date=short(done.until)))
        if done.until is not None and done.until >= date.today():
            print(
                _(
                    "Tot en met die dag houdt de collega de jongere. Per vergissing vastgelegd? "
                    "Verwijder de betrokkenheid dan (in de app: Verwijderen)."
                )
            )
        return 0
    youth_id = record_id(args.youth_id, "JONGERE_ID")
    with unlocked(data_dir, ask) as session, options_named(INVOLVE_OPTIONS):
        involvements = Involvements(session)
        if args.colleague:
            colleague = Directory(session).pick(
                args.colleague, model=Involvement, field="professional_id"
            )
            made = involvements.name_colleague(
                youth_id, colleague.user_id, since=since, until=until, role=args.role
            )
        else:
            made = involvements.name_partner(youth_id, args.partner, since=since, until=until)
    print(
        _(
            "{name} ({organisation}) is betrokken sinds {date}. Kenmerk: {id}",
            name=made.professional,
            organisation=made.organisation,
            date=short(made.since),
            id=made.id,
        )
    )
    return 0


def involvements(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    youth_id = record_id(args.youth_id, "JONGERE_ID")
    with unlocked(data_dir, ask) as session:
        rows = Involvements(session).for_youth(youth_id)
    if not rows:
        print(_("Nog niemand betrokken."))
    for row in rows:
        item = row.involvement
        state = _("actief") if row.active else _("beëindigd {date}", date=short(item.until))
        contact = " · ".join(part for part in (row.phone, row.email) if part)
        print(
            f"{item.id}  {item.professional} ({item.role}, {item.organisation}) "
            f"{_('sinds')} {short(item.since)}, {state}{'; ' + contact if contact else ''}"
        )
    return 0


def share(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    if args.withdraw:
        share_id = record_id(args.withdraw, "--withdraw")
        with unlocked(data_dir, ask) as session, options_named(SHARE_OPTIONS):
            Shares(session).withdraw(share_id, args.reason or "")
        print(
            _(
                "Het delen is ingetrokken; de ontvanger verliest het signaal bij de volgende synchronisatie."
            )
        )
        return 0
    signal_id = record_id(args.signal_id, "SIGNAAL_ID")
    consent_id = record_id(args.consent, "--consent") if args.consent else None
    until = day(args.until, "--until")
    if not args.organisation:
        raise VeldwerkError(_("Geef met --with aan met welke organisatie je deelt."))
    with unlocked(data_dir, ask) as session, options_named(SHARE_OPTIONS):
        shares = Shares(session)
        organisation = Directory(session).organisation(
            args.organisation, model=Share, field="organisation_id"
        )
        rule = shares.inform_rule(signal_id)
        made = shares.share(
            signal_id,
            organisation.id,
            legal_basis=args.basis,
            purpose=args.purpose or "",
            youth_informed=_informed(args.informed_youth, rule.youth),
            parents_informed=_informed(args.informed_parents, rule.parents),
            consent_id=consent_id,
            until=until,
        )
    print(
        _(
            "Gedeeld met {organisation} op grond van {basis}. Kenmerk: {id}",
            organisation=made.organisation_name,
            basis=made.legal_basis.label,
            id=made.id,
        )
    )
    if made.youth_informed is Informed.NO:
        print(_("Let op: vastgelegd dat de jongere niet is geïnformeerd."))
    if made.parents_informed is Informed.NO:
        print(_("Let op: vastgelegd dat de ouders niet zijn geïnformeerd."))
    return 0


def _informed(flag: bool, needed: bool) -> Informed:
    if flag:
        return Informed.YES
    return Informed.NO if needed else Informed.NOT_APPLICABLE


def shares(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    youth_id = record_id(args.youth_id, "JONGERE_ID")
    with unlocked(data_dir, ask) as session:
        rows = Shares(session).for_youth(youth_id)
    if not rows:
        print(_("Geen gedeelde signalen."))
    for row in rows:
        item = row.share
        direction = (
            _(
                "ontvangen van {organisation} ({name})",
                organisation=item.shared_by_organisation,
                name=item.shared_by,
            )
            if row.incoming
            else _("gedeeld met {organisation}", organisation=item.organisation_name)
        )
        state = _("actief") if row.active else _("ingetrokken of verlopen")
        print(
            f"{item.id}  {direction}; {item.legal_basis.label}; {item.purpose} "
            f"[{_('signaal')} {item.signal_id}, {state}]"
        )
    return 0


def consent(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    if args.consent_action == "withdraw":
        consent_id = record_id(args.consent_id, "TOESTEMMING_ID")
        with unlocked(data_dir, ask) as session, options_named(CONSENT_OPTIONS):
            Consents(session).withdraw(consent_id, args.note)
        print(
            _(
                "Toestemming ingetrokken; wat erop gedeeld was, wordt ingetrokken bij de volgende synchronisatie."
            )
        )
        return 0
    youth_id = record_id(args.youth_id, "JONGERE_ID")
    if args.consent_action == "list":
        with unlocked(data_dir, ask) as session:
            found = Consents(session).for_youth(youth_id)
        for item in found:
            state = (
                _("ingetrokken {date}", date=short(item.withdrawn_on))
                if item.withdrawn_on
                else _("geldig tot {date}", date=short(item.until))
            )
            print(
                f"{item.id}  {item.giver.label}: {item.given_by}, {short(item.given_on)}; {item.for_what} ({state})"
            )
        return 0
    on, until = day(args.on, "--on"), day(args.until, "--until")
    with unlocked(data_dir, ask) as session, options_named(CONSENT_OPTIONS):
        made = Consents(session).record(
            youth_id, args.giver, args.name, args.for_what, given_on=on, until=until
        )
    print(_("Toestemming vastgelegd. Kenmerk: {id}", id=made.id))
    return 0


def notices(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    target = args.seen or args.ask_share or args.propose_merge
    notice_id = record_id(target, "MELDING_ID") if target else None
    with unlocked(data_dir, ask) as session:
        service = Notices(session)
        if notice_id is not None:
            if args.seen:
                service.mark_seen(notice_id)
                print(_("Gemarkeerd als gezien."))
            elif args.ask_share:
                service.ask_to_share(notice_id)
                print(_("Gevraagd om te delen; de ander ziet het na synchronisatie."))
            else:
                service.propose_merge(notice_id)
                print(_("Samenvoegen voorgesteld; de ander ziet het na synchronisatie."))
            return 0
        found = service.for_me()
        youths = _youth_names(session, {n.youth_id for n in found})
    if not found:
        print(_("Geen meldingen."))
    for notice in found:
        mark = " " if notice.seen else "*"
        print(
            f"{mark} {notice.id}  {youths.get(notice.youth_id, '?')}: "
            + _(
                "ook betrokken: {organisation} ({matched})",
                organisation=notice.other_organisation,
                matched=notice.matched_by.label,
            )
        )
        for contact in notice.contacts:
            details = " · ".join(p for p in (contact.role_label, contact.phone, contact.email) if p)
            print(f"    {contact.name}, {contact.organisation}{': ' + details if details else ''}")
        for by, on, text in (
            (notice.share_requested_by, notice.share_requested_on, _("vraagt om te delen")),
            (notice.merge_proposed_by, notice.merge_proposed_on, _("stelt samenvoegen voor")),
        ):
            if by:
                print(f"    {by} {text} ({short(on)})")
    return 0


def tasks(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    if args.done:
        task_id = record_id(args.done, "--done")
        with unlocked(data_dir, ask) as session:
            Tasks(session).done(task_id)
        print(_("Taak gedaan."))
        return 0
    if args.new:
        youth_id = record_id(args.new, "--new")
        due = day(args.due, "--due")
        with unlocked(data_dir, ask) as session, options_named(TASK_OPTIONS):
            owner = None
            if args.owner:
                owner = Directory(session).pick(args.owner, model=Task, field="owner_id").user_id
            made = Tasks(session).make(youth_id, args.title or "", due, owner_id=owner)
        print(_("Taak gemaakt voor {name}. Kenmerk: {id}", name=made.owner_name, id=made.id))
        return 0
    with unlocked(data_dir, ask) as session:
        service = Tasks(session)
        rows = service.overview() if args.all else service.mine()
    if not rows:
        print(_("Geen open taken."))
    for row in rows:
        task = row.task
        state = (
            _("gedaan {date}", date=short(task.done_on))
            if row.done
            else _("te laat")
            if row.overdue
            else _("open")
        )
        youth = row.youth.name_with_age() if row.youth else _("onbekende jongere")
        owner = f"{task.owner_name}, " if args.all else ""
        print(f"{task.id}  {short(task.due)}  {youth}: {task.title} ({owner}{state})")
    return 0


def handover(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    youth_id = record_id(args.youth_id, "JONGERE_ID")
    trajectory = record_id(args.trajectory, "--trajectory") if args.trajectory else None
    with unlocked(data_dir, ask) as session, options_named(HANDOVER_OPTIONS):
        colleague = Directory(session).pick(args.to, model=Handover, field="to_user_id")
        made = Handovers(session).offer(
            youth_id, colleague.user_id, args.note, trajectory_id=trajectory
        )
    print(
        _(
            "Aangeboden aan {name}; wacht op het besluit. Kenmerk: {id}",
            name=made.to_name,
            id=made.id,
        )
    )
    return 0


def handovers(data_dir: DataDir, args: argparse.Namespace, ask: Ask) -> int:
    target = args.accept or args.decline
    if target:
        handover_id = record_id(target, "OVERDRACHT_ID")
        with unlocked(data_dir, ask) as session:
            service = Handovers(session)
            if args.accept:
                service.accept(handover_id, args.note)
            else:
                service.decline(handover_id, args.note)
        print(_("Geaccepteerd.") if args.accept else _("Afgewezen."))
        return 0
    with unlocked(data_dir, ask) as session:
        service = Handovers(session)
        waiting, made = service.to_decide(), service.made_by_me()
        youths = _youth_names(session, {h.youth_id for h in waiting + made})
    print(_("Aan jou aangeboden:") if waiting else _("Niets aan jou aangeboden."))
    for item in waiting:
        print(
            f"  {item.id}  {youths.get(item.youth_id, '?')} {_('van')} {item.from_name} ({item.from_organisation}): {item.note}"
        )
    if made:
        print(_("Door jou aangeboden:"))
    for item in made:
        print(
            f"  {item.id}  {youths.get(item.youth_id, '?')} {_('aan')} {item.to_name}: {item.status.label}"
        )
    return 0


def _youth_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {key: youth.name_with_age() for key, youth in Youths(session).by_ids(ids).items()}


RUN: dict[str, Callable[[DataDir, argparse.Namespace, Ask], int]] = {
    "colleagues": colleagues,
    "involve": involve,
    "involvements": involvements,
    "share": share,
    "shares": shares,
    "consent": consent,
    "notices": notices,
    "tasks": tasks,
    "handover": handover,
    "handovers": handovers,
}
