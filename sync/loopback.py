"""HTTP sessions that keep loopback traffic on the machine: ``requests`` honours proxy settings
from the environment and, on Windows, the system (registry) proxy, which need not exempt
127.0.0.1; the demo's embedded server and a laptop talking to a local server must never be
sent through a proxy. Other addresses keep the environment's proxies (an office may need one).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import requests


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def session_for(url: str) -> requests.Session:
    """A session for ``url``; for a loopback address it ignores every proxy setting."""
    import requests  # only when a session is made: importing it costs start-up time

    session = requests.Session()
    if is_loopback(url):
        session.trust_env = False  # no environment or system proxy, no .netrc
    return session
