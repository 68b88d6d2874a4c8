"""The configuration in use: the municipality's from the server, else the bundled files.

The bundled files in ``resources/config/`` are checked at start-up. Once a device has synced,
the server's taxonomy, places, rules and retention terms (kept in the vault) take their place; opening a
vault installs its configuration, so each vault works with what its municipality decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from veldwerk_core.i18n import _
from veldwerk_core.models.config import ConfigInvalid, Places, Taxonomy, entry_name, parse_config
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import ConfigResponse
from veldwerk_core.resources import resource
from veldwerk_core.retention import RetentionTerms

TAXONOMY_FILE = "taxonomy.yaml"
PLACES_FILE = "places.yaml"
RULES_FILE = "rules.yaml"
RETENTION_FILE = "retention.yaml"


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


def load_retention(path: Path) -> RetentionTerms:
    """The bundled terms (a vault that never synced); a missing file means the defaults."""
    if not path.exists():
        return RetentionTerms()
    return parse_config(RetentionTerms, read_yaml(path) or {}, path.name)


def load_rules(path: Path, taxonomy: Taxonomy) -> RuleSet:
    data = read_yaml(path)
    rules = parse_config(RuleSet, data, path.name)
    unknown = rules.check_against(taxonomy)
    if unknown is not None:
        where, category = unknown
        raise ConfigInvalid(
            path.name,
            entry_name(data, where.split(".")),
            _("De categorie {value} bestaat niet in {file}.", value=category, file=TAXONOMY_FILE),
        )
    return rules


@dataclass(frozen=True)
class Configuration:
    taxonomy: Taxonomy
    places: Places
    rules: RuleSet
    retention: RetentionTerms = RetentionTerms()


_server: Configuration | None = None


def use_server_configuration(config: ConfigResponse | None) -> None:
    """Use the municipality's configuration (None: the bundled files) from now on."""
    global _server
    _server = (
        None
        if config is None
        else Configuration(
            taxonomy=config.taxonomy,
            places=config.places.model_copy(update={"schools": config.schools}),
            rules=config.rules,
            retention=config.retention,
        )
    )
    configuration.cache_clear()


@cache
def configuration(folder: Path | None = None) -> Configuration:
    """The configuration in use; raises ConfigInvalid naming the file and entry at fault."""
    if folder is None and _server is not None:
        return _server
    base = folder or resource("config")
    taxonomy = load_taxonomy(base / TAXONOMY_FILE)
    return Configuration(
        taxonomy=taxonomy,
        places=load_places(base / PLACES_FILE),
        rules=load_rules(base / RULES_FILE, taxonomy),
        retention=load_retention(base / RETENTION_FILE),
    )
