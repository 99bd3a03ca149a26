"""The rates the server validates pushed amounts with: the ``ref.rates`` reference record in
its database (what an administrator published in the console, else the bundled file put there
on start), re-read when the record changes. Every ``serve --workers`` process reads the record
itself, so a publication reaches them all: a push batch reads the record's sequence number once
(one primary-key lookup) and parses the body again only when that number moved.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import select

from sync.domain.errors import DomainError
from sync.domain.rates import Rates, rates_from_record
from sync.server.db import Database, records
from sync.server.refdata import RATES_ID

log = logging.getLogger(__name__)


class PublishedRates:
    """The rates of the current ``ref.rates`` record of ``db``; ``fallback`` (the bundled file)
    while the database has none. A stored body that does not parse (the console never stores
    one) leaves the last good rates in use."""

    def __init__(self, db: Database, fallback: Rates) -> None:
        self._db = db
        self._fallback = fallback
        self._lock = threading.Lock()
        self._seq: int | None = None
        self._rates = fallback
        self._batch = threading.local()

    def current(self) -> Rates:
        with self._db.connect() as conn:
            seq = conn.execute(
                select(records.c.seq).where(records.c.record_id == RATES_ID)
            ).scalar()
            if seq is None:
                return self._fallback
            with self._lock:
                if seq == self._seq:
                    return self._rates
            row = conn.execute(
                select(records.c.body, records.c.version, records.c.seq).where(
                    records.c.record_id == RATES_ID
                )
            ).first()
        if row is None:  # pragma: no cover - the record is never deleted
            return self._fallback
        try:
            rates = rates_from_record(row.body, version=int(row.version))
        except DomainError as exc:
            log.error("the stored ref.rates (seq %s) does not parse: %s", row.seq, exc)
            return self._rates
        with self._lock:
            self._seq, self._rates = int(row.seq), rates
        return rates

    def for_batch(self, token: object) -> Rates:
        """:meth:`current`, read once per push batch: ``token`` is an object the batch alone
        holds (its sequence allocator); held here until the thread's next batch, so its
        identity cannot be reused meanwhile."""
        memo: Any = self._batch
        if getattr(memo, "token", None) is token:
            return memo.rates  # type: ignore[no-any-return]
        rates = self.current()
        memo.token, memo.rates = token, rates
        return rates


def rates_of(source: Rates | PublishedRates, batch: object) -> Rates:
    """The rates an ingest batch checks amounts with: fixed ones (tests) or the published."""
    return source if isinstance(source, Rates) else source.for_batch(batch)
