"""Indexes that answer the signal list without reading records.

A filtered, time-ordered page is read from one index: its leading column is the most selective
filter used (or the time), the time comes next (so no sort is needed), and the other filter
columns and the id follow, so the remaining conditions - and the "not corrected" check - are
decided from the index. Filter columns are generated from the JSON record; an index keeps the
computed values, while evaluating them on the table would parse every record (~30 us each).
"""

from __future__ import annotations

STATEMENTS = [
    "DROP INDEX signal_occurred_at",  # text order of pydantic's timestamps is not time order
    "DROP INDEX signal_occurred",
    "DROP INDEX signal_category",
    "CREATE INDEX signal_by_time ON signal(occurred, category, life_domain, severity, wijk, id)",
    "CREATE INDEX signal_by_category "
    "ON signal(category, occurred, life_domain, severity, wijk, id)",
    "CREATE INDEX signal_by_wijk ON signal(wijk, occurred, category, life_domain, severity, id)",
]
