"""The laptop's side of sync: an HTTP client for the wire contract and the push/pull engine.

:class:`SyncClient` speaks protocol version 1 over ``requests`` and turns every failure into one
of three typed errors: :class:`TransientError` (try again later), :class:`AuthError` (the device
must register again) and :class:`RequestRejected` (the server refused the request itself).
:class:`SyncEngine` drives one sync cycle over a :class:`SyncStorePort` (the local store, which
this package never imports): push the outbox in batches, then pull changes page by page.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
)

if TYPE_CHECKING:  # requests is imported when the first request is made: off the start-up path
    import requests

from sync import __version__
from sync.domain.errors import FieldError
from sync.loopback import session_for
from sync.protocol import (
    BAD_JSON,
    BAD_SHAPE,
    CLIENT_VERSION_HEADER,
    CONFLICT,
    DEVICE_REVOKED,
    DEVICES_PATH,
    HEALTH_PATH,
    MAX_BATCH_OPS,
    OUTBOX_PENDING_HEADER,
    PROTOCOL_VERSION,
    PULL_PATH,
    PUSH_PATH,
    REJECTED,
    STATUSES,
    TOO_LARGE,
    Change,
    DeviceRequest,
    DeviceResponse,
    Health,
    Op,
    OpError,
    OpResult,
    ProtocolError,
    PullResponse,
    PushRequest,
    PushResponse,
    dump_json,
    gzip_bytes,
    parse_iso_utc,
    utc_now,
)

log = logging.getLogger(__name__)
_T = TypeVar("_T")

# A clock more than this far from the server's makes device times and due dates misleading.
SKEW_WARNING_SECONDS: Final = 300.0
DEFAULT_TIMEOUT: Final = 30.0
# Backoff between attempts: 1 s, 2 s, 4 s, ... capped, plus up to a second of jitter so a
# market's worth of laptops coming back online at once do not retry in lock-step.
BACKOFF_INITIAL: Final = 1.0
BACKOFF_MAX: Final = 60.0
BACKOFF_JITTER: Final = 1.0
# Codes of a whole-request refusal that one bad op in the batch can cause (a wrong shape, a
# body too large, or a value JSON parsers refuse such as NaN or an integer past 64 bits): the
# engine splits the batch to isolate that op instead of letting it block the queue.
_SPLITTABLE: Final = frozenset({BAD_JSON, BAD_SHAPE, TOO_LARGE})


# -- errors -----------------------------------------------------------------------------------


class SyncError(Exception):
    """Base of the client's errors."""


class TransientError(SyncError):
    """Worth retrying: no connection, a timeout, a 5xx or 429, or a garbled answer.

    ``retry_after`` is the server's ``Retry-After`` in seconds, when it gave one.
    """

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class AuthError(SyncError):
    """401/403: the token is wrong or revoked. Stop and ask the agent to register again."""

    def __init__(
        self, message: str, *, status: int, code: str | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.reason = reason  # DEVICE_REVOKED when a supervisor revoked this laptop

    @property
    def revoked(self) -> bool:
        return self.reason == DEVICE_REVOKED


def _vietnam_time(stamp: str) -> str:
    """``2026-12-01T03:04:05Z`` -> ``01/12/2026 10:04`` (Vietnam, UTC+7); as given otherwise."""
    try:
        moment = parse_iso_utc(stamp)
    except (ValueError, TypeError):
        return stamp or "?"
    return (moment + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")


class DeviceRevoked(AuthError):
    """401 because a supervisor revoked this device: an :class:`AuthError` (the engine stops,
    nothing is lost) whose ``error`` is the domain's sentence in both languages."""

    def __init__(self, message: str, *, status: int, code: str | None, when: str) -> None:
        super().__init__(message, status=status, code=code, reason=DEVICE_REVOKED)
        self.error = FieldError.make("device_revoked", None, when=_vietnam_time(when))

    def message(self, lang: str = "vi") -> str:
        return self.error.message(lang)


class RequestRejected(SyncError):
    """Another 4xx: the server refused the request itself; ``code`` is its JSON error code."""

    def __init__(self, code: str, message: str, *, status: int, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.field = field


# -- the HTTP client --------------------------------------------------------------------------


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # the HTTP-date form is not worth parsing for a retry hint


def _error_body(response: requests.Response) -> tuple[str | None, str, str | None]:
    """The ``(code, message, field)`` of a JSON error body, or what can be salvaged."""
    try:
        payload = response.json()
    except ValueError:
        return None, (response.text[:200] or response.reason or "").strip(), None
    error = payload.get("error") if isinstance(payload, Mapping) else None
    if isinstance(error, Mapping):
        code = error.get("code")
        message = error.get("message")
        field_name = error.get("field")
        return (
            code if isinstance(code, str) else None,
            message if isinstance(message, str) else "",
            field_name if isinstance(field_name, str) else None,
        )
    # FastAPI's own errors say {"detail": ...}
    detail = payload.get("detail") if isinstance(payload, Mapping) else None
    return None, str(detail if detail is not None else payload)[:200], None


def _error_reason(response: requests.Response) -> tuple[str | None, str]:
    """The ``reason`` extension of an error body and its ``revoked_at``."""
    try:
        payload = response.json()
    except ValueError:
        return None, ""
    error = payload.get("error") if isinstance(payload, Mapping) else None
    if not isinstance(error, Mapping):
        return None, ""
    reason, when = error.get("reason"), error.get("revoked_at")
    return (reason if isinstance(reason, str) else None), (when if isinstance(when, str) else "")


class SyncClient:
    """Protocol version 1 over HTTP. The ``requests.Session`` is injected so tests and the app
    choose its adapters, proxies and certificates; one session keeps connections alive."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        session: requests.Session | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session if session is not None else session_for(self.base_url)
        self.timeout = timeout
        # Sent with each call (OUTBOX_PENDING_HEADER) when the engine has set it.
        self.outbox_pending: int | None = None

    # -- endpoints --

    def health(self, *, timeout: float | None = None) -> Health:
        payload = self._request("GET", HEALTH_PATH, timeout=timeout, auth=False)
        health = self._parse(Health.from_wire, payload)
        if health.protocol != PROTOCOL_VERSION:
            raise RequestRejected(
                "protocol",
                f"the server speaks protocol {health.protocol}, this app {PROTOCOL_VERSION}",
                status=200,
            )
        return health

    def register(self, username: str, enrollment_code: str, device_name: str) -> DeviceResponse:
        body = DeviceRequest(username, enrollment_code, device_name).to_wire()
        payload = self._request("POST", DEVICES_PATH, body=dump_json(body), auth=False)
        response = self._parse(DeviceResponse.from_wire, payload)
        self.token = response.token
        return response

    def push(self, ops: Sequence[Op]) -> PushResponse:
        body = gzip_bytes(dump_json(PushRequest(tuple(ops)).to_wire()))
        payload = self._request("POST", PUSH_PATH, body=body, gzipped=True)
        response = self._parse(PushResponse.from_wire, payload)
        return response

    def pull(self, cursor: int, limit: int) -> PullResponse:
        payload = self._request("GET", PULL_PATH, params={"cursor": cursor, "limit": limit})
        return self._parse(PullResponse.from_wire, payload)

    # -- plumbing --

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        gzipped: bool = False,
        params: Mapping[str, int] | None = None,
        timeout: float | None = None,
        auth: bool = True,
    ) -> Any:
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
            CLIENT_VERSION_HEADER: __version__,
            "User-Agent": f"bhxh-field-agent/{__version__}",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
            if gzipped:
                headers["Content-Encoding"] = "gzip"
        if self.outbox_pending is not None:
            headers[OUTBOX_PENDING_HEADER] = str(self.outbox_pending)
        if auth:
            if not self.token:
                raise AuthError("this device is not registered", status=401)
            headers["Authorization"] = f"Bearer {self.token}"
        url = self.base_url + path
        import requests  # cached after the first call

        try:
            response = self.session.request(
                method,
                url,
                data=body,
                params=params,
                headers=headers,
                timeout=timeout if timeout is not None else self.timeout,
            )
        except requests.Timeout as exc:
            raise TransientError(f"{method} {path}: the server did not answer in time") from exc
        except requests.RequestException as exc:
            # Connection refused or reset, DNS, a proxy dropping the answer, a broken gzip
            # stream: all of these may work a minute later.
            raise TransientError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            code, message, _ = _error_body(response)
            raise TransientError(
                f"{method} {path}: HTTP {status} {code or ''} {message}".rstrip(),
                status=status,
                retry_after=_retry_after(response),
            )
        if status in (401, 403):
            code, message, _ = _error_body(response)
            reason, when = _error_reason(response)
            if reason == DEVICE_REVOKED:
                raise DeviceRevoked(message, status=status, code=code, when=when)
            raise AuthError(
                message or f"HTTP {status}: this device is not allowed",
                status=status,
                code=code,
                reason=reason,
            )
        if status >= 400:
            code, message, field_name = _error_body(response)
            raise RequestRejected(
                code or f"http_{status}",
                message or f"HTTP {status}",
                status=status,
                field=field_name,
            )
        try:
            return response.json()
        except ValueError as exc:
            # A captive portal's login page or a truncated answer: not the server speaking.
            raise TransientError(f"{method} {path}: the answer is not JSON") from exc

    @staticmethod
    def _parse(parser: Callable[[Any], _T], payload: Any) -> _T:
        try:
            return parser(payload)
        except ProtocolError as exc:
            raise TransientError(f"the server's answer has the wrong shape: {exc}") from exc


# -- the storage port -------------------------------------------------------------------------


class SyncStorePort(Protocol):
    """What the engine needs from the local store (``agent_app/storage/syncport.py``)."""

    def pending_count(self) -> int: ...

    def take_batch(self, limit: int) -> list[Op]: ...  # parents first; marks ops in flight

    def settle(self, results: Sequence[tuple[Op, OpResult]]) -> None: ...  # one transaction

    def release(self, ops: Sequence[Op]) -> None: ...  # transient failure: back to pending

    def pull_cursor(self) -> int: ...

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> None: ...

    def known_count(self) -> int: ...  # records held from pulls, tombstones included

    def reset_pull(self) -> None: ...  # full re-pull: cursor back to 0

    # After the last page of a pull, and after a pull that failed part way: whatever the store
    # put off while pages came in (the laptop's household list and search rows) is done now.
    def finish_pull(self) -> None: ...


# -- the engine -------------------------------------------------------------------------------

PHASE_PUSH: Final = "push"
PHASE_PULL: Final = "pull"
PHASE_DONE: Final = "done"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """``total`` 0 means not known yet (a busy indicator rather than a bar)."""

    phase: str
    done: int
    total: int


@dataclass(slots=True)
class SyncReport:
    """What one sync cycle did; ``offline`` means it stopped early and nothing was lost."""

    started_at: datetime
    pushed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    pulled: int = 0
    attention: int = 0
    pending: int = 0  # ops still in the outbox at the end
    skew_seconds: float | None = None  # server clock minus ours
    offline: bool = False
    error: str | None = None
    error_code: str | None = None
    repulled: bool = False  # the count check failed and a full re-pull ran
    count_mismatch: tuple[int, int] | None = None  # (server total, local count) still different
    duration: float = 0.0

    @property
    def pushed_total(self) -> int:
        return sum(self.pushed.values())

    @property
    def clock_warning(self) -> bool:
        return self.skew_seconds is not None and abs(self.skew_seconds) > SKEW_WARNING_SECONDS

    @property
    def ok(self) -> bool:
        return not self.offline and self.error is None


ProgressCallback = Callable[[SyncProgress], None]


class _Backoff:
    """Tenacity's wait strategy: exponential with jitter, never shorter than ``Retry-After``."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self, state: RetryCallState) -> float:
        exponent = max(0, state.attempt_number - 1)
        delay = min(BACKOFF_MAX, BACKOFF_INITIAL * 2.0**exponent)
        delay += self._rng.uniform(0, BACKOFF_JITTER)
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, TransientError) and exc.retry_after is not None:
            delay = max(delay, min(exc.retry_after, BACKOFF_MAX))
        return delay


class SyncEngine:
    """One sync cycle: push the outbox, then pull what changed, over a :class:`SyncStorePort`.

    Transient failures are retried ``max_attempts`` times with backoff (``sleep`` is injected
    so tests do not wait); after that the cycle stops and reports ``offline`` with every op
    safe in the outbox. :class:`AuthError` is raised after the ops are released: the device
    must register again before anything can move.
    """

    def __init__(
        self,
        client: SyncClient,
        port: SyncStorePort,
        *,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        batch_size: int = MAX_BATCH_OPS,
        max_attempts: int = 5,
        pull_limit: int = 500,
        rng: random.Random | None = None,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH_OPS:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH_OPS}")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.client = client
        self.port = port
        self.clock = clock
        self.sleep = sleep
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.pull_limit = pull_limit
        self._rng = rng if rng is not None else random.Random()

    def _retrying(self) -> Retrying:
        return Retrying(
            retry=retry_if_exception_type(TransientError),
            stop=stop_after_attempt(self.max_attempts),
            wait=_Backoff(self._rng),
            sleep=self.sleep,
            reraise=True,
            before_sleep=lambda state: log.info(
                "sync attempt %d failed (%s); retrying",
                state.attempt_number,
                state.outcome.exception() if state.outcome else "?",
            ),
        )

    def run(self, progress: ProgressCallback | None = None) -> SyncReport:
        report = SyncReport(started_at=self.clock())
        started = time.perf_counter()
        notify = progress if progress is not None else (lambda _p: None)
        try:
            self._push_all(report, notify)
            self._pull_all(report, notify)
        except TransientError as exc:
            report.offline = True
            report.error = str(exc)
        except RequestRejected as exc:
            report.error = str(exc)
            report.error_code = exc.code
        finally:
            report.duration = time.perf_counter() - started
        report.pending = self.port.pending_count()
        notify(SyncProgress(PHASE_DONE, 1, 1))
        return report

    # -- push --

    def _tell_pending(self, count: int) -> None:
        """Let the server know how many ops wait here (a client without the attribute, such
        as a test's fake, is left alone)."""
        if hasattr(self.client, "outbox_pending"):
            self.client.outbox_pending = count

    def _push_all(self, report: SyncReport, notify: ProgressCallback) -> None:
        total = self.port.pending_count()
        self._tell_pending(total)
        done = 0
        notify(SyncProgress(PHASE_PUSH, 0, total))
        while True:
            batch = self._take_and_push()
            if batch is None:
                return
            ops, results = batch
            self.port.settle(results)
            for _op, result in results:
                report.pushed[result.status] = report.pushed.get(result.status, 0) + 1
                if result.status in (CONFLICT, REJECTED):
                    report.attention += 1
            done += len(ops)
            notify(SyncProgress(PHASE_PUSH, done, max(total, done)))

    def _take_and_push(self) -> tuple[list[Op], list[tuple[Op, OpResult]]] | None:
        """Take a batch and push it, retrying transient failures; ``None`` when none is left.

        Each failed attempt releases the batch first, so a crash while waiting to retry leaves
        the ops pending rather than stuck in flight.
        """
        for attempt in self._retrying():
            with attempt:
                ops = self.port.take_batch(self.batch_size)
                if not ops:
                    return None
                try:
                    return ops, self._push_ops(ops)
                except BaseException:
                    self.port.release(ops)
                    raise
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    def _push_ops(self, ops: list[Op]) -> list[tuple[Op, OpResult]]:
        """Push ``ops``; a whole-request refusal one op can cause is narrowed down by halving
        the batch, and the op that alone is refused is settled as rejected, so it goes to the
        needs-attention list instead of blocking the queue forever."""
        try:
            response = self.client.push(ops)
        except RequestRejected as exc:
            if exc.code not in _SPLITTABLE:
                raise
            if len(ops) == 1:
                error = OpError(exc.code, str(exc), exc.field)
                return [(ops[0], OpResult(ops[0].op_id, REJECTED, 0, error))]
            middle = len(ops) // 2
            return self._push_ops(ops[:middle]) + self._push_ops(ops[middle:])
        by_id = {result.op_id: result for result in response.results}
        missing = [op for op in ops if op.op_id not in by_id]
        if missing:
            # The contract promises one result per op; a server that skips some is broken, and
            # guessing would risk losing them, so nothing of this batch is settled.
            raise TransientError(f"the server answered {len(ops) - len(missing)} of {len(ops)} ops")
        return [(op, by_id[op.op_id]) for op in ops]

    # -- pull --

    def _pull_all(self, report: SyncReport, notify: ProgressCallback) -> None:
        self._tell_pending(self.port.pending_count())
        total = self._pull_pages(report, notify)
        if total is None:
            return
        known = self.port.known_count()
        if known == total:
            return
        # A page lost between server and store, or a store restored from a backup: start over
        # from cursor 0 once; apply_pull_page is idempotent per record version.
        log.warning(
            "pull count check failed: server %d, local %d; pulling everything", total, known
        )
        report.repulled = True
        self.port.reset_pull()
        total = self._pull_pages(report, notify)
        known = self.port.known_count()
        if total is not None and known != total:
            report.count_mismatch = (total, known)

    def _pull_pages(self, report: SyncReport, notify: ProgressCallback) -> int | None:
        """Pull until ``has_more`` is false; the server's ``total`` of the last page.

        The next page is asked for while this one is being stored (one request ahead, on a
        thread of its own): the server's work and the laptop's overlap. A page is stored only
        after the one before it, so the cursor never runs ahead of what is stored; if storing
        fails, the page fetched ahead is dropped."""
        try:
            total = self._pull_pages_then_finish(report, notify)
        except BaseException:
            # What came in so far is stored: the store completes what it put off for it.
            try:
                self.port.finish_pull()
            except Exception:  # the pull's own error is the one to report
                log.exception("finishing a failed pull")
            raise
        return total

    def _pull_pages_then_finish(self, report: SyncReport, notify: ProgressCallback) -> int | None:
        cursor = self.port.pull_cursor()
        pulled = 0
        notify(SyncProgress(PHASE_PULL, 0, 0))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as ahead:
            coming: Future[PullResponse] = ahead.submit(self._fetch, cursor)
            while True:
                page = coming.result()
                received = self.clock()
                if report.skew_seconds is None and page.server_time is not None:
                    report.skew_seconds = self._skew(page.server_time, received)
                if page.has_more and page.cursor > cursor:
                    coming = ahead.submit(self._fetch, page.cursor)
                self.port.apply_pull_page(page.changes, page.cursor)
                pulled += len(page.changes)
                report.pulled += len(page.changes)
                if not page.has_more:
                    self.port.finish_pull()
                    notify(SyncProgress(PHASE_PULL, pulled, pulled))
                    if report.skew_seconds is None:
                        report.skew_seconds = self._health_skew()
                    return page.total
                notify(SyncProgress(PHASE_PULL, pulled, 0))
                if page.cursor <= cursor:
                    raise TransientError(f"the server's cursor did not move past {cursor}")
                cursor = page.cursor

    def _fetch(self, cursor: int) -> PullResponse:
        return self._with_retry(self.client.pull, cursor, self.pull_limit)

    def _with_retry(
        self, call: Callable[[int, int], PullResponse], cursor: int, limit: int
    ) -> PullResponse:
        for attempt in self._retrying():
            with attempt:
                return call(cursor, limit)
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

    @staticmethod
    def _skew(server_time: str, received: datetime) -> float | None:
        try:
            return (parse_iso_utc(server_time) - received).total_seconds()
        except ValueError:
            return None

    def _health_skew(self) -> float | None:
        try:
            health = self.client.health(timeout=5.0)
        except (TransientError, RequestRejected):
            return None  # the skew is a hint; not having it must not fail the sync
        return self._skew(health.server_time, self.clock())
