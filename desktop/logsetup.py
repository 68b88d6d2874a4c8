"""Logging: named loggers per subsystem, a file in the data directory, no personal data.

The code never logs names, dates of birth, BSNs or free text. As a second line of defence a
filter masks anything that looks like a BSN, an e-mail address or a phone number.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

_PATTERNS = (
    re.compile(r"(?<!\d)\d{8,9}(?!\d)"),  # BSN
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail
    re.compile(r"(?<!\d)(?:\+31|0)[\s-]?\d(?:[\s-]?\d){8}(?!\d)"),  # Dutch phone number
)


class Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern in _PATTERNS:
            message = pattern.sub("[weggelaten]", message)
        record.msg, record.args = message, None
        return True


def configure(logs: Path | None, *, level: int = logging.INFO) -> None:
    root = logging.getLogger("veldwerk")
    root.setLevel(level)
    root.propagate = False
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if logs is not None:
        logs.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            logs / "veldwerk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        file_handler.setFormatter(formatter)
        file_handler.addFilter(Redact())
        root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(formatter)
    console.addFilter(Redact())
    root.addHandler(console)
