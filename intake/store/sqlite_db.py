"""The SQLite file behind SQLiteStore: its schema, connection settings and transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS seen (
    key TEXT NOT NULL, message_id TEXT NOT NULL, expires_at REAL NOT NULL,
    PRIMARY KEY (key, message_id));
CREATE TABLE IF NOT EXISTS locks (
    key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY, window INTEGER NOT NULL, count INTEGER NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    id TEXT PRIMARY KEY, reference TEXT NOT NULL UNIQUE, sender TEXT NOT NULL,
    created_at REAL NOT NULL, lead TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'claimed', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0, due_at REAL NOT NULL,
    lease_owner TEXT, lease_until REAL, last_error TEXT, result TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE INDEX IF NOT EXISTS leads_due ON leads (status, due_at);
CREATE INDEX IF NOT EXISTS leads_lease ON leads (status, lease_until);
CREATE INDEX IF NOT EXISTS leads_sender ON leads (sender, created_at);
CREATE INDEX IF NOT EXISTS leads_created ON leads (created_at);
"""

BUSY_TIMEOUT = 5.0


def connect(path: Path | str, durable: bool = True) -> sqlite3.Connection:
    """Open the file in WAL mode, fsyncing every commit, because a confirmed lead must survive a crash.

    With `durable` false, commits skip the fsync: for lock rows and counters, which need not
    survive a power cut (about 0.25 ms a commit here); the next durable commit syncs them too.
    """
    db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    with transaction(db):
        for statement in filter(str.strip, SCHEMA.split(";")):
            db.execute(statement)
    return db


@contextmanager
def transaction(db: sqlite3.Connection, durable: bool = True) -> Iterator[sqlite3.Connection]:
    """A short write transaction, taking the write lock up front so it cannot deadlock on upgrade.

    `durable=False` skips the fsync of this one commit on a connection that syncs every commit
    (the store keeps a second connection for such writes instead, which spares two statements).
    """
    if not durable:
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")
    finally:
        if not durable:
            db.execute("PRAGMA synchronous=FULL")
