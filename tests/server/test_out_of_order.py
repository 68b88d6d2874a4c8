"""A transaction that holds the sequence while another commits: no row is ever skipped."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from server.core.db import make_engine, session_factory
from server.db_models import Organisation, StoredRecord
from server.services.records import Sequence
from tests.server.helpers import World, mutation, settings_for, youth_fields
from veldwerk_core.models import new_id, utc_now


def test_a_slow_transaction_never_makes_a_cursor_skip_its_row(pg_url: str) -> None:
    from server.api.main import create_app

    app = create_app(settings_for(pg_url), run_migrations=False)
    with TestClient(app) as client:
        world = World(settings_for(pg_url), client).build()
        reader, writer = world["youth_worker"], world["colleague"]
        reader.pull_all()
        engine = make_engine(pg_url)
        sessions = session_factory(engine)
        slow_id = str(new_id())
        # Transaction A takes the municipality's sequence and writes, but does not commit yet.
        slow = sessions()
        slow.begin()
        org = slow.get(Organisation, reader.organisation_id)
        assert org is not None
        sequence = Sequence(slow, org.municipality_id)
        slow.add(
            StoredRecord(
                id=slow_id, kind="youth", municipality_id=org.municipality_id, version=1,
                seq=sequence.next(), deleted=False, data={"placeholder": True},
                field_versions={}, created_by=reader.user_id, owner_org_id=org.id,
                youth_id=slow_id, updated_at=utc_now(),
            )
        )  # fmt: skip
        slow.flush()

        # Transaction B (a real push) must wait for A instead of committing a higher number.
        fast_id = str(new_id())
        done = threading.Event()

        def push_b() -> None:
            writer.push(mutation("youth", fast_id, youth_fields()))
            done.set()

        thread = threading.Thread(target=push_b)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()
        page = reader.pull_page()
        assert page["records"] == [] and page["cursor"] == reader.cursor

        slow.commit()
        slow.close()
        thread.join(timeout=10)
        assert done.is_set()
        got = reader.pull_all()
        assert slow_id in got["records"]
        # B's row comes after A's in the sequence, so it is not lost either (B is another
        # user's youth: the reader only sees its own; the writer sees B's).
        assert fast_id in writer.pull_all()["records"]
        engine.dispose()
    app.state.ctx.engine.dispose()
