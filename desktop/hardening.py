"""Process hardening applied at start-up: no core dumps, private files.

A core dump of an unlocked app would hold decrypted case data and key material, so the app
switches them off for itself before it opens anything.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

log = logging.getLogger("veldwerk")

PR_SET_DUMPABLE = 4


def disable_core_dumps() -> None:
    if sys.platform.startswith(("linux", "darwin", "freebsd")):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc_name = ctypes.util.find_library("c")
        if libc_name:
            libc = ctypes.CDLL(libc_name, use_errno=True)
            # Not dumpable: no core file even if a limit is raised later, no ptrace by others.
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                log.warning("could not mark the process as not dumpable")


def private_files() -> None:
    """New files are readable by the current user only."""
    if os.name == "posix":
        os.umask(0o077)


def apply() -> None:
    disable_core_dumps()
    private_files()
