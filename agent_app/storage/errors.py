"""Errors of the local store, told apart so the UI can say what happened (a wrong passphrase is
not a broken disk, and neither is a bug)."""

from __future__ import annotations


class StorageError(Exception):
    """Something is wrong with the local database or profile folder."""


class WrongPassphrase(StorageError):
    """The passphrase does not open this profile; nothing was created or changed."""

    def __init__(self, agent_code: str) -> None:
        super().__init__(
            f"Mật khẩu không đúng cho hồ sơ {agent_code}. / "
            f"The passphrase does not open profile {agent_code}."
        )
        self.agent_code = agent_code


class ProfileExists(StorageError):
    """A profile with this agent code is already in the data dir."""


class ProfileNotFound(StorageError):
    """No profile with this agent code in the data dir."""


class StoreClosed(StorageError):
    """The store was closed (locked or logged out); open the profile again."""


class NotFound(StorageError, KeyError):
    """No record with this id (or it was deleted)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not found"
