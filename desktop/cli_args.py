"""What the working-together commands share: reading ids and dates from the command line,
opening the vault for one command, and naming the option at fault in an error."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date

from pydantic import TypeAdapter, ValidationError

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.session import Session
from veldwerk_core.i18n import _
from veldwerk_core.models.base import DutchDate
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import RecordInvalid, VeldwerkError

_DATE = TypeAdapter(DutchDate)


def record_id(text: str | None, name: str) -> uuid.UUID:
    """An id typed on the command line; ``name`` is how the help calls the argument."""
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        raise VeldwerkError(
            _("{name} is geen geldig kenmerk; kopieer het uit de app of uit een lijst.", name=name)
        ) from None


def day(text: str | None, name: str) -> date | None:
    """A date as dd-mm-jjjj (or jjjj-mm-dd); None when not given."""
    if text is None:
        return None
    try:
        return _DATE.validate_python(text)
    except ValidationError:
        raise VeldwerkError(
            _("{name} is geen geldige datum; gebruik dd-mm-jjjj.", name=name)
        ) from None


def choices(choice: type[Choice]) -> str:
    """``code (Label), ...`` for a help text: the codes to type and what they mean."""
    return ", ".join(f"{code} ({label})" for code, label in choice.options())


def short(day_: date | None) -> str:
    return day_.strftime("%d-%m-%Y") if day_ else "-"


@contextmanager
def unlocked(data_dir: DataDir, ask: Callable[[], Secret]) -> Iterator[Session]:
    session = sessions.unlock(data_dir, ask())
    try:
        yield session
    finally:
        if session.is_open:
            session.lock()


@contextmanager
def options_named(options: Mapping[str, str]) -> Iterator[None]:
    """Field errors of the services, each told with the option that sets the field (a field
    without an option keeps its own name)."""
    try:
        yield
    except RecordInvalid as invalid:
        lines = [_("{record} kan niet worden opgeslagen:", record=_(invalid.record_label))]
        for error in invalid.errors:
            option = options.get(error.field) or options.get(error.field.split(".")[-1])
            lines.append(f"- {option}: {error.message}" if option else f"- {error.message}")
        raise VeldwerkError("\n".join(lines)) from None
