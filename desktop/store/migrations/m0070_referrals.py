"""Referrals (aanmeldingen) of youths to interventions: one table, found by their youth."""

from __future__ import annotations

from desktop.store.migrations.m0001_core import _record_table

STATEMENTS = [*_record_table("referral", "youth_id")]
