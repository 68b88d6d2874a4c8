"""Configuration files with mistakes are refused with a message naming the file and entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.config import configuration
from veldwerk_core.models.config import ConfigInvalid
from veldwerk_core.resources import resource


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(resource("config"), target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def failure(folder: Path) -> ConfigInvalid:
    configuration.cache_clear()
    try:
        with pytest.raises(ConfigInvalid) as caught:
            configuration(folder)
    finally:
        configuration.cache_clear()
    return caught.value


def test_the_shipped_configuration_is_valid() -> None:
    config = configuration()
    assert {c.code for c in config.taxonomy.categories} >= {
        "drugs_handel",
        "werving",
        "schoolverzuim",
    }
    assert "Noord" in config.places.wijken
    assert config.rules.rule("combinatie_90_dagen") is not None


@pytest.mark.parametrize(
    ("file", "old", "new", "entry", "problem"),
    [
        (
            "taxonomy.yaml",
            "life_domain: school}",
            "life_domain: kantine}",
            "categories[7] (schoolverzuim).life_domain",
            "Het leefgebied kantine bestaat niet",
        ),
        (
            "taxonomy.yaml",
            "{code: wapens,",
            "{code: drugs_handel,",
            "categories[3] (drugs_handel).code",
            "De code drugs_handel komt twee keer voor",
        ),
        (
            "taxonomy.yaml",
            "{code: geweld, label: Geweld,",
            "{code: Geweld!, label: Geweld,",
            "categories[4] (Geweld!).code",
            "niet de juiste vorm",
        ),
        (
            "taxonomy.yaml",
            "label: Schulden,",
            "label: '',",
            "categories[9] (schulden).label",
            "Naam is verplicht",
        ),
        (
            "taxonomy.yaml",
            "life_domains:",
            "levensdomeinen:",
            "life_domains",
            "Leefgebieden is verplicht",
        ),
        (
            "places.yaml",
            "{name: Sportpark Zuid, wijk: Zuid}",
            "{name: Sportpark Zuid, wijk: Zuidoost}",
            "hotspots[4] (Sportpark Zuid).wijk",
            "De wijk Zuidoost staat niet",
        ),
        (
            "rules.yaml",
            "min_signals: 3",
            "min_signals: 0",
            "rules[1] (combinatie_90_dagen).min_signals",
            "Minimaal aantal signalen moet minstens 1 zijn",
        ),
        (
            "rules.yaml",
            "categories: [drugs_handel,",
            "categories: [handel_in_drugs,",
            "rules[3] (broer_of_zus_in_traject).categories",
            "De categorie handel_in_drugs bestaat niet in taxonomy.yaml",
        ),
        (
            "rules.yaml",
            "kind: sibling_in_trajectory",
            "kind: broer_zus",
            "rules[3] (broer_of_zus_in_traject)",
            "de soort broer_zus is onbekend; kies uit: signal_combination, sibling_in_trajectory",
        ),
        (
            "rules.yaml",
            "id: ernstige_signalen_30_dagen",
            "id: combinatie_90_dagen",
            "rules[2] (combinatie_90_dagen).id",
            "komt twee keer voor",
        ),
    ],
)
def test_mistakes_name_file_entry_and_problem(
    folder: Path, file: str, old: str, new: str, entry: str, problem: str
) -> None:
    edit(folder, file, old, new)
    error = failure(folder)
    assert error.file == file
    assert error.entry == entry
    assert problem in error.problem
    assert file in error.user_message() and entry in error.user_message()


def test_broken_yaml_and_missing_file(folder: Path) -> None:
    edit(folder, "places.yaml", "platforms:", "platforms: [")
    error = failure(folder)
    assert (error.file, error.problem) == ("places.yaml", "dit is geen geldige YAML.")
    assert error.entry.startswith("regel ")
    (folder / "places.yaml").unlink()
    assert failure(folder).problem == "het bestand ontbreekt."


def test_the_municipality_s_places_reach_the_app_and_old_apps_still_read_them(
    folder: Path,
) -> None:
    """Issue 13, 11: wijken, hotspots and schools are the municipality's (Holtenbroek)."""
    from pydantic import BaseModel, ConfigDict

    from desktop.services.config import use_server_configuration
    from server.services import config_files
    from veldwerk_core.protocol import ConfigResponse

    edit(folder, "places.yaml", "  - Binnenstad\n", "  - Binnenstad\n  - Holtenbroek\n")
    edit(
        folder, "places.yaml", "  - Het Veldcollege\n", "  - Het Veldcollege\n  - Thomas a Kempis\n"
    )
    config_files.load.cache_clear()
    try:
        answer = config_files.load(folder)
    finally:
        config_files.load.cache_clear()
    wire = answer.model_dump(mode="json")
    assert "schools" not in wire["places"], "protocol 2 apps read places strictly"
    assert "Thomas a Kempis" in wire["schools"]

    class StrictPlaces(BaseModel):  # places as an app of protocol 2 reads them
        model_config = ConfigDict(extra="forbid")
        wijken: list[str]
        hotspots: list[dict[str, str]]
        platforms: list[str]

    StrictPlaces.model_validate(wire["places"])
    received = ConfigResponse.model_validate(wire)
    use_server_configuration(received)
    try:
        places = configuration().places
        assert "Holtenbroek" in places.wijken and "Thomas a Kempis" in places.schools
    finally:
        use_server_configuration(None)
    assert "Holtenbroek" not in configuration().places.wijken
