"""Loading the configuration files in ``resources/config/``, checked at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.i18n import _
from desktop.models.config import ConfigInvalid, Places, Taxonomy, parse_config
from desktop.paths import resource

TAXONOMY_FILE = "taxonomy.yaml"
PLACES_FILE = "places.yaml"


def read_yaml(path: Path) -> Any:
    """The file's contents; a syntax error is reported with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigInvalid(path.name, _("het hele bestand"), _("het bestand ontbreekt.")) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("regel {line}", line=mark.line + 1) if mark is not None else _("het hele bestand")
        raise ConfigInvalid(path.name, where, _("dit is geen geldige YAML.")) from None


def load_taxonomy(path: Path) -> Taxonomy:
    return parse_config(Taxonomy, read_yaml(path), path.name)


def load_places(path: Path) -> Places:
    return parse_config(Places, read_yaml(path), path.name)


@dataclass(frozen=True)
class Configuration:
    taxonomy: Taxonomy
    places: Places


@cache
def configuration(folder: Path | None = None) -> Configuration:
    """The configuration in use; raises ConfigInvalid naming the file and entry at fault."""
    base = folder or resource("config")
    return Configuration(
        taxonomy=load_taxonomy(base / TAXONOMY_FILE),
        places=load_places(base / PLACES_FILE),
    )
