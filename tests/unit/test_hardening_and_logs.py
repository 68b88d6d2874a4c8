from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from desktop.logsetup import configure


def test_hardening_switches_off_core_dumps_in_the_process() -> None:
    code = (
        "import resource; from desktop import hardening; hardening.apply();"
        "print(resource.getrlimit(resource.RLIMIT_CORE));"
        "print(open('/proc/self/status').read().count('\\n') > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[0] == "(0, 0)"


def test_log_filter_masks_what_looks_like_personal_data(tmp_path: Path) -> None:
    configure(tmp_path)
    log = logging.getLogger("veldwerk.test")
    log.warning(
        "bsn %s mail %s tel %s count %d", "111222333", "iemand@example.nl", "06-12345678", 12
    )
    for handler in logging.getLogger("veldwerk").handlers:
        handler.flush()
    text = (tmp_path / "veldwerk.log").read_text()
    assert "111222333" not in text and "iemand@example.nl" not in text and "12345678" not in text
    assert text.count("[weggelaten]") == 3 and "count 12" in text
    configure(None)
