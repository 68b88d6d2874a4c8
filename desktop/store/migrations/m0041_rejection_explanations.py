"""Why the server refused a change, as it now says it: a message id and its values (protocol 2),
which the app words in the person's language. ``message`` keeps what older servers sent."""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE sync_rejected ADD COLUMN explanation TEXT "
    "CHECK (explanation IS NULL OR json_valid(explanation))",
]
