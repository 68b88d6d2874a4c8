"""A property: any JSON string in any field of a push is answered 2xx or 4xx, never 5xx, on
SQLite and PostgreSQL - lone surrogates, NUL, astral characters, 10,000 characters, as a value,
as a key, in a nested part, in the mutation's own fields."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.server.helpers import World, mutation, signal_fields, youth_fields
from veldwerk_core.models import new_id

SPECIAL = ["\ud800", "\udfff", "a\udc00b", "\x00", "Da\x00an", "\U0001f600", "\u202e", "", " "]
texts = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=40),
    st.sampled_from(SPECIAL),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from(["x", "\U0001f600", "\x00", "\ud800", "é"]),
        st.sampled_from([255, 256, 4001, 8001, 10_000]),
    ),
)
WHERE = ("value", "key", "nested", "mutation", "list")


def _place(body: dict[str, Any], where: str, name: str, text: str) -> None:
    """Put ``text`` into the one mutation of ``body`` at ``where``, near ``name``."""
    [change] = body["mutations"]
    fields = change["fields"]
    if where == "value":
        fields[name] = text
    elif where == "key":
        fields[text] = fields.pop(name)
    elif where == "nested":
        fields[name] = {"place_kind": "wijk", "wijk": text, text: [text]}
    elif where == "list":
        fields[name] = [text, {"role": text}]
    else:  # the mutation's own fields: ids, kind, operation, time
        change[name] = text


@settings(max_examples=120, deadline=None)
@given(
    kind=st.sampled_from(["youth", "signal"]),
    where=st.sampled_from(WHERE),
    pick=st.integers(min_value=0),
    text=texts,
)
def test_any_string_anywhere_in_a_push_is_never_a_server_error(
    world: World, kind: str, where: str, pick: int, text: str
) -> None:
    worker = world["youth_worker"]
    youth = str(new_id())
    fields = youth_fields() if kind == "youth" else signal_fields([youth])
    body = {"mutations": [mutation(kind, new_id(), fields)]}
    names = (
        ["mutation_id", "record_kind", "record_id", "op", "created_at"]
        if where == "mutation"
        else sorted(fields)
    )
    _place(body, where, names[pick % len(names)], text)
    content = json.dumps(body, ensure_ascii=True).encode("ascii")
    response = worker.client.post(
        "/api/v1/sync/push",
        content=content,
        headers={**worker.headers, "Content-Type": "application/json"},
    )
    assert response.status_code < 500, response.text
    answer = response.json()
    if response.status_code == 200:
        assert len(answer["results"]) == 1
    else:
        assert response.status_code in (400, 413, 422)
        assert answer["reason"] == "invalid_request"
