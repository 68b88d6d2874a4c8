"""Configuration a municipality adapts: life domains, signal categories, places.

These are data files in ``resources/config/``. A mistake in them is reported with the file,
the entry and what is wrong, so a functioneel beheerder can fix it without reading code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from veldwerk_core.i18n import N_, _
from veldwerk_core.models.errors import VeldwerkError, field_errors, rule_error
from veldwerk_core.models.storable import MAX_TEXT

CODE = r"^[a-z][a-z0-9_]*$"


class ConfigInvalid(VeldwerkError):
    """A configuration file has a mistake; the message names file, entry and problem."""

    message = N_("Fout in configuratiebestand {file}, {entry}: {problem}")

    def __init__(self, file: str, entry: str, problem: str) -> None:
        super().__init__(file=file, entry=entry, problem=problem)
        self.file, self.entry, self.problem = file, entry, problem


class _Entry(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_TEXT
    )


class LifeDomain(_Entry):
    code: str = Field(pattern=CODE, max_length=60, title=N_("Code"))
    label: str = Field(min_length=1, max_length=100, title=N_("Naam"))
    retired: bool = Field(default=False, title=N_("Vervallen"))


class Category(_Entry):
    code: str = Field(pattern=CODE, max_length=60, title=N_("Code"))
    label: str = Field(min_length=1, max_length=100, title=N_("Naam"))
    life_domain: str = Field(pattern=CODE, title=N_("Leefgebied"))
    retired: bool = Field(default=False, title=N_("Vervallen"))


def _unique(entries: Sequence[Any], attribute: str, section: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        value = getattr(entry, attribute)
        if value in seen:
            raise rule_error(
                N_("De code {value} komt twee keer voor."),
                field=f"{section}.{index}.{attribute}",
                value=value,
            )
        seen.add(value)


class Taxonomy(_Entry):
    life_domains: list[LifeDomain] = Field(min_length=1, title=N_("Leefgebieden"))
    categories: list[Category] = Field(min_length=1, title=N_("Categorieën"))

    @model_validator(mode="after")
    def _references(self) -> Self:
        _unique(self.life_domains, "code", "life_domains")
        _unique(self.categories, "code", "categories")
        domains = {domain.code for domain in self.life_domains}
        for index, category in enumerate(self.categories):
            if category.life_domain not in domains:
                raise rule_error(
                    N_("Het leefgebied {value} bestaat niet in life_domains."),
                    field=f"categories.{index}.life_domain",
                    value=category.life_domain,
                )
        return self

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def life_domain(self, code: str) -> LifeDomain | None:
        return next((d for d in self.life_domains if d.code == code), None)


class Hotspot(_Entry):
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    wijk: str = Field(min_length=1, max_length=100, title=N_("Wijk"))


class Places(_Entry):
    """Where things happen in the municipality (``places.yaml``): its wijken, hotspots,
    online platforms and schools. The functioneel beheerder keeps the server's file; devices
    use what the server distributes (docs/server.md)."""

    wijken: list[str] = Field(min_length=1, title=N_("Wijken"))
    hotspots: list[Hotspot] = Field(default_factory=list, title=N_("Hotspots"))
    platforms: list[str] = Field(default_factory=list, title=N_("Platforms"))
    schools: list[str] = Field(default_factory=list, exclude=True, title=N_("Scholen"))
    """Left out of ``places`` on the wire, where apps of protocol 2 refuse unknown fields: it
    travels as ``ConfigResponse.schools``."""

    @model_validator(mode="after")
    def _references(self) -> Self:
        if len(set(self.wijken)) != len(self.wijken):
            raise rule_error(N_("Een wijk komt twee keer voor."), field="wijken")
        for index, hotspot in enumerate(self.hotspots):
            if hotspot.wijk not in self.wijken:
                raise rule_error(
                    N_("De wijk {value} staat niet in de lijst wijken."),
                    field=f"hotspots.{index}.wijk",
                    value=hotspot.wijk,
                )
        return self


def entry_name(data: Any, path: Sequence[str]) -> str:
    """``categories[3] (wapens)``: the entry as a person finds it in the file."""
    parts: list[str] = []
    node = data
    for part in path:
        if part.isdigit() and isinstance(node, list):
            index = int(part)
            node = node[index] if index < len(node) else None
            label = ""
            if isinstance(node, Mapping):
                label = str(node.get("code") or node.get("name") or node.get("id") or "")
            parts[-1] += f"[{index + 1}]" + (f" ({label})" if label else "")
        else:
            parts.append(part)
            node = node.get(part) if isinstance(node, Mapping) else None
    return ".".join(parts) or _("het hele bestand")


T = TypeVar("T", bound=BaseModel)


def parse_config(model: type[T], data: Any, file: str) -> T:
    """Validate loaded file contents, or raise :class:`ConfigInvalid` naming the first mistake."""
    if not isinstance(data, Mapping):
        raise ConfigInvalid(
            file, _("het hele bestand"), _("het bestand is leeg of geen lijst van onderdelen.")
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = field_errors(model, exc)[0]
        raise ConfigInvalid(file, entry_name(data, first.field.split(".")), first.message) from None
