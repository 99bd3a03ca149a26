"""Field-level merge of record bodies, the one used by the server's ingest, the laptop's rebase
of a waiting op on the server's body, and the needs-attention screens.

A field is *changed* between two bodies when its value differs or it is present in only one
of them. Two sets of changes made on the same base *overlay*: every field only one side
changed takes that side's value, and a field both sides changed to different values is an
*overlap* (a conflict), where ``mine`` wins in the merged body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

_MISSING: Final = object()


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """The fields whose value differs between ``old`` and ``new``, or present in one only."""
    return {k for k in old.keys() | new.keys() if old.get(k, _MISSING) != new.get(k, _MISSING)}


def overlay(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """``theirs`` with the changes ``mine`` made since ``base`` laid over it, and the fields
    both sides changed to different values (where ``mine`` wins).

    A field ``mine`` removed since ``base`` is removed from the result.
    """
    my_changes = changed_fields(base, mine)
    their_changes = changed_fields(base, theirs)
    overlap = {
        k for k in my_changes & their_changes if mine.get(k, _MISSING) != theirs.get(k, _MISSING)
    }
    merged = dict(theirs)
    for key in my_changes:
        if key in mine:
            merged[key] = mine[key]
        else:
            merged.pop(key, None)
    return merged, overlap
