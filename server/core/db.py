"""Database engine, sessions and migrations.

PostgreSQL in production; SQLite as the embedded single-machine default. SQLite has one writer
at a time: every transaction starts with ``BEGIN IMMEDIATE`` so two requests never both read and
then fail to write ("database is locked") - they queue instead, which is what the row locks do
on PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.metrics import RETRIES

log = logging.getLogger("veldwerk.server.db")
MIGRATIONS = Path(__file__).resolve().parents[1] / "alembic"
T = TypeVar("T")
RACES = frozenset({"23505", "40001", "40P01"})
"""PostgreSQL aborts a transaction that lost a race: unique violation (a concurrent insert of
the same key committed first), serialization failure, deadlock. Rerunning it is correct."""
ATTEMPTS = 4


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8
        )
        _sqlite_transactions(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No ping before every checkout (a round trip per request): a connection that died with a
    # database restart fails its first statement, is dropped from the pool, and ``retrying``
    # runs the transaction again on a fresh one.
    engine = create_engine(url, pool_size=10, max_overflow=10)
    if engine.dialect.name == "postgresql":
        _postgres_sessions(engine)
    return engine


SESSION_SETTINGS = {"jit": "off"}
"""Set on every PostgreSQL connection the server opens (docs/server.md, "PostgreSQL").

JIT compilation pays off for long analytical queries; the server's are short, but the planner
over-estimates the scope and pull queries of a large municipality and then spends ~1.5 s
compiling a plan that runs in ~20 ms (issue 16, EXPLAIN ANALYZE)."""


def _postgres_sessions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(connection: Any, _record: Any) -> None:
        with connection.cursor() as cursor:
            for name, value in SESSION_SETTINGS.items():
                cursor.execute(f"SET {name} = {value}")
        connection.commit()  # a plain SET rolls back with the transaction it was made in


def _sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(connection: Any, _record: Any) -> None:
        connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on an error."""
    with factory() as session, session.begin():
        yield session


def lost_race(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) in RACES or error.connection_invalidated


def retrying(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run ``work`` in a transaction; run it again if it lost a race with another transaction
    or its connection turned out dead (a database restart; the pool then drops it).

    The second run sees what the winner committed (a pushed mutation's stored answer, a record
    created under the same id), so it gives the answer the first run would have given had it
    come second.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(factory) as session:
                return work(session)
        except DBAPIError as error:
            if attempt == ATTEMPTS or not lost_race(error):
                raise
            state = str(getattr(error.orig, "sqlstate", None) or "disconnect")
            RETRIES.labels(state).inc()
            log.info("transaction lost a race (SQLSTATE %s), running it again", state)
    raise AssertionError("unreachable")


def alembic_config(url: str) -> Config:
    config = Config(str(MIGRATIONS.parent / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    return config


def migrate(url: str) -> None:
    """Bring the schema to the newest version (run at start-up and by ``migrate``).

    After a migration that changed something, the planner's statistics are refreshed: a step
    that fills a table or a new column leaves them out of date until autovacuum comes round,
    and a plan made without them can take seconds instead of milliseconds."""
    before = _revision(url)
    command.upgrade(alembic_config(url), "head")
    if _revision(url) != before:
        analyze(url)
    log.info("database schema is up to date")


def _revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def analyze(url_or_engine: str | Engine) -> None:
    """Refresh PostgreSQL's planner statistics for the whole database (after bulk loads:
    migrations, imports, benchmark seeding). On SQLite this does nothing."""
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        if is_postgres(engine):
            with engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
            log.info("planner statistics refreshed")
    finally:
        if engine is not url_or_engine:
            engine.dispose()
