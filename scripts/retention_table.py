"""Write docs/privacy/bewaartermijnen.md from the kernel's declarations and retention.yaml.

python scripts/retention_table.py           print the document
python scripts/retention_table.py --write   write docs/privacy/bewaartermijnen.md

Every record kind declares its retention (veldwerk_core/models: ``retention``, counted from
one of its dates) or goes with what it belongs to; the municipality sets the terms in
``retention.yaml``. The document is generated from both, never written by hand:
tests/unit/test_retention_table.py checks that it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from veldwerk_core import kinds  # noqa: E402
from veldwerk_core.models import RECORD_TYPES  # noqa: E402
from veldwerk_core.models.config import parse_config  # noqa: E402
from veldwerk_core.retention import (  # noqa: E402
    RetentionTerms,
    configuration_kind,
    declared,
    follows,
    keeps_youth_alive,
)

DOCUMENT = ROOT / "docs" / "privacy" / "bewaartermijnen.md"
CONFIGURATION = ROOT / "resources" / "config" / "retention.yaml"

INTRO = """\
# Bewaartermijnen

<!-- Gegenereerd door scripts/retention_table.py uit de declaraties in veldwerk_core en
resources/config/retention.yaml. Niet met de hand wijzigen: pas de configuratie of de
declaratie aan en draai `python scripts/retention_table.py --write`. -->

Veldwerk bewaart gegevens over jongeren niet langer dan nodig (AVG art. 5 lid 1 onder e).
Elk soort gegeven heeft een eigen bewaartermijn, of gaat mee met het gegeven waar het bij
hoort. De gemeente stelt de termijnen in `retention.yaml` vast; deze tabel geeft de
voorbeeldconfiguratie van Veldwerk (`resources/config/retention.yaml`). Een gemeente met een
eigen configuratie neemt deze tabel over met haar eigen waarden.

## Termijnen per soort gegeven
"""

HOW = """\
## Hoe vernietigen werkt

- **Op de server** draait de vernietiging elke dag (en op verzoek:
  `veldwerk-server retention run [--today DATUM] [--dry-run]`). Van een vernietigd gegeven
  blijft alleen een grafsteen over (id, soort, versie en de reden `expired` of `erased`), zodat
  elk apparaat het bij de volgende synchronisatie weghaalt. De inhoud gaat meteen: de
  opgeslagen gegevens, de zoeksleutels, conflictkopieën en voorstellen, koppelingen en
  signaleringen.
- **Op elke laptop** haalt de synchronisatie vernietigde gegevens weg: het gegeven zelf, de
  zoekindex (die daarna wordt samengevoegd, zodat er geen woord van achterblijft), concepten,
  conflictkopieën, wijzigingen die nog verstuurd moesten worden en de inhoud van geweigerde
  wijzigingen.
- **Een laptop die offline blijft** past dezelfde regel zelf toe, met de termijnen die hij het
  laatst van de server kreeg (of de meegeleverde, als hij nooit heeft gesynchroniseerd): bij
  het openen van de kluis, na elke synchronisatie en dagelijks zolang Veldwerk openstaat. Hij
  beoordeelt alleen data die ná zijn laatste geslaagde synchronisatie vallen; wat daarvoor
  viel, heeft de server al beoordeeld (de server weet meer, bijvoorbeeld dat een signaal van
  een andere organisatie een jongere nog vasthoudt). Hij verstuurt niets: de server voert zijn
  eigen vernietiging uit. Wat daarna nog op de laptop staat, valt onder de offline-lease: na
  die termijn zonder synchronisatie zijn de dossiergegevens niet meer te openen.
- **Vernietigen op verzoek** (AVG art. 17) is een handeling van de functioneel beheerder met
  een reden, die in het logboek komt: `veldwerk-server erase JONGERE --reason "..."`.
- Elk gegeven toont in Veldwerk de datum waarop het wordt vernietigd.

## Logboek (wie las of wijzigde wat)

Het toegangslogboek bevat geen inhoud van dossiers: wie, wanneer, welk gegeven, van welk
apparaat en met welk doel. Het wordt langer bewaard dan de gegevens zelf, zodat toegang te
verantwoorden blijft als de gegevens al weg zijn.

**Nog niet gedaan:** de server verwijdert logboekregels die ouder zijn dan de termijn nog niet
automatisch. Het logboek is een sleutelgebonden hash-keten met ondertekende checkpoints
(`server/services/audit.py`); regels verwijderen vraagt een nieuw anker voor de controle
(`veldwerk-server audit verify`), en dat is nog niet gebouwd. Tot dan bewaart de server het
logboek langer dan de termijn hierboven. Ook het lokale logboek op de laptop wordt (nog) niet
ingekort; het bevat alleen id's, geen namen of inhoud.
"""


def terms() -> RetentionTerms:
    data = yaml.safe_load(CONFIGURATION.read_text(encoding="utf-8")) or {}
    return parse_config(RetentionTerms, data, CONFIGURATION.name)


def months(count: int) -> str:
    return "1 maand" if count == 1 else f"{count} maanden"


def _label(kind: str) -> str:
    return str(RECORD_TYPES[kind].label)


def row(kind: str, config: RetentionTerms) -> tuple[str, str, str, str]:
    cls = RECORD_TYPES[kind]
    retention = declared(kind)
    if retention is None:
        owner = follows(kind)
        if owner is None:
            return _label(kind), "zolang in gebruik", "-", "configuratie, geen persoonsgegevens"
        return _label(kind), f"met {_label(owner).lower()}", "-", "hoort bij dat gegeven"
    rule = config.rule(retention.term)
    term = months(rule.months)
    if retention.until_age and rule.until_age is not None:
        term += f", uiterlijk tot de {rule.until_age}e verjaardag van de jongere"
    start = str(cls.model_fields[retention.start].title or retention.start)
    notes: list[str] = []
    if kind == kinds.YOUTH:
        start = f"{start} (laatste wijziging)"
        notes.append(
            "pas als er geen signaal, screening of traject meer over de jongere is; "
            + (
                "daarna blijft een anonieme telling over (leeftijdsgroep, wijk, data)"
                if config.anonymise
                else "daarna blijft niets over"
            )
        )
    if kind == "trajectory":
        notes.append("een lopend traject wordt bewaard; zonder einddatum telt de laatste wijziging")
    if keeps_youth_alive(kind):
        notes.append("houdt de jongere vast")
    elif not retention.keeps_youth:
        notes.append("houdt de leden niet vast: een vernietigde jongere verdwijnt uit de groep")
    if retention.until_age and rule.until_age is not None:
        notes.append("de vroegste datum telt")
    return _label(kind), term, start, "; ".join(notes) or "-"


def document() -> str:
    config = terms()
    lines = [
        "| Gegeven | Bewaartermijn | Gerekend vanaf | Bijzonderheden |",
        "|---|---|---|---|",
    ]
    own = [kind for kind in RECORD_TYPES if declared(kind) is not None]
    rest = [kind for kind in RECORD_TYPES if declared(kind) is None]
    for kind in own + sorted(rest, key=lambda k: (configuration_kind(k), follows(k) or "", k)):
        lines.append("| " + " | ".join(row(kind, config)) + " |")
    lines.append(
        f"| Logboek (toegang) | {months(config.audit_months)} | moment van de handeling "
        "| zie hieronder: nog niet automatisch ingekort |"
    )
    anonymise = "ja" if config.anonymise else "nee"
    return (
        INTRO
        + "\n"
        + "\n".join(lines)
        + f"\n\nJongeren anonimiseren in plaats van vernietigen: **{anonymise}**.\n\n"
        + HOW
    )


def write() -> None:
    DOCUMENT.parent.mkdir(parents=True, exist_ok=True)
    DOCUMENT.write_text(document(), encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        print(document(), end="")
