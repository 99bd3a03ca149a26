"""The Workspace is a facade of parts, one subject each (``ws.households``, ``ws.money``,
``ws.receipts``, ``ws.scripts``, ``ws.targets``, ``ws.renewals``, ``ws.today``, ...), not a
class that inherits every use case."""

from __future__ import annotations

from agent_app.services import Workspace
from agent_app.services._base import Base
from agent_app.services.households import Households
from agent_app.services.money import Money
from agent_app.services.receipts import Receipts
from agent_app.services.renewals import Renewals
from agent_app.services.scripts import Scripts
from agent_app.services.targets import Targets

PARTS = {
    "households": Households,
    "money": Money,
    "receipts": Receipts,
    "scripts": Scripts,
    "targets": Targets,
    "renewals": Renewals,
}


def test_the_workspace_inherits_no_use_case() -> None:
    assert Workspace.__mro__[1:] == (Base, object)
    assert issubclass(Workspace, Base)
    for part in PARTS.values():
        assert not issubclass(Workspace, part)


def test_each_part_is_one_object_over_its_workspace(ws: Workspace) -> None:
    for name, part in PARTS.items():
        got = getattr(ws, name)
        assert isinstance(got, part)
        assert getattr(ws, name) is got  # made once per workspace
        assert got.ws is ws
