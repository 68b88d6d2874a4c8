"""Working together: consents and shares of signals, handovers, "wie doet wat" notices, tasks,
and the early-signalling meeting with its agenda items. One table per kind, with generated
columns for the links the vault looks records up by (a part by its parent: see kind_sql)."""

from __future__ import annotations

from desktop.store.migrations.m0001_core import _record_table

STATEMENTS = [
    *_record_table("consent", "youth_id"),
    *_record_table("share", "signal_id"),
    *_record_table("handover", "youth_id"),
    *_record_table("notice", "youth_id"),
    *_record_table("task", "youth_id"),
    *_record_table("meeting"),
    *_record_table("meeting_item", "meeting_id"),
]
