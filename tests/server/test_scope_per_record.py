"""A push asks the scope about a few records at a time (``visible_ids``), a pull and the state
check compute the whole scope (``visible_statement``): both must give the same answer for every
role and every kind of record, groups and group signals included."""

from __future__ import annotations

from sqlalchemy import select

from server.core.db import make_engine, session_factory, transaction
from server.db_models import Device, StoredRecord
from server.services import devices
from server.services.scope import PER_RECORD_UP_TO, scope_of, visible_ids, visible_statement
from tests.server.helpers import World, mutation, signal_fields, youth_fields
from tests.server.test_scope import ROLES, build_cases
from veldwerk_core.models import new_id


def test_asking_per_record_agrees_with_the_whole_scope(world: World) -> None:
    build_cases(world)
    colleague, elsewhere = world["colleague"], world["elsewhere"]
    own_group, open_group, youth = str(new_id()), str(new_id()), str(new_id())
    results = colleague.push(
        mutation("youth", youth, youth_fields(first_name="Groepslid")),
        mutation("youth_group", own_group, {"name": "Skatebaan", "members": [{"youth_id": youth}]}),
        mutation("youth_group", open_group, {"name": "Zonder leden"}),
        mutation("signal", new_id(), signal_fields([], group_id=own_group)),
    )
    assert [r["status"] for r in results] == ["applied"] * 4
    assert elsewhere.push(mutation("youth_group", new_id(), {"name": "Elders"}))[0]["status"] == (
        "applied"
    )
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            everything = list(session.execute(select(StoredRecord.id)).scalars())
            for role in ROLES:
                device = session.get(Device, world[role].device_id)
                assert device is not None
                caller = devices.caller_for(session, device)
                scope = scope_of(caller)
                whole = set(
                    session.execute(
                        select(visible_statement(scope.shape).subquery().c.id), scope.params
                    ).scalars()
                )
                assert visible_ids(session, caller, everything) == whole, role
                # Many ids at once (a pull's page) take the whole-scope way: the same answer.
                unknown = [str(new_id()) for _ in range(PER_RECORD_UP_TO)]
                assert visible_ids(session, caller, everything + unknown) == whole, role
                for record_id in everything:  # one at a time, as a push of one mutation asks
                    assert bool(visible_ids(session, caller, [record_id])) == (
                        record_id in whole
                    ), (role, record_id)
    finally:
        engine.dispose()
