"""Uploading the device's access log at sync: its reads, prints and exports reach the
server's keyed audit chain, with the moment they happened here.

The queue as it was when the step began, oldest first, in batches. An entry leaves the queue
only with the server's answer for it; a sync killed before the answer sends it again, and
the server keeps each entry of a device once. A server from before this step (404) or one
that refuses a batch leaves the entries queued for the next sync: the data's sync goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from desktop.store import audit_queue
from desktop.store.vault import Vault
from desktop.sync.errors import ProtocolError, RequestRefused
from desktop.sync.transport import Transport
from veldwerk_core.protocol import MAX_AUDIT_ENTRIES, AuditUploadRequest

log = logging.getLogger("veldwerk.sync")


class _Local(Protocol):
    @property
    def vault(self) -> Vault: ...


Db = Callable[[Callable[[Any], Any]], Any]


def upload(db: Db, transport: Transport, progress: Callable[[int, int], None] | None = None) -> int:
    """Send what the queue held when this began; how many entries the server answered for.
    ``progress(done, total)`` hears of each batch answered."""
    up_to, total = db(
        lambda local: (audit_queue.last_seq(local.vault), audit_queue.count(local.vault))
    )
    sent = 0
    if progress is not None and total:
        progress(0, total)
    while True:
        batch: list[audit_queue.Waiting] = db(
            lambda local: audit_queue.next_batch(local.vault, MAX_AUDIT_ENTRIES, up_to)
        )
        if not batch:
            return sent
        request = AuditUploadRequest(entries=[item.entry for item in batch])
        try:
            answer = transport.upload_audit(request)
        except RequestRefused as refused:
            if refused.status == 404:
                log.info("the server does not take device access logs yet; kept for later")
            else:
                log.warning(
                    "the server refused device access-log entries (HTTP %d)", refused.status
                )
            return sent
        except ProtocolError:
            return sent
        answered = set(answer.stored) | set(answer.duplicates)
        done: int = db(partial(_acknowledge, batch=batch, answered=answered))
        if done < len(batch):  # an answer that skips entries: try those again next time
            log.warning("the server answered for %d of %d access-log entries", done, len(batch))
            return sent + done
        sent += done
        if progress is not None:
            progress(sent, max(total, sent))


def _acknowledge(local: _Local, batch: list[audit_queue.Waiting], answered: set[Any]) -> int:
    return audit_queue.acknowledge(local.vault, batch, answered)
