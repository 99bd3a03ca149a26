"""The sync service on the network pool: every store access hops to the database thread, which
owns the connection, so the UI's own database work never interleaves with a sync transaction."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from agent_app.services.sync_service import DbBoundPort, OnDbThread


class RecordingPort:
    """A port that notes which thread each call ran on."""

    def __init__(self):
        self.threads = []

    def _note(self):
        self.threads.append(threading.current_thread().name)

    def pending_count(self):
        self._note()
        return 0

    def take_batch(self, limit):
        self._note()
        return []

    def settle(self, results):
        self._note()

    def release(self, ops):
        self._note()

    def pull_cursor(self):
        self._note()
        return 0

    def apply_pull_page(self, changes, cursor):
        self._note()

    def known_count(self):
        self._note()
        return 0

    def reset_pull(self):
        self._note()

    def finish_pull(self):
        self._note()


def test_every_port_call_runs_on_the_database_thread():
    with (
        ThreadPoolExecutor(1, thread_name_prefix="db") as db,
        ThreadPoolExecutor(1, thread_name_prefix="net") as net,
    ):
        port = RecordingPort()
        bound = DbBoundPort(port, OnDbThread(db))

        def use_it():
            bound.pending_count()
            bound.take_batch(10)
            bound.settle([])
            bound.release([])
            bound.pull_cursor()
            bound.apply_pull_page([], 0)
            bound.known_count()
            bound.reset_pull()
            bound.finish_pull()
            return threading.current_thread().name

        caller = net.submit(use_it).result()
    assert caller.startswith("net")
    assert len(port.threads) == 9
    assert all(name.startswith("db") for name in port.threads), port.threads


def test_no_executor_or_already_on_it_runs_inline_without_deadlock():
    assert OnDbThread(None)(threading.current_thread) is threading.current_thread()
    with ThreadPoolExecutor(1, thread_name_prefix="db") as db:
        on_db = OnDbThread(db)
        # A call made from the database thread itself must not wait on that same thread.
        nested = db.submit(lambda: on_db(lambda: threading.current_thread().name)).result(5)
    assert nested.startswith("db")
