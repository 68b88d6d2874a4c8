"""veldwerk instrument import/list, run as an administrator would."""

from __future__ import annotations

from pathlib import Path

import yaml

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.instruments import Instruments
from tests.conftest import PASSPHRASE
from tests.integration.test_cli import veldwerk
from tests.screening_data import definition_data


def test_import_validates_adds_a_version_and_lists(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "d")
    assert veldwerk("--data-dir", data_dir, "init", "--name", "Beheerder").returncode == 0
    good = tmp_path / "proef.yaml"
    good.write_text(yaml.safe_dump(definition_data(), allow_unicode=True), encoding="utf-8")

    first = veldwerk("--data-dir", data_dir, "instrument", "import", str(good))
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Instrument Proeflijst versie 1 toegevoegd (5 vragen)."
    again = veldwerk("--data-dir", data_dir, "instrument", "import", str(good))
    assert again.stdout.strip().endswith("stond al in de kluis; niets gewijzigd.")

    broken = definition_data()
    broken["items"][1]["weight"] = -2
    bad = tmp_path / "fout.yaml"
    bad.write_text(yaml.safe_dump(broken), encoding="utf-8")
    refused = veldwerk("--data-dir", data_dir, "instrument", "import", str(bad), passphrase=None)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Fout: Fout in instrumentbestand fout.yaml, items[2] (toezicht).weight: "
        "Gewicht moet tussen 0 en 100 liggen."
    ), "the file is checked before the passphrase is asked"

    listed = veldwerk("--data-dir", data_dir, "instrument", "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "proef versie 1: Proeflijst (5 vragen)",
        "signalen-criminele-uitbuiting versie 1: Signalen criminele uitbuiting (voorbeeld) "
        "(14 vragen)",
        "vroegsignalering-jonge-aanwas versie 1: Vroegsignalering jonge aanwas (voorbeeld) "
        "(34 vragen)",
    ]
    session = sessions.unlock(DataDir(tmp_path / "d"), Secret(PASSPHRASE))
    try:
        assert [i.version for i in Instruments(session).versions("proef")] == [1]
    finally:
        session.lock()
