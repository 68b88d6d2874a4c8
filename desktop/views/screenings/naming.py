"""How an instrument is named in lists: told apart from others, marked once as an example."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from veldwerk_core.i18n import _
from veldwerk_core.models.instrument import Instrument


def instrument_title(instrument: Instrument) -> str:
    """The title, with "(voorbeeld)" for a bundled example unless the title says so already."""
    marker = _("(voorbeeld)")
    title = instrument.title
    if instrument.definition.example and marker.casefold() not in title.casefold():
        title = f"{title} {marker}"
    return title


def instrument_choices(instruments: Sequence[Instrument]) -> list[str]:
    """A label per instrument for a pick list; titles that occur twice get their key, so two
    instruments with the same title can be told apart."""
    counts = Counter(instrument.title.casefold() for instrument in instruments)
    labels = []
    for instrument in instruments:
        title = instrument_title(instrument)
        if counts[instrument.title.casefold()] > 1:
            title = f"{title} · {instrument.key}"
        labels.append(_("{title} (versie {version})", title=title, version=instrument.version))
    return labels
