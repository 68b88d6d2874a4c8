"""The regisseur's early-signalling meeting (vroegsignaleringsoverleg)."""

from desktop.views.meetings.window import MeetingsWindow

__all__ = ["MeetingsWindow"]
