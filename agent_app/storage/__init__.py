"""The local store: one SQLCipher database per agent profile, its schema and migrations, the
record repository with its outbox, and household search. Qt-free."""

from agent_app.storage.connection import KdfParams
from agent_app.storage.errors import (
    NotFound,
    ProfileExists,
    ProfileNotFound,
    StorageError,
    StoreClosed,
    WrongPassphrase,
)
from agent_app.storage.profiles import (
    InvalidProfile,
    create_profile,
    list_profiles,
    open_profile,
    update_profile,
)
from agent_app.storage.store import ProfileInfo, Store

__all__ = [
    "InvalidProfile",
    "KdfParams",
    "NotFound",
    "ProfileExists",
    "ProfileInfo",
    "ProfileNotFound",
    "StorageError",
    "Store",
    "StoreClosed",
    "WrongPassphrase",
    "create_profile",
    "list_profiles",
    "open_profile",
    "update_profile",
]
