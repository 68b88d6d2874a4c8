"""The device's access log reaches the server (issue 15): every entry waits in
``audit_upload`` until the server acknowledged it, like a change waits in the outbox.

A trigger queues each entry in the transaction that writes it, so no code path can forget
to; entries made before this version are queued too and leave at the next sync.
"""

from __future__ import annotations

STATEMENTS = [
    """CREATE TABLE audit_upload (
    audit_seq INTEGER PRIMARY KEY REFERENCES audit(seq) ON DELETE CASCADE
) STRICT""",
    """CREATE TRIGGER audit_upload_queue AFTER INSERT ON audit BEGIN
    INSERT INTO audit_upload (audit_seq) VALUES (new.seq);
END""",
    "INSERT INTO audit_upload (audit_seq) SELECT seq FROM audit",
]
