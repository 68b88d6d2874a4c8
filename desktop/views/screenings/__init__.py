"""Screenings: checklists filled in with the keyboard, their explanation and history."""

from desktop.views.screenings.section import ScreeningsSection

__all__ = ["ScreeningsSection"]
