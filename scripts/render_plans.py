"""Render both PDFs of a demo plan to PNG pages for a person to look at (dev tool).

.venv/bin/python scripts/render_plans.py OUT_DIR      (needs pdftoppm, from poppler-utils)

Makes a throwaway vault with a synthetic youth (under 16, so a parent signs too), a full
plan signed by youth (drawn), parent and coach (on paper), and writes for the draft and the
signed version: the professional plan and the easy-read plan, as PDF and PNG pages.
"""

from __future__ import annotations

import base64
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from datetime import date, timedelta
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.demo_trajectories import add_trajectory
from desktop.services.plans import Plans
from desktop.services.youths import Youths
from veldwerk_core.models.actor import Profile, Role

PASSPHRASE = "Fiets-Regen-Molen-2026"


def scribble() -> str:
    """A signature-like PNG (a wave), made without Qt."""
    width, height = 300, 100
    pixels = bytearray(b"\x00\x00\x00\x00" * width * height)
    for x in range(20, 280):
        y = int(50 + 30 * math.sin(x / 18) * (1 - x / 400))
        for dy in (-1, 0, 1):
            offset = ((y + dy) * width + x) * 4
            pixels[offset : offset + 4] = b"\x10\x21\x3f\xff"
    rows = b"".join(
        b"\x00" + bytes(pixels[row * width * 4 : (row + 1) * width * 4]) for row in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode()


def render(pdf: Path) -> None:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm missing (apt-get install poppler-utils); PDFs only", file=sys.stderr)
        return
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        session = sessions.create(
            DataDir(Path(folder) / "data"),
            Secret(PASSPHRASE),
            Profile(name="Sanne de Boer", role=Role.YOUTH_WORKER, organisation="Jongerenwerk"),
            check_strength=False,
        )
        try:
            born = date.today().replace(year=date.today().year - 15) + timedelta(days=40)
            youth = Youths(session).create(
                {"first_name": "Zoë", "last_name": "IJzerman", "date_of_birth": born}
            )
            trajectory = add_trajectory(session, youth)
            plans = Plans(session)
            for easy, name in ((False, "professioneel"), (True, "makkelijk-lezen")):
                pdf = out / f"concept-{name}.pdf"
                plans.export(trajectory.id, pdf, easy_read=easy)
                render(pdf)
            today = date.today()
            plans.sign(
                trajectory.id,
                [
                    {
                        "signer": "youth",
                        "name": youth.full_name,
                        "signed_on": today,
                        "method": "drawn",
                        "image_png": scribble(),
                    },
                    {
                        "signer": "parent",
                        "name": "Fatima IJzerman",
                        "signed_on": today,
                        "method": "paper",
                    },
                    {
                        "signer": "coach",
                        "name": "Sanne de Boer",
                        "signed_on": today,
                        "method": "paper",
                    },
                ],
            )
            for easy, name in ((False, "professioneel"), (True, "makkelijk-lezen")):
                pdf = out / f"ondertekend-{name}.pdf"
                plans.export(trajectory.id, pdf, easy_read=easy)
                render(pdf)
        finally:
            session.lock()
    for path in sorted(out.iterdir()):
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "plans"))
