"""The signal form's contents as plain data: for drafts, for corrections, for the service.

Kept apart from the widgets so the mapping between what is typed, what a draft stores and
what the service takes is in one readable place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox

from veldwerk_core.models import Group, PlaceKind, SourceKind, Youth
from veldwerk_core.models import Signal as SignalRecord
from veldwerk_core.models.config import Places


def choices(
    combo: QComboBox, options: list[tuple[str, str]], placeholder: str | None = None
) -> None:
    if placeholder is not None:
        combo.addItem(placeholder, None)
    for code, label in options:
        combo.addItem(label, code)


def select(combo: QComboBox, code: object) -> None:
    index = combo.findData(code)
    if index < 0 and combo.isEditable() and isinstance(code, str):
        combo.setEditText(code)
        return
    combo.setCurrentIndex(max(index, 0))


def state_of(signal: SignalRecord) -> dict[str, Any]:
    """A stored signal as form state: the starting point of a correction."""
    return {
        "occurred_at": signal.occurred_at.isoformat(),
        "youth_ids": [str(youth_id) for youth_id in signal.youth_ids],
        "group_id": str(signal.group_id) if signal.group_id else None,
        "place_kind": signal.place.place_kind.value,
        "wijk": signal.place.wijk,
        "hotspot": signal.place.hotspot,
        "platform": signal.place.platform,
        "category": signal.category,
        "life_domain": signal.life_domain,
        "description": signal.description,
        "source": signal.source.value,
        "reported_by": signal.reported_by,
        "severity": signal.severity.value,
        "follow_up": signal.follow_up.value,
        "legal_basis": signal.legal_basis.value,
        "sharing_purpose": signal.sharing_purpose,
        "youth_informed": signal.youth_informed,
        "parents_informed": signal.parents_informed,
    }


def signal_data(state: dict[str, Any], places: Places, *, correcting: bool) -> dict[str, Any]:
    """Form state as the service takes it: only the place fields that belong to the place kind,
    a hotspot's own wijk, and no value for a list that still says "kies"."""
    place = {"place_kind": state["place_kind"], "wijk": state["wijk"]}
    if state["place_kind"] == PlaceKind.HOTSPOT.value:
        place["hotspot"] = state["hotspot"]
        hotspot = next((h for h in places.hotspots if h.name == state["hotspot"]), None)
        place["wijk"] = hotspot.wijk if hotspot else state["wijk"]
    elif state["place_kind"] == PlaceKind.ONLINE.value:
        place = {"place_kind": state["place_kind"], "platform": state["platform"]}
    reported = state["source"] == SourceKind.REPORTED.value
    data: dict[str, Any] = {
        "occurred_at": state["occurred_at"],
        "youth_ids": state["youth_ids"],
        "group_id": state["group_id"],
        "place": place,
        "description": state["description"].strip(),
        "source": state["source"],
        "reported_by": state["reported_by"] if reported else "",
        "follow_up": state["follow_up"],
        "sharing_purpose": state["sharing_purpose"],
        "youth_informed": state["youth_informed"],
        "parents_informed": state["parents_informed"],
    }
    for key in ("category", "life_domain", "severity", "legal_basis"):
        if state[key]:
            data[key] = state[key]
    if correcting:
        data["correction_reason"] = state["correction_reason"]
    return data


@dataclass(frozen=True)
class Loaded:
    defaults: dict[str, Any]
    start: dict[str, Any] | None
    """What the form starts with: a draft, or the signal being corrected."""
    from_draft: bool
    youths: dict[uuid.UUID, Youth]
    group: Group | None
