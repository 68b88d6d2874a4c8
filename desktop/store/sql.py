"""Small SQL helpers shared by the query modules."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable


def id_list(values: Iterable[uuid.UUID | str]) -> str:
    """A JSON array for ``... IN (SELECT value FROM json_each(?))``: any number of ids, one
    parameter."""
    return json.dumps([str(value) for value in values])
