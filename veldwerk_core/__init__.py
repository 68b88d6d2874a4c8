"""The shared kernel of Veldwerk: record shapes and their rules, the sync protocol, reason
codes, and the resources both the desktop app and the municipal server read.

No Qt, no SQL, no network: the desktop app (``desktop``) and the server (``server``) each
depend on this package and on nothing of each other.
"""

__version__ = "0.1.0"
