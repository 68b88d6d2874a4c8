"""Veldwerk: offline-first, encrypted field app for youth workers and their partners."""

__version__ = "0.1.0"
