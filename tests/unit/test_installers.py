"""The installer recipes hold together (issue 18, 1). Building and running the Linux bundle is
``make smoke-frozen`` (installers/smoke.py); Windows, macOS and the container image cannot be
built here, so what can be checked without them is checked: the files they name exist, and
the properties their documentation promises are in them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLERS = ROOT / "installers"


def test_the_spec_collects_the_app_by_construction_not_by_a_list() -> None:
    spec = (INSTALLERS / "veldwerk.spec").read_text(encoding="utf-8")
    assert 'APP_PACKAGES = ["desktop", "veldwerk_core"]' in spec
    assert "collect_submodules(package)" in spec and "collect_data_files(package)" in spec
    assert '(str(root / "resources"), "resources")' in spec
    # No module of the app named by hand: a list is how the bundle lost its migrations.
    assert not re.search(r"desktop\.\w+\.|m\d{4}_", spec)
    for name in ("veldwerk.ico", "veldwerk.png"):
        assert name in spec and (INSTALLERS / "icons" / name).is_file()
    assert (INSTALLERS / "macos" / "entitlements.plist").is_file()


def test_the_makefile_builds_packages_and_runs_the_smoke_test_in_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_target = re.search(r"^test:(.*)$", makefile, re.MULTILINE)
    assert test_target and "smoke-frozen" in test_target.group(1).split()
    for target in ("bundle", "package", "smoke-frozen"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    assert "installers/veldwerk.spec" in makefile and "installers/smoke.py" in makefile


def test_the_desktop_entry_names_the_command_and_an_installed_icon() -> None:
    entry = dict(
        line.split("=", 1)
        for line in (INSTALLERS / "veldwerk.desktop").read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert entry["Exec"] == "veldwerk" and entry["Icon"] == "veldwerk"
    assert entry["Terminal"] == "false"
    deb = (INSTALLERS / "build_deb.sh").read_text(encoding="utf-8")
    assert "installers/veldwerk.desktop" in deb and "apps/veldwerk.png" in deb


def test_the_windows_installer_is_per_user_and_keeps_the_vault() -> None:
    script = (INSTALLERS / "veldwerk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script
    assert re.search(
        r'^Name: "\{group\}\\Veldwerk"; Filename: "\{app\}\\veldwerk.exe"', script, re.M
    )
    # The uninstaller removes only the program's folder and names where the vault stays:
    # platformdirs' user_data_dir("Veldwerk", "Veldwerk") on Windows, or VELDWERK_DATA_DIR.
    assert "{localappdata}\\Veldwerk\\Veldwerk" in script and "VELDWERK_DATA_DIR" in script
    assert "usPostUninstall" in script
    for language in ("dutch", "english"):
        assert f"{language}.VaultKept=" in script
    deleted = re.findall(r'^Type: \w+; Name: "([^"]+)"', script, re.MULTILINE)
    assert deleted and all(name.startswith("{app}") for name in deleted)
    assert (INSTALLERS / "icons" / "veldwerk.ico").is_file()


def test_the_server_image_is_non_root_checks_its_health_and_copies_what_exists() -> None:
    dockerfile = (INSTALLERS / "server" / "Dockerfile").read_text(encoding="utf-8")
    for line in dockerfile.splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            source = line.split()[1]
            assert (ROOT / source).exists(), source
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and not users[-1].startswith(("root", "0"))
    check = re.search(r'HEALTHCHECK .*CMD \["python", "-c", \\\n\s*"(.*)"\]', dockerfile)
    assert check, "a health check that asks /health"
    compile(check.group(1), "HEALTHCHECK", "exec")  # the command is valid Python
    assert "/health" in check.group(1)
    assert 'ENTRYPOINT ["veldwerk-server"]' in dockerfile
    assert "PYTHONDONTWRITEBYTECODE=1" in dockerfile  # nothing written to a read-only root


def test_the_systemd_unit_runs_the_server_confined() -> None:
    unit = (INSTALLERS / "server" / "veldwerk-server.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0] != "#"
    )
    assert shlex.split(settings["ExecStart"])[1:] == ["serve"]
    assert settings["DynamicUser"] == "yes" and settings["ProtectSystem"] == "strict"
    assert settings["NoNewPrivileges"] == "yes" and settings["CapabilityBoundingSet"] == ""
    assert settings["EnvironmentFile"] == "/etc/veldwerk/server.env"
