"""Smoke test of the frozen app: what a new user does first, run in the PyInstaller bundle.

    .venv/bin/python installers/smoke.py [dist/veldwerk/veldwerk]

Run by ``make smoke-frozen`` (part of ``make test``) after ``make bundle``. Against a fresh
temporary data directory it runs, in the bundle: ``--version``, ``init``, ``demo --youths 50``,
``plan export`` (of a trajectory the demo made; found with the app's own services from the
checkout) and the GUI offscreen until its main window shows (``VELDWERK_EXIT_WHEN_READY``).
Each step has a time limit; the last line says how many steps passed, as a test runner would.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUNDLE = ROOT / "dist" / "veldwerk" / "veldwerk"
# Made up for this run only; the vault lives in a temporary directory removed afterwards.
PASSPHRASE = "rookproef-kluis-tijdelijk-42"


class StepFailed(Exception):
    pass


def _run(
    bundle: Path, args: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            [str(bundle), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise StepFailed(f"no answer within {timeout:.0f} s") from exc
    if done.returncode != 0:
        raise StepFailed(
            f"exit code {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
    return done


def _a_trajectory(data_dir: Path) -> str:
    """The id of a trajectory the demo made, read with the app's services from the checkout."""
    sys.path.insert(0, str(ROOT))
    from desktop.models.secret import Secret
    from desktop.paths import DataDir
    from desktop.services import session as sessions
    from desktop.services.trajectories import Trajectories

    session = sessions.unlock(DataDir(data_dir), Secret(PASSPHRASE))
    try:
        rows = Trajectories(session).search(limit=1)
    finally:
        session.lock()
    if not rows:
        raise StepFailed("the demo made no trajectory to export")
    return str(rows[0].trajectory.id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, nargs="?", default=DEFAULT_BUNDLE)
    args = parser.parse_args(argv)
    bundle: Path = args.bundle.resolve()
    if not bundle.is_file():
        print(f"smoke: no bundle at {bundle}; build it with `make bundle`", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="veldwerk-smoke-") as temp:
        data_dir = Path(temp) / "data"
        pdf = Path(temp) / "plan.pdf"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("VELDWERK_", "PYTHON"))  # the bundle must need nothing
        }
        env.update(
            VELDWERK_DATA_DIR=str(data_dir),
            VELDWERK_PASSPHRASE=PASSPHRASE,
            QT_QPA_PLATFORM="offscreen",
            HOME=temp,  # nothing of the machine's user: settings, caches, fonts
        )

        def version() -> str:
            out = _run(bundle, ["--version"], env, 60).stdout.strip()
            from veldwerk_core import __version__

            if out != f"veldwerk {__version__}":
                raise StepFailed(f"printed {out!r}, not the version {__version__}")
            return out

        def init() -> str:
            _run(bundle, ["--lang", "en", "init", "--name", "Rook Proef"], env, 120)
            if not (data_dir / "vault.veldwerk").is_file():
                raise StepFailed("no vault in the data directory")
            return "vault made"

        def demo() -> str:
            return _run(bundle, ["--lang", "en", "demo", "--youths", "50"], env, 300).stdout

        def plan_export() -> str:
            trajectory = _a_trajectory(data_dir)
            _run(bundle, ["plan", "export", trajectory, "-o", str(pdf)], env, 120)
            if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
                raise StepFailed("no PDF written")
            return f"{pdf.stat().st_size} bytes"

        def gui() -> str:
            gui_env = {**env, "VELDWERK_EXIT_WHEN_READY": "1"}
            out = _run(bundle, [], gui_env, 180).stdout
            ready = [line for line in out.splitlines() if line.startswith("ready ")]
            if not ready:
                raise StepFailed(f"the main window did not show; printed {out!r}")
            return ready[-1]

        steps: list[tuple[str, Callable[[], str]]] = [
            ("--version", version),
            ("init", init),
            ("demo --youths 50", demo),
            ("plan export", plan_export),
            ("GUI offscreen until the main window shows", gui),
        ]
        passed = failed = 0
        for name, step in steps:
            started = time.perf_counter()
            try:
                said = step().strip().splitlines()
            except StepFailed as problem:
                failed += 1
                print(f"FAILED {name} ({time.perf_counter() - started:.1f} s): {problem}")
                break  # each step needs the one before it
            passed += 1
            print(
                f"ok     {name} ({time.perf_counter() - started:.1f} s) {said[-1] if said else ''}"
            )
    print(f"smoke: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == len(steps) else 1


if __name__ == "__main__":
    raise SystemExit(main())
