"""The first run of a connected laptop, and moving it to a new server address. Qt-free.

Registering comes first, before anything exists on disk: the server answers with the agent's
name, code and communes (``AgentInfo``), and only then is the profile created from them, with
this device's token already in its encrypted settings. A refused code or an unreachable server
therefore leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from agent_app.services.sync_service import (
    KEY_DEVICE_ID,
    KEY_DEVICE_NAME,
    KEY_SERVER_URL,
    KEY_TOKEN,
)
from agent_app.storage import InvalidProfile, KdfParams, Store, create_profile, update_profile
from sync.client import SyncClient
from sync.protocol import DeviceResponse

ClientFactory = Callable[[str, str | None], SyncClient]
_SCHEMES: Final = ("http", "https")


class BadServerUrl(ValueError):
    """A server address that is not an http(s) URL with a host."""


def normalise_server_url(text: str) -> str:
    """``https://host[:port][/path]`` without a trailing slash; :class:`BadServerUrl` else."""
    url = text.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        raise BadServerUrl(f"{text!r} is not a web address") from None
    if parts.scheme not in _SCHEMES or not parts.hostname or not port_ok:
        raise BadServerUrl(f"{text!r}: the address must look like https://bhxh.example.vn")
    if parts.query or parts.fragment or " " in url:
        raise BadServerUrl(f"{text!r}: the address must not contain spaces, '?' or '#'")
    return url


def _default_client(base_url: str, token: str | None) -> SyncClient:
    return SyncClient(base_url, token)


def register_device(
    server_url: str,
    username: str,
    enrollment_code: str,
    device_name: str,
    *,
    client_factory: ClientFactory = _default_client,
) -> DeviceResponse:
    """Register this laptop; the server's answer. Touches no file. Raises ``AuthError`` (wrong
    or used code), ``TransientError`` (unreachable), ``RequestRejected`` or
    :class:`BadServerUrl`. Runs on the network pool."""
    url = normalise_server_url(server_url)
    client = client_factory(url, None)
    return client.register(username.strip(), enrollment_code.strip(), device_name.strip())


def profile_code(device: DeviceResponse) -> str:
    """The profile's folder name: the server's agent code (its receipt prefix), or the user
    name for a server too old to hand out codes."""
    code = (device.agent.code or device.agent.username or "").strip().upper()
    if not code:
        raise InvalidProfile("the server gave no agent code")
    return code


def create_connected_profile(
    data_dir: Path,
    device: DeviceResponse,
    *,
    server_url: str,
    device_name: str,
    passphrase: str,
    kdf: KdfParams | None = None,
) -> Store:
    """Create the profile from what the server said (nothing retyped) and keep the device's
    registration in it; the open store. Runs on the database thread (it owns the store)."""
    from agent_app.services import Workspace

    url = normalise_server_url(server_url)
    code = profile_code(device)
    store = create_profile(
        data_dir,
        agent_name=device.agent.name,
        agent_code=code,
        communes=list(device.agent.communes),
        passphrase=passphrase,
        server_url=url,
        kdf=kdf,
    )
    try:
        workspace = Workspace(store)
        workspace.set_setting(KEY_SERVER_URL, url)
        workspace.set_setting(KEY_TOKEN, device.token)
        workspace.set_setting(KEY_DEVICE_ID, device.device_id)
        workspace.set_setting(KEY_DEVICE_NAME, device_name.strip())
        if device.agent.code:
            update_profile(store, server_code=device.agent.code)
    except BaseException:
        store.close()
        raise
    return store


def change_server_url(workspace: Any, url: str) -> str:
    """Point this profile at ``url`` (the same server at a new address: the device keeps its
    token). Returns the normalised address. Runs on the database thread."""
    clean = normalise_server_url(url)
    workspace.set_setting(KEY_SERVER_URL, clean)
    update_profile(workspace.store, server_url=clean)
    return clean
