"""The worklist, the home screen: what needs attention now, gathered from every feature.

Each feature contributes a provider: a function ``(session, today) -> list[WorkItem]``. The
worklist asks them all on the database worker and shows the items grouped by category.
"""

from __future__ import annotations

import importlib
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from desktop.services.session import Session
from desktop.store import youth_queries
from veldwerk_core.i18n import _

log = logging.getLogger("veldwerk.worklist")


class Urgency(IntEnum):
    NORMAL = 0
    SOON = 1
    OVERDUE = 2


@dataclass(frozen=True)
class WorkItem:
    category: str
    """Translated heading the item is grouped under (e.g. "Gesignaleerde jongeren")."""
    title: str
    """What the item is about, e.g. a youth's name and age."""
    detail: str
    """Why it is on the list, in one line."""
    target_kind: str
    """Record kind to open when the item is chosen (e.g. "youth", "trajectory")."""
    target_id: uuid.UUID
    due: date | None = None
    urgency: Urgency = Urgency.NORMAL


Provider = Callable[[Session, date], list[WorkItem]]

_providers: list[Provider] = []

# Modules that register providers; imported when the worklist is first collected.
PROVIDER_MODULES: tuple[str, ...] = (
    "desktop.services.flags",
    "desktop.services.trajectory_worklist",
    "desktop.services.sync",
    "desktop.services.notices",
    "desktop.services.handovers",
    "desktop.services.tasks",
    "desktop.services.referrals",
)


def provider(function: Provider) -> Provider:
    """Register a worklist provider (used as a decorator by feature services)."""
    if function not in _providers:
        _providers.append(function)
    return function


def youth_titles(
    session: Session, youth_ids: Iterable[uuid.UUID], today: date
) -> Callable[[uuid.UUID], str]:
    """How an item names its youth: name and age, never only an id (an unknown one says so)."""
    youths = youth_queries.by_ids(session.vault, set(youth_ids))

    def title(youth_id: uuid.UUID) -> str:
        youth = youths.get(youth_id)
        return youth.name_with_age(today) if youth else _("Onbekende jongere")

    return title


def collect(session: Session, today: date) -> list[WorkItem]:
    """All items, most urgent first, then by due date."""
    for module in PROVIDER_MODULES:
        importlib.import_module(module)
    items: list[WorkItem] = []
    for function in _providers:
        items.extend(function(session, today))
    items.sort(key=lambda item: (-item.urgency, item.due or date.max, item.title))
    return items
