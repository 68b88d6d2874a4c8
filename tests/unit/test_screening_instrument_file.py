"""Instrument files: the bundled examples are valid; every mistake is named with file, entry
and problem, so a functioneel beheerder can fix it without reading code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from desktop.services.instruments import bundled, read_file
from tests.screening_data import definition_data
from veldwerk_core.models.instrument import InstrumentInvalid, json_schema_text, parse_instrument
from veldwerk_core.resources import resource

Mutation = Callable[[dict[str, Any]], object]

MISTAKES: list[tuple[str, Mutation, str, str]] = [
    ("missing title", lambda d: d.pop("title"), "title", "Titel is verplicht."),
    (
        "item in an unknown domain",
        lambda d: d["items"][1].update(domain="school"),
        "items[2] (toezicht).domain",
        "Domein school staat niet in de lijst domains.",
    ),
    (
        "two items with one code",
        lambda d: d["items"][2].update(id="ruzie"),
        "items[3] (ruzie).id",
        "Code ruzie komt twee keer voor.",
    ),
    (
        "unknown answer type",
        lambda d: d["items"][0].update(answer_type="ja_nee"),
        "items[1] (ruzie).answer_type",
        "De code ja_nee bestaat niet; kies uit: yes_no_unknown (Ja / nee / onbekend), "
        "scale_0_2 (Schaal 0-1-2), count (Aantal), date (Datum).",
    ),
    (
        "negative weight",
        lambda d: d["items"][1].update(weight=-1),
        "items[2] (toezicht).weight",
        "Gewicht moet tussen 0 en 100 liggen.",
    ),
    (
        "weight is not a number",
        lambda d: d["items"][1].update(weight="zwaar"),
        "items[2] (toezicht).weight",
        "Gewicht moet een getal zijn.",
    ),
    (
        "bands not in ascending order",
        lambda d: d["bands"][2].update(min_score=3),
        "bands[3] (hoog).min_score",
        "De uitkomsten moeten op oplopende score staan (min_score).",
    ),
    (
        "rule asks about an unknown item",
        lambda d: d["rules"][0]["when"]["all"][1]["answer"].update(item="delict"),
        "rules[1] (doelgroep).when.all[2].answer.item",
        "Vraag delict staat niet in de lijst items.",
    ),
    (
        "condition with two operators",
        lambda d: d["rules"][1].update(when={"age": {"min": 8}, "rule": "doelgroep"}),
        "rules[2] (recent).when",
        "Een voorwaarde heeft precies één van: all, any, not, age, answer, present, score, rule.",
    ),
    (
        "condition that does not exist",
        lambda d: d["rules"][1].update(when={"leeftijd": {"min": 8}}),
        "rules[2] (recent).when",
        "Voorwaarde leeftijd bestaat niet; kies uit: all, any, not, age, answer, present, "
        "score, rule.",
    ),
    (
        "weighted date item without recent_days",
        lambda d: d["items"][3].pop("recent_days"),
        "items[4] (politie).recent_days",
        "Een datumvraag met een gewicht heeft recent_days nodig: hoeveel dagen voor de "
        "screening de datum telt.",
    ),
    (
        "max_count on a yes/no item",
        lambda d: d["items"][0].update(max_count=3),
        "items[1] (ruzie).max_count",
        "Hoogste aantal hoort alleen bij het soort antwoord Aantal.",
    ),
    (
        "equals does not fit the answer type",
        lambda d: d["rules"][1].update(when={"answer": {"item": "toezicht", "equals": "yes"}}),
        "rules[2] (recent).when.answer.equals",
        "De waarde bij equals past niet bij het soort antwoord van vraag toezicht.",
    ),
    (
        "onbekend counts for more than the whole item",
        lambda d: d.update(unknown_counts_as=2),
        "unknown_counts_as",
        "Onbekend telt als moet tussen 0 en 1 liggen.",
    ),
    (
        "rule lifts to a band that does not exist",
        lambda d: d["rules"][1].update(min_band="zeer_hoog"),
        "rules[2] (recent).min_band",
        "Uitkomst zeer_hoog staat niet in de lijst bands.",
    ),
    (
        "rule refers to a later rule",
        lambda d: d["rules"][0].update(when={"rule": "recent"}),
        "rules[1] (doelgroep).when.rule",
        "Regel recent moet eerder in de lijst rules staan.",
    ),
    (
        "domain without items",
        lambda d: d["domains"].append({"id": "school", "title": "School"}),
        "domains[3] (school)",
        "Domein school heeft geen vragen.",
    ),
    (
        "age range upside down",
        lambda d: d["rules"][0]["when"]["all"][0].update(age={"min": 23, "max": 8}),
        "rules[1] (doelgroep).when.all[1].age.max",
        "De ondergrens (min) is groter dan de bovengrens (max).",
    ),
    (
        "misspelt field",
        lambda d: d["items"][0].update(gewicht=2),
        "items[1] (ruzie).gewicht",
        "Gewicht is geen bekend veld.",
    ),
    ("version 0", lambda d: d.update(version=0), "version", "Versie moet minstens 1 zijn."),
    (
        "id with spaces",
        lambda d: d.update(id="Mijn Lijst"),
        "id",
        "Code heeft niet de juiste vorm.",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "entry", "problem"),
    [case[1:] for case in MISTAKES],
    ids=[case[0] for case in MISTAKES],
)
def test_each_mistake_is_named(mutation: Mutation, entry: str, problem: str) -> None:
    data = definition_data()
    mutation(data)
    with pytest.raises(InstrumentInvalid) as caught:
        parse_instrument(data, "proef.yaml")
    assert (caught.value.file, caught.value.entry, caught.value.problem) == (
        "proef.yaml",
        entry,
        problem,
    )
    assert str(caught.value) == f"Fout in instrumentbestand proef.yaml, {entry}: {problem}"


def test_the_test_instrument_itself_is_valid() -> None:
    assert parse_instrument(definition_data(), "proef.yaml").title == "Proeflijst"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_level_mistakes(tmp_path: Path) -> None:
    cases = {
        write(
            tmp_path, "kapot.yaml", "id: proef\nitems: [\n"
        ): "regel 3: dit is geen geldige YAML.",
        write(tmp_path, "kapot.json", '{"id": "proef",\n}'): "regel 2: dit is geen geldige JSON.",
        write(tmp_path, "leeg.yaml", ""): (
            "het hele bestand: het bestand is leeg of geen lijst van onderdelen."
        ),
        write(tmp_path, "lijst.txt", "x"): "het hele bestand: gebruik een .yaml-, .yml- of "
        ".json-bestand.",
        tmp_path / "weg.yaml": "het hele bestand: het bestand ontbreekt.",
    }
    for path, expected in cases.items():
        with pytest.raises(InstrumentInvalid) as caught:
            read_file(path)
        assert str(caught.value) == f"Fout in instrumentbestand {path.name}, {expected}"


def test_yaml_and_json_files_give_the_same_instrument(tmp_path: Path) -> None:
    data = definition_data()
    from_yaml = read_file(write(tmp_path, "proef.yaml", yaml.safe_dump(data, allow_unicode=True)))
    from_json = read_file(write(tmp_path, "proef.json", json.dumps(data)))
    assert from_yaml == from_json
    assert from_yaml.fingerprint() == from_json.fingerprint()


def test_unquoted_yes_in_yaml_means_the_answer_yes(tmp_path: Path) -> None:
    data = definition_data()
    data["rules"][1]["when"] = {"answer": {"item": "ruzie", "equals": "yes"}}
    text = yaml.safe_dump(data).replace("equals: 'yes'", "equals: yes")
    assert "equals: yes" in text, "YAML reads this as the boolean true"
    rule = read_file(write(tmp_path, "proef.yaml", text)).rules[1]
    assert rule.when.answer is not None and rule.when.answer.equals == "yes"


def test_bundled_examples_are_valid_marked_and_paraphrased() -> None:
    examples = {definition.id: definition for definition in bundled()}
    assert set(examples) == {"vroegsignalering-jonge-aanwas", "signalen-criminele-uitbuiting"}
    for definition in examples.values():
        assert definition.example and "(voorbeeld)" in definition.title
        path = resource("instruments", f"{definition.id}.yaml")
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("# VOORBEELD")
        assert definition.rules and len(definition.bands) >= 3
    jonge_aanwas = examples["vroegsignalering-jonge-aanwas"]
    assert jonge_aanwas.rules[0].title == "Doelgroep jonge aanwas"
    assert {d.id for d in jonge_aanwas.domains} >= {"individueel", "gezin", "sociaal"}


def test_published_json_schema_is_up_to_date() -> None:
    published = Path(__file__).resolve().parents[2] / "docs" / "instrument.schema.json"
    assert published.read_text(encoding="utf-8") == json_schema_text(), (
        "run: python scripts/instrument_schema.py"
    )


def test_json_schema_accepts_the_example_files_and_rejects_a_mistake() -> None:
    schema = json.loads(json_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for definition in bundled():
        path = resource("instruments", f"{definition.id}.yaml")
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    wrong = definition_data()
    wrong["items"][0]["answer_type"] = "ja_nee"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)
    wrong = definition_data()
    wrong["rules"][0]["when"] = {"age": {"min": 8}, "rule": "x"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_the_example_in_the_admin_guide_is_a_valid_instrument() -> None:
    guide = Path(__file__).resolve().parents[2] / "docs" / "instrumenten.md"
    text = guide.read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    definition = parse_instrument(yaml.safe_load(block), "instrumenten.md")
    assert definition.id == "mijn-lijst" and len(definition.items) == 4
