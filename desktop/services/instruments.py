"""Instrument versions in the vault: importing a file, and the bundled examples.

Instruments are records, so they sync like everything else. An imported version never changes;
the same file imported twice (here or on another device) gives the same record, because its id
is derived from the instrument's id and version.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.services.config import read_yaml
from desktop.services.session import Session
from desktop.store import screening_queries, sync_state
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.errors import VeldwerkError
from veldwerk_core.models.instrument import (
    Instrument,
    InstrumentDefinition,
    InstrumentInvalid,
    parse_instrument,
)
from veldwerk_core.resources import resource

log = logging.getLogger("veldwerk.screening")

# Fixed namespace: every device derives the same record id for the same instrument version.
_NAMESPACE = uuid.UUID("5d0f3c2e-7a51-4d7e-9a55-0c8a3e5b2f61")
EXAMPLES_FOLDER = "instruments"
SUFFIXES = (".yaml", ".yml", ".json")


class VersionClash(VeldwerkError):
    message = N_(
        "Versie {version} van instrument {key} staat al in de kluis met een andere inhoud. "
        "Geef het gewijzigde instrument een hoger versienummer."
    )


class InstrumentMissing(VeldwerkError):
    message = N_(
        "Versie {version} van instrument {key} staat niet in deze kluis. Importeer die versie "
        "of synchroniseer eerst."
    )


@dataclass(frozen=True)
class Imported:
    instrument: Instrument
    added: bool
    """False when exactly this version was already in the vault."""


def record_id(key: str, version: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"instrument:{key}:{version}")


def read_file(path: Path) -> InstrumentDefinition:
    """Read and check an instrument file; mistakes name the file, the entry and the problem."""
    if path.suffix.lower() not in SUFFIXES:
        raise InstrumentInvalid(
            path.name, _("het hele bestand"), _("gebruik een .yaml-, .yml- of .json-bestand.")
        )
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InstrumentInvalid(
                path.name, _("het hele bestand"), _("het bestand ontbreekt.")
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            where = _("regel {line}", line=line) if line else _("het hele bestand")
            raise InstrumentInvalid(path.name, where, _("dit is geen geldige JSON.")) from None
    else:
        try:
            data = read_yaml(path)
        except VeldwerkError as exc:
            entry, problem = getattr(exc, "entry", ""), getattr(exc, "problem", "")
            raise InstrumentInvalid(path.name, entry, problem) from None
        except UnicodeDecodeError:
            raise InstrumentInvalid(
                path.name, _("het hele bestand"), _("het bestand is geen UTF-8-tekst.")
            ) from None
    return parse_instrument(data, path.name)


@cache
def bundled() -> tuple[InstrumentDefinition, ...]:
    """The example instruments shipped with the app (checked by the test suite)."""
    folder = resource(EXAMPLES_FOLDER)
    return tuple(
        read_file(path) for path in sorted(folder.iterdir()) if path.suffix.lower() in SUFFIXES
    )


class Instruments:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def add(self, definition: InstrumentDefinition, source: str = "") -> Imported:
        """Store ``definition`` as a new version; the same version twice is a no-op."""
        vault = self._session.vault
        with vault.transaction():
            existing = screening_queries.instrument(vault, definition.id, definition.version)
            if existing is not None:
                if existing.definition.fingerprint() != definition.fingerprint():
                    raise VersionClash(key=definition.id, version=definition.version)
                return Imported(existing, added=False)
            record = Instrument.of(definition, source=source)
            record = record.model_copy(update={"id": record_id(definition.id, definition.version)})
            saved = self._records.save(record, purpose=N_("Instrument geïmporteerd"))
        log.info("instrument version added")
        return Imported(saved.record, added=True)

    def import_file(self, path: Path) -> Imported:
        return self.add(read_file(path), source=path.name)

    def ensure_examples(self) -> list[Instrument]:
        """Add the bundled examples that are not in the vault yet; returns those added.

        Not once the device is enrolled: then the municipality's server decides which
        instruments there are, and they arrive through sync.
        """
        if sync_state.load(self._session.vault) is not None:
            return []
        known = screening_queries.known_versions(self._session.vault)
        added: list[Instrument] = []
        for definition in bundled():
            if (definition.id, definition.version) not in known:
                added.append(self.add(definition, source=_example_source(definition)).instrument)
        return added

    def all_versions(self) -> list[Instrument]:
        return screening_queries.instruments(self._session.vault)

    def versions(self, key: str) -> list[Instrument]:
        return screening_queries.instruments(self._session.vault, key)

    def latest(self) -> list[Instrument]:
        """The newest version of every instrument: what a new screening is filled in with."""
        newest: dict[str, Instrument] = {}
        for instrument in self.all_versions():
            newest[instrument.key] = instrument
        return sorted(newest.values(), key=lambda instrument: instrument.title.casefold())

    def get(self, key: str, version: int | None = None) -> Instrument:
        """A pinned version, or the newest when ``version`` is None."""
        vault = self._session.vault
        if version is None:
            versions = screening_queries.instruments(vault, key)
            if not versions:
                raise InstrumentMissing(key=key, version="?")
            return versions[-1]
        found = screening_queries.instrument(vault, key, version)
        if found is None:
            raise InstrumentMissing(key=key, version=version)
        return found


def _example_source(definition: InstrumentDefinition) -> str:
    return f"{definition.id}.yaml"
