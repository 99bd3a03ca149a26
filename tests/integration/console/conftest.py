"""Fixtures of the console's tests: a real server with the console on SQLite and PostgreSQL,
supervisor accounts, and a real headless Chromium (Debian's ``chromium`` and
``chromium-driver`` packages) driven by Selenium.

Without Chromium the browser tests skip, except under CI=true, where they fail: CI installs it
(.ci/run).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import requests

from sync.server.console.accounts import Supervisor, add_supervisor
from sync.server.embedded import EmbeddedServer

PASSWORD = "mật khẩu đủ dài 2026"


@pytest.fixture
def console_server(tmp_path: Path, database_url: str | None) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(tmp_path / "server", database_url=database_url, console=True) as running:
        yield running


MakeSupervisor = Callable[..., Supervisor]


@pytest.fixture
def make_supervisor(console_server: EmbeddedServer) -> MakeSupervisor:
    """``make_supervisor("admin")`` or ``make_supervisor("province", provinces=["01"])``: an
    account whose password is :data:`PASSWORD`."""
    counter = iter(range(1, 1000))

    def make(role: str = "admin", *, username: str | None = None, **scope: Any) -> Supervisor:
        return add_supervisor(
            console_server.db,
            username=username or f"{role}{next(counter)}",
            name=f"Giám sát {role}",
            role=role,
            password=PASSWORD,
            **scope,
        )

    return make


class Web(NamedTuple):
    """A signed-in HTTP session (requests) and the server's URL."""

    url: str
    session: requests.Session

    def csrf(self, path: str = "/overview") -> str:
        """The CSRF token of the session, read from a page's sign-out form."""
        page = self.session.get(self.url + path, timeout=30).text
        marker = 'name="csrf" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]


def sign_in(url: str, username: str, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    page = session.get(url + "/", timeout=30)
    marker = 'name="csrf" value="'
    start = page.text.index(marker) + len(marker)
    token = page.text[start : page.text.index('"', start)]
    answer = session.post(
        url + "/login",
        data={"csrf": token, "username": username, "password": password, "next": "/overview"},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return session


@pytest.fixture
def web(console_server: EmbeddedServer) -> Callable[[Supervisor], Web]:
    def make(supervisor: Supervisor) -> Web:
        return Web(console_server.url, sign_in(console_server.url, supervisor.username))

    return make


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (a fresh profile; tests clear its cookies)."""
    found = _chromium()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium and chromedriver are required under CI (apt-get install "
                "chromium chromium-driver)"
            )
        pytest.skip("Chromium and chromedriver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--lang=vi",
        "--no-proxy-server",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    chromium.delete_all_cookies()
    yield chromium
    chromium.delete_all_cookies()


def heading(browser: Any, text: str, timeout: float = 15) -> None:
    """Wait until the page's h1 reads ``text`` (a click that submits a form returns before the
    next page has loaded)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(driver: Any) -> bool:
        try:
            return bool(driver.find_element(By.TAG_NAME, "h1").text == text)
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    WebDriverWait(browser, timeout).until(shown, f"no heading {text!r}")
