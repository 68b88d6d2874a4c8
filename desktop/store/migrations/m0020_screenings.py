"""Screenings per youth in date order: the history and the timeline read them that way."""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE screening ADD COLUMN screened_on TEXT "
    "GENERATED ALWAYS AS (data ->> '$.screened_on') VIRTUAL",
    "CREATE INDEX screening_youth_date ON screening(youth_id, screened_on)",
    "CREATE INDEX screening_date ON screening(screened_on)",
]
