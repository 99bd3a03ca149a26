"""Signing in and out of the console, its sessions, CSRF and rate limits, over real HTTP and in
a real Chromium."""

from __future__ import annotations

from typing import Any

import requests
from selenium.webdriver.common.by import By

from sync.server.console import sessions
from sync.server.console.tables import console_audit, console_sessions
from sync.server.embedded import EmbeddedServer
from tests.integration.console.conftest import PASSWORD, MakeSupervisor, heading, sign_in


def _plain() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    return session


def test_sign_in_in_chromium_lands_on_the_overview(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor, browser: Any
) -> None:
    admin = make_supervisor("admin")
    browser.get(console_server.url + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Đăng nhập"
    browser.find_element(By.ID, "username").send_keys(admin.username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    heading(browser, "Tổng quan")
    assert browser.current_url.endswith("/overview")
    cookie = browser.get_cookie("console_session")
    assert cookie is not None
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    heading(browser, "Đăng nhập")
    browser.get(console_server.url + "/overview")
    assert "/?next=" in browser.current_url


def test_wrong_password_is_refused_and_audited(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor
) -> None:
    admin = make_supervisor("admin")
    session = _plain()
    page = session.get(console_server.url + "/", timeout=30).text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    answer = session.post(
        console_server.url + "/login",
        data={"csrf": token, "username": admin.username, "password": "sai mật khẩu rồi"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in answer.text
    with console_server.db.connect() as conn:
        actions = [r.action for r in conn.execute(console_audit.select())]
    assert "sign_in_refused" in actions
    assert "console_session" not in session.cookies


def test_a_form_without_the_session_token_is_refused(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor
) -> None:
    admin = make_supervisor("admin")
    session = sign_in(console_server.url, admin.username)
    answer = session.post(console_server.url + "/logout", data={"csrf": "guess"}, timeout=30)
    assert answer.status_code == 403
    assert "hết hạn" in answer.text
    # Still signed in: the forged sign-out did nothing.
    assert session.get(console_server.url + "/overview", timeout=30).url.endswith("/overview")
    # A token of characters compare_digest cannot take as text is refused like any other.
    odd = session.post(console_server.url + "/logout", data={"csrf": "¢ñ¨ơ"}, timeout=30)
    assert odd.status_code == 403
    other_site = session.post(
        console_server.url + "/logout",
        data={"csrf": "x"},
        headers={"Origin": "http://evil.example"},
        timeout=30,
    )
    assert other_site.status_code == 403


def test_sign_in_is_rate_limited_per_account(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor
) -> None:
    admin = make_supervisor("admin")
    session = _plain()
    statuses = []
    for _ in range(12):
        page = session.get(console_server.url + "/", timeout=30).text
        token = page.split('name="csrf" value="')[1].split('"')[0]
        answer = session.post(
            console_server.url + "/login",
            data={"csrf": token, "username": admin.username, "password": "không đúng đâu"},
            timeout=30,
            allow_redirects=False,
        )
        statuses.append(answer.status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    assert "Đăng nhập sai quá nhiều lần" in answer.text
    # Even the right password waits now: the limit counts attempts, not failures.
    page = session.get(console_server.url + "/", timeout=30).text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    answer = session.post(
        console_server.url + "/login",
        data={"csrf": token, "username": admin.username, "password": PASSWORD},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) >= 1


def test_an_idle_session_ends(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor
) -> None:
    admin = make_supervisor("admin")
    session = sign_in(console_server.url, admin.username)
    assert session.get(console_server.url + "/api/v1/console/audit", timeout=30).status_code == 200
    with console_server.db.begin() as conn:
        conn.execute(console_sessions.update().values(last_seen_at="2020-01-01T00:00:00Z"))
    answer = session.get(console_server.url + "/api/v1/console/audit", timeout=30)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    with console_server.db.connect() as conn:
        assert conn.execute(console_sessions.select()).first() is None
    assert sessions.IDLE.total_seconds() == 1800


def test_pages_answer_in_english_when_asked(
    console_server: EmbeddedServer, make_supervisor: MakeSupervisor
) -> None:
    admin = make_supervisor("admin")
    session = sign_in(console_server.url, admin.username)
    session.get(console_server.url + "/lang/en?next=/overview", timeout=30)
    page = session.get(console_server.url + "/overview", timeout=30)
    assert "<h1>Overview</h1>" in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    missing = session.get(console_server.url + "/no-such-page", timeout=30)
    assert missing.status_code == 404
    assert "There is no such page." in missing.text
    # The redirect after signing in never leaves the site.
    assert session.get(console_server.url + "/lang/vi?next=//evil.example", timeout=30).url == (
        console_server.url + "/overview"
    )
