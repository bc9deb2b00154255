"""The outbox: every push to the platform is journaled before it is sent, and nothing is lost.

An SQLite file in the QGIS profile (``<profile>/community_governance/outbox.sqlite``, see
:func:`default_path`) holds one row per operation (``create``, ``replace``, ``delete``) with its
GeoJSON payload, the stable client id (``uid``) of the feature and its state:

``pending`` → (``sending``) → ``sent`` | ``failed`` | ``conflict``

- **Journaled before send**: :meth:`Outbox.enqueue` commits the row; :class:`OutboxSender` marks
  it ``sending`` and commits *before* the request leaves, so after a crash or a restart of QGIS
  the row is known to have possibly reached the server.
- **Retried with back-off**: transient failures (network, timeout, 5xx, 429, garbled answers)
  put the row back to ``pending`` with ``next_attempt_at = now + base·2^(attempts-1)`` (capped,
  with ±20 % jitter). Permanent refusals (4xx) become ``failed`` with the translated reason.
- **Resumed after restart**: :meth:`Outbox.recover` (called on open) turns ``sending`` rows back
  into ``pending``; the dock and ``communitygov:platformpublish`` send what is due.
- **Idempotent**: a create carries its ``uid`` as feature id and ``cg_uid`` property; before
  re-sending a row that was attempted before, the sender asks the server
  (:meth:`~.ogcapi.FeaturesClient.find_uid`) and marks the row sent if the feature is there.
  ``enqueue`` ignores an operation already journaled (same connection, collection, op and key),
  so publishing the same unchanged features twice journals them once.
- **Conflicts**: a replace carries the hash of the version the user loaded (``base_hash``) and
  the ``ETag`` when the server gave one. With an ETag the server decides (412); without one the
  sender compares the server's current feature to ``base_hash`` and stops with ``conflict``
  rather than overwrite someone else's change. The dock lets the user overwrite or discard.

Only the standard library's ``sqlite3`` is used here: the file is local, never networked.
"""

import json
import random
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .http import PlatformError
from .ogcapi import UID_PROPERTY, feature_hash

STATES = ("pending", "sending", "sent", "failed", "conflict")
SCHEMA = """
CREATE TABLE IF NOT EXISTS ops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection TEXT NOT NULL,
    collection TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'replace', 'delete')),
    uid TEXT NOT NULL,
    op_key TEXT NOT NULL,
    feature_id TEXT,
    payload TEXT,
    crs TEXT,
    etag TEXT,
    base_hash TEXT,
    batch TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    error_code TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (connection, collection, op, op_key)
);
CREATE INDEX IF NOT EXISTS ops_state ON ops (connection, state, next_attempt_at);
"""


def default_path() -> Path:
    """``<QGIS profile>/community_governance/outbox.sqlite``."""
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "community_governance" / "outbox.sqlite"


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass
class Op:
    id: int
    connection: str
    collection: str
    op: str
    uid: str
    feature_id: Optional[str]
    payload: Optional[dict]
    crs: Optional[str]
    etag: Optional[str]
    base_hash: Optional[str]
    batch: str
    state: str
    attempts: int
    next_attempt_at: float
    last_error: str
    error_code: str
    created_at: float
    updated_at: float


class Outbox:
    def __init__(self, path=None):
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self.recover()

    def close(self):
        self.db.close()

    # -- journal ---------------------------------------------------------------------------
    def enqueue(
        self,
        connection: str,
        collection: str,
        op: str,
        uid: str,
        payload: Optional[dict] = None,
        feature_id: Optional[str] = None,
        crs: Optional[str] = None,
        etag: Optional[str] = None,
        base_hash: Optional[str] = None,
        batch: str = "",
    ) -> int:
        """Journal one operation (committed on return); the row id, or the existing row's id."""
        op_key = uid if op != "replace" else f"{uid}:{feature_hash(payload or {})}"
        now = time.time()
        self.db.execute(
            "INSERT OR IGNORE INTO ops (connection, collection, op, uid, op_key, feature_id, payload, crs, etag,"
            " base_hash, batch, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                connection,
                collection,
                op,
                uid,
                op_key,
                feature_id,
                json.dumps(payload, ensure_ascii=False) if payload is not None else None,
                crs,
                etag,
                base_hash,
                batch,
                now,
                now,
            ),
        )
        row = self.db.execute(
            "SELECT id FROM ops WHERE connection=? AND collection=? AND op=? AND op_key=?",
            (connection, collection, op, op_key),
        ).fetchone()
        return int(row[0])

    def enqueue_many(self, connection: str, collection: str, ops: list, batch: str = "") -> list:
        """Journal many ``dict(op=, uid=, payload=, ...)`` in one transaction; their row ids."""
        ids = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for item in ops:
                ids.append(self.enqueue(connection, collection, batch=batch, **item))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return ids

    def recover(self) -> int:
        """Rows left ``sending`` by a crash go back to ``pending`` (they are checked before resending)."""
        cursor = self.db.execute(
            "UPDATE ops SET state='pending', next_attempt_at=0, updated_at=? WHERE state='sending'",
            (time.time(),),
        )
        return cursor.rowcount

    # -- reading ---------------------------------------------------------------------------
    def _ops(self, where: str, params=(), limit: int = -1) -> list:
        cursor = self.db.execute(f"SELECT * FROM ops WHERE {where} ORDER BY id LIMIT {int(limit)}", params)
        names = [d[0] for d in cursor.description]
        result = []
        for row in cursor.fetchall():
            values = dict(zip(names, row))
            values.pop("op_key", None)
            values["payload"] = json.loads(values["payload"]) if values["payload"] else None
            values["batch"] = values["batch"] or ""
            values["last_error"] = values["last_error"] or ""
            values["error_code"] = values["error_code"] or ""
            result.append(Op(**values))
        return result

    def get(self, op_id: int) -> Optional[Op]:
        ops = self._ops("id=?", (op_id,))
        return ops[0] if ops else None

    def list(self, connection: Optional[str] = None, states=None, limit: int = 1000) -> list:
        where, params = ["1=1"], []
        if connection:
            where.append("connection=?")
            params.append(connection)
        if states:
            where.append(f"state IN ({','.join('?' * len(states))})")
            params.extend(states)
        return self._ops(" AND ".join(where), params, limit)

    def due(self, connection: str, now: Optional[float] = None, ignore_backoff: bool = False) -> list:
        now = time.time() if now is None else now
        if ignore_backoff:
            return self._ops("connection=? AND state='pending'", (connection,))
        return self._ops("connection=? AND state='pending' AND next_attempt_at<=?", (connection, now))

    def counts(self, connection: Optional[str] = None) -> dict:
        sql = (
            "SELECT state, COUNT(*) FROM ops"
            + (" WHERE connection=?" if connection else "")
            + " GROUP BY state"
        )
        found = dict(self.db.execute(sql, (connection,) if connection else ()).fetchall())
        return {state: int(found.get(state, 0)) for state in STATES}

    def next_due_in(self, connection: str) -> Optional[float]:
        row = self.db.execute(
            "SELECT MIN(next_attempt_at) FROM ops WHERE connection=? AND state='pending'", (connection,)
        ).fetchone()
        return None if row[0] is None else max(0.0, row[0] - time.time())

    # -- state changes ---------------------------------------------------------------------
    def _set(self, op_id: int, **values):
        values["updated_at"] = time.time()
        names = ", ".join(f"{k}=?" for k in values)
        self.db.execute(f"UPDATE ops SET {names} WHERE id=?", (*values.values(), op_id))

    def mark_sending(self, op: Op):
        self.db.execute(
            "UPDATE ops SET state='sending', attempts=attempts+1, updated_at=? WHERE id=?",
            (time.time(), op.id),
        )

    def mark_sent(self, op: Op, feature_id: Optional[str] = None):
        self._set(op.id, state="sent", feature_id=feature_id or op.feature_id, last_error="", error_code="")

    def mark_retry(self, op: Op, error: PlatformError, delay_s: float):
        self._set(
            op.id,
            state="pending",
            next_attempt_at=time.time() + delay_s,
            last_error=error.message,
            error_code=error.code,
        )

    def mark_failed(self, op: Op, error: PlatformError):
        self._set(op.id, state="failed", last_error=error.message, error_code=error.code)

    def mark_conflict(self, op: Op, message: str):
        self._set(op.id, state="conflict", last_error=message, error_code="conflict")

    def retry(self, op_ids, force: bool = False):
        """Put failed/conflict rows back in the queue; ``force`` drops the conflict check."""
        for op_id in op_ids:
            extra = ", base_hash=NULL, etag=NULL" if force else ""
            self.db.execute(
                f"UPDATE ops SET state='pending', next_attempt_at=0, updated_at=?{extra} WHERE id=? AND state!='sent'",
                (time.time(), op_id),
            )

    def discard(self, op_ids):
        for op_id in op_ids:
            self.db.execute("DELETE FROM ops WHERE id=? AND state!='sending'", (op_id,))

    def purge_sent(self, older_than_s: float = 7 * 86400):
        self.db.execute("DELETE FROM ops WHERE state='sent' AND updated_at<?", (time.time() - older_than_s,))


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    conflicts: int = 0
    already_there: int = 0
    pending: int = 0
    stopped_by: str = ""  # the message of the transient error that stopped the round, if any
    errors: list = field(default_factory=list)


def backoff_delay(attempts: int, base_s: float, max_s: float) -> float:
    delay = min(max_s, base_s * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.8, 1.2)


class OutboxSender:
    """Sends the due operations of one connection through a :class:`~.ogcapi.FeaturesClient`."""

    def __init__(
        self, outbox: Outbox, client, connection: str, base_delay_s: float = 5.0, max_delay_s: float = 600.0
    ):
        self.outbox = outbox
        self.client = client
        self.connection = connection
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s

    def send_due(
        self,
        feedback=None,
        progress: Optional[Callable[[int, int], None]] = None,
        ignore_backoff: bool = False,
        batch: Optional[str] = None,
    ) -> SendReport:
        """Send what is due, in journal order; stop the round at the first transient error.

        Stopping at a network/5xx error (instead of trying every row) keeps a down server from
        being hammered; the rows stay ``pending`` and the next round resumes them.
        """
        report = SendReport()
        ops = self.outbox.due(self.connection, ignore_backoff=ignore_backoff)
        if batch is not None:
            ops = [op for op in ops if op.batch == batch]
        total = len(ops)
        for index, op in enumerate(ops):
            if feedback is not None and feedback.isCanceled():
                break
            try:
                self._send(op, report, feedback)
            except PlatformError as error:
                if error.code == "cancelled":
                    self.outbox.mark_retry(op, error, 0)
                    break
                if error.retryable:
                    self.outbox.mark_retry(
                        op, error, backoff_delay(op.attempts + 1, self.base_delay_s, self.max_delay_s)
                    )
                    report.retried += 1
                    report.stopped_by = error.message
                    report.errors.append(error.message)
                    break
                if error.code in (
                    "auth_failed",
                    "token_expired",
                    "token_invalid",
                    "auth_config",
                    "forbidden",
                ):
                    # the credentials are wrong for every row: keep them all pending, stop
                    self.outbox.mark_retry(op, error, self.base_delay_s)
                    report.stopped_by = error.message
                    report.errors.append(error.message)
                    break
                if error.code == "conflict":
                    self.outbox.mark_conflict(op, error.message)
                    report.conflicts += 1
                else:
                    self.outbox.mark_failed(op, error)
                    report.failed += 1
                report.errors.append(error.message)
            if progress is not None:
                progress(index + 1, total)
        report.pending = self.outbox.counts(self.connection)["pending"]
        return report

    def _send(self, op: Op, report: SendReport, feedback):
        attempted_before = op.attempts > 0
        self.outbox.mark_sending(op)
        if op.op == "create":
            if attempted_before:
                found = self.client.find_uid(op.collection, op.uid, feedback)
                if found:
                    self.outbox.mark_sent(op, found)
                    report.already_there += 1
                    report.sent += 1
                    return
            feature = dict(op.payload or {})
            feature["id"] = op.uid
            feature["properties"] = dict(feature.get("properties") or {})
            feature["properties"][UID_PROPERTY] = op.uid
            try:
                feature_id = self.client.create(op.collection, feature, op.crs, feedback)
            except PlatformError as error:
                # "already exists": an earlier attempt got through after all
                if error.status in (400, 409) and self.client.find_uid(op.collection, op.uid, feedback):
                    self.outbox.mark_sent(op, op.uid)
                    report.already_there += 1
                    report.sent += 1
                    return
                raise
            self.outbox.mark_sent(op, feature_id or op.uid)
            report.sent += 1
        elif op.op == "replace":
            feature_id = op.feature_id or op.uid
            etag = op.etag or ""
            if not etag:
                # no ETag journaled: look at the server's current version, for the conflict check
                # (against the version the user loaded) and for its ETag, if it has one
                current, etag = self.client.item(op.collection, feature_id, crs=op.crs, feedback=feedback)
                current_hash = feature_hash(current)
                if op.base_hash and current_hash not in (op.base_hash, feature_hash(op.payload or {})):
                    from ...processing.i18n import tr

                    self.outbox.mark_conflict(
                        op,
                        tr(
                            "Feature {fid} of “{collection}” was changed on the platform since you loaded it; "
                            "it was not overwritten."
                        ).format(fid=feature_id, collection=op.collection),
                    )
                    report.conflicts += 1
                    return
            feature = dict(op.payload or {})
            feature["id"] = feature_id
            self.client.replace(op.collection, feature_id, feature, etag, op.crs, feedback)
            self.outbox.mark_sent(op, feature_id)
            report.sent += 1
        elif op.op == "delete":
            feature_id = op.feature_id or op.uid
            try:
                self.client.delete(op.collection, feature_id, op.etag or "", feedback)
            except PlatformError as error:
                if error.code != "not_found":
                    raise
                report.already_there += 1
            self.outbox.mark_sent(op, feature_id)
            report.sent += 1
