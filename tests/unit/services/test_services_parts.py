"""The Workspace is a facade of parts, one subject each (``ws.money``, ``ws.receipts``,
``ws.scripts``, ``ws.targets``, ``ws.renewals``), not a class that inherits every use case."""

from __future__ import annotations

from agent_app.services import Workspace
from agent_app.services._base import Base
from agent_app.services.money import Money
from agent_app.services.receipts import Receipts
from agent_app.services.renewals import Renewals
from agent_app.services.scripts import Scripts
from agent_app.services.targets import Targets

PARTS = {
    "money": Money,
    "receipts": Receipts,
    "scripts": Scripts,
    "targets": Targets,
    "renewals": Renewals,
}


def test_the_workspace_inherits_no_money_receipt_script_or_renewal_use_case() -> None:
    # HouseholdCases is the one mixin left, until households become a part too.
    mixins = {c.__name__ for c in Workspace.__mro__} - {"Workspace", "Base", "object"}
    assert mixins <= {"HouseholdCases"}
    assert issubclass(Workspace, Base)
    for part in PARTS.values():
        assert not issubclass(Workspace, part)


def test_each_part_is_one_object_over_its_workspace(ws: Workspace) -> None:
    for name, part in PARTS.items():
        got = getattr(ws, name)
        assert isinstance(got, part)
        assert getattr(ws, name) is got  # made once per workspace
        assert got.ws is ws
