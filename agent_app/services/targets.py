"""Targets (``Workspace.targets``): the plan per commune and per province from ``ref.target``
(the revised figure when there is one) and what the local enrollments and events achieved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent_app.services._common import text
from agent_app.services._lookup import references
from agent_app.services.progress import current_target
from agent_app.services.types import TargetRow
from sync.domain.admin_units import admin_units
from sync.protocol import REF_TARGET

if TYPE_CHECKING:
    from agent_app.services.workspace import Workspace

# Target metrics in a ref.target body and how local records count towards them.
TARGET_METRICS = (
    ("voluntary_new", "BHXH tự nguyện"),
    ("household_health_new", "BHYT hộ gia đình"),
    ("events", "Sự kiện truyền thông"),
)


class Targets:
    """``ws.targets.all()``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def all(self) -> list[TargetRow]:
        """Per commune and per province: the plan from ``ref.target`` and what the local
        enrollments and events achieved."""
        achieved: dict[tuple[str, str], int] = {}
        for r in self.ws.records.of_kind("enrollment"):
            household = self.ws.records.find(str(r.body.get("household_id")))
            commune = str(household.body.get("commune_code")) if household else ""
            if r.body.get("scheme") == "voluntary":
                key = (commune, "voluntary_new")
                achieved[key] = achieved.get(key, 0) + 1
            else:
                key = (commune, "household_health_new")
                achieved[key] = achieved.get(key, 0) + len(r.body.get("member_ids") or ())
        for r in self.ws.records.of_kind("event"):
            key = (str(r.body.get("commune_code")), "events")
            achieved[key] = achieved.get(key, 0) + 1
        units = admin_units()
        rows: list[TargetRow] = []
        provinces: dict[tuple[str, str], list[int]] = {}
        for rid, body in references(self.ws.store, REF_TARGET):
            commune = str(body.get("commune_code", ""))
            unit = units.commune(commune)
            for metric, metric_label in TARGET_METRICS:
                plan = current_target(body, metric, self.ws.current_day())  # revised, if so
                if plan is None:
                    continue
                done = achieved.get((commune, metric), 0)
                rows.append(
                    TargetRow(
                        id=f"{rid}:{metric}",
                        level="commune",
                        code=commune,
                        label=f"{self.ws.commune_name(commune)} · {metric_label}",
                        plan=plan,
                        achieved=done,
                        period=text(body, "campaign"),
                        metric=metric,
                    )
                )
                if unit is not None:
                    total = provinces.setdefault((unit.province_code, metric), [0, 0])
                    total[0] += plan
                    total[1] += done
        for (province, metric), (plan, done) in sorted(provinces.items()):
            found = units.province(province)
            name = found.name if found is not None else province
            metric_label = dict(TARGET_METRICS)[metric]
            rows.append(
                TargetRow(
                    id=f"province:{province}:{metric}",
                    level="province",
                    code=province,
                    label=f"{name} · {metric_label}",
                    plan=plan,
                    achieved=done,
                    period=None,
                    metric=metric,
                )
            )
        return rows
