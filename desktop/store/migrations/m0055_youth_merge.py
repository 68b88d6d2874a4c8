"""Merged registrations of one youth: the merge record (with its provenance), by the kept youth
and by the registration that went into it (a merged youth's id leads to the kept one)."""

from __future__ import annotations

from desktop.store.migrations.m0001_core import _record_table

STATEMENTS = [*_record_table("youth_merge", "youth_id", "merged_id")]
