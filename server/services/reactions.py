"""Every use case that reacts to writes registers here (see server_writes.reacts_to)."""

from server.services import consents, flags, handovers, merge, notices

__all__ = ["consents", "flags", "handovers", "merge", "notices"]
