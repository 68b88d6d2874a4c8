"""Word material for demo data: fictional organisations, schools and factual descriptions."""

from __future__ import annotations

ORGANISATIONS = (
    "Jongerenwerk Veldstad",
    "Gemeente Veldstad - Handhaving",
    "Sociaal Wijkteam Noord",
    "Leerplicht en RMC",
    "Stichting Straatcoaches",
)

SCHOOLS = (
    "Het Stadslyceum",
    "Vakcollege De Brug",
    "Praktijkschool Het Anker",
    "Scholengemeenschap De Horizon",
    "ROC Veldstad",
    "Basisschool De Regenboog",
)

GROUP_NAMES = (
    "Groep {wijk} {n}",
    "Jongeren bij de skatebaan ({wijk})",
    "Groep winkelcentrum {wijk}",
    "Pleingroep {wijk}",
)

GENERIC_DESCRIPTIONS = (
    "Om {tijd} bij {plek} gezien; jongere was met {aantal} anderen en vertelde er zelf over.",
)

# Factual, observable descriptions: what was seen or heard, where, when; no interpretation.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "drugs_gebruik": (
        "Rond {tijd} bij {plek} gezien terwijl hij een joint rookte met {aantal} anderen.",
        "Bij {plek} hing een sterke wietlucht; jongere had een zakje met groene inhoud bij zich.",
    ),
    "drugs_handel": (
        "Om {tijd} bij {plek} gezien dat jongere kleine pakketjes overhandigde aan twee volwassenen.",
        "Jongere liep bij {plek} heen en weer tussen een scooter en een portiek, meerdere keren.",
    ),
    "wapens": (
        "Leerling liet bij {plek} een mes zien aan klasgenoten, volgens twee leerlingen.",
        "Bij fouillering door de politie bij {plek} werd een boksbeugel gevonden.",
    ),
    "geweld": (
        "Rond {tijd} vechtpartij bij {plek}; jongere sloeg een andere jongen meerdere keren.",
        "Jongere duwde bij {plek} een medewerker van de buurtsuper en schold hem uit.",
    ),
    "werving": (
        "Jongere werd om {tijd} bij {plek} opgehaald door een man van rond de 25 in een dure auto.",
        "Jongere vertelde dat hij geld kan verdienen met 'pakketjes rondbrengen' voor een oudere jongen.",
    ),
    "overlast": (
        "Groep van {aantal} jongeren bij {plek} tot na middernacht, harde muziek en afval op straat.",
        "Bewoners melden dat jongeren bij {plek} portieken blokkeren en voorbijgangers uitschelden.",
    ),
    "schoolverzuim": (
        "Leerling was deze maand {aantal} dagen ongeoorloofd afwezig; ouders niet bereikbaar.",
        "Leerling komt sinds twee weken structureel te laat en verlaat de school in de pauze.",
    ),
    "online_dreiging": (
        "Op {plek} verscheen een filmpje waarin jongere met naam wordt bedreigd.",
        "Jongere deelde op {plek} een drillnummer met verwijzingen naar een andere groep.",
    ),
    "schulden": (
        "Jongere vertelde dat hij {aantal} honderd euro schuld heeft bij een oudere jongen.",
        "Moeder meldt dat er aanmaningen binnenkomen op naam van de jongere.",
    ),
    "thuissituatie": (
        "Jongere vertelde dat hij niet naar huis durft omdat er thuis veel ruzie is.",
        "Jongere slaapt volgens eigen zeggen al {aantal} nachten bij vrienden.",
    ),
    "dure_spullen": (
        "Jongere droeg bij {plek} nieuwe merkkleding en had twee telefoons bij zich.",
        "Jongere liet op school een stapel bankbiljetten zien aan klasgenoten.",
    ),
    "oudere_contacten": (
        "Jongere werd bij {plek} gezien met {aantal} mannen die bekend zijn bij de politie.",
        "Jongere gaat volgens mentor om met een veel oudere groep buiten de eigen wijk.",
    ),
}
