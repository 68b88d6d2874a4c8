"""Municipal configuration distributed to devices: taxonomy, places, combination rules,
retention terms and the interventions catalogue.

The files are those the desktop app bundles (resources/config/), unless ``CONFIG_DIR`` points
at a municipality's own. They are validated with the same models the app uses, so a mistake
stops the server at start-up with the file and entry named, not a device in the field.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from veldwerk_core.models.config import ConfigInvalid, Places, Taxonomy, parse_config
from veldwerk_core.models.intervention import Interventions
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import ConfigResponse
from veldwerk_core.resources import resource
from veldwerk_core.retention import RetentionTerms

INTERVENTIONS = "interventions.yaml"


def _load(folder: Path, name: str) -> Any:
    path = folder / name
    if not path.exists():
        path = resource("config", name)
        if not path.exists():
            return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _interventions(base: Path) -> list[dict[str, Any]]:
    data = _load(base, INTERVENTIONS) or {"interventions": []}
    catalogue = parse_config(Interventions, data, INTERVENTIONS)
    return [entry.model_dump(mode="json") for entry in catalogue.interventions]


@cache
def load(folder: Path | None) -> ConfigResponse:
    base = folder or resource("config")
    taxonomy = parse_config(Taxonomy, _load(base, "taxonomy.yaml"), "taxonomy.yaml")
    places = parse_config(Places, _load(base, "places.yaml"), "places.yaml")
    rules = parse_config(RuleSet, _load(base, "rules.yaml"), "rules.yaml")
    unknown = rules.check_against(taxonomy)
    if unknown is not None:
        raise ConfigInvalid("rules.yaml", unknown[0], f"categorie {unknown[1]} bestaat niet")
    retention = parse_config(RetentionTerms, _load(base, "retention.yaml") or {}, "retention.yaml")
    parts = {
        "taxonomy": taxonomy.model_dump(mode="json"),
        "places": places.model_dump(mode="json"),
        "schools": list(places.schools),
        "rules": rules.model_dump(mode="json"),
        "retention": retention.model_dump(mode="json"),
        "interventions": _interventions(base),
    }
    version = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    return ConfigResponse.model_validate({"version": version, **parts})
