"""Use cases over reference data: the scripts and the targets, and the helpers the parts that
look across records share (``today.py``, ``events.py`` and ``attention.py`` are parts of their
own)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from agent_app.services._base import Base
from agent_app.services._common import text
from agent_app.services.progress import current_target
from agent_app.services.types import (
    ScriptRow,
    TargetRow,
)
from sync.domain.admin_units import admin_units
from sync.protocol import REF_SCRIPT, REF_TARGET

# Target metrics in a ref.target body and how local records count towards them.
TARGET_METRICS = (
    ("voluntary_new", "BHXH tự nguyện"),
    ("household_health_new", "BHYT hộ gia đình"),
    ("events", "Sự kiện truyền thông"),
)


class ReportCases(Base):
    def _count(self, sql: str, params: Any = ()) -> int:
        return int(self.store.one(sql, params)[0])

    def _name_of(self, body: Mapping[str, Any]) -> str:
        for key in ("person_id", "household_id"):
            rid = text(body, key)
            found = self.records.find(rid) if rid else None
            if found is not None:
                return str(found.body.get("full_name") or found.body.get("head_name") or "")
        return ""

    def _reach(self, body: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """Where to find the person or household a record is about: (village, phone)."""
        person_id, household_id = text(body, "person_id"), text(body, "household_id")
        person = self.records.find(person_id) if person_id else None
        if household_id is None and person is not None:
            household_id = text(person.body, "household_id")
        household = self.records.find(household_id) if household_id else None
        hbody = household.body if household is not None else {}
        phone = (text(person.body, "phone") if person is not None else None) or text(hbody, "phone")
        return text(hbody, "village"), phone

    # -- reference data ------------------------------------------------------------------------

    def _references(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (rid, json.loads(body))
            for rid, body in self.store.all(
                "SELECT record_id, body FROM reference WHERE kind = ? ORDER BY record_id", (kind,)
            )
        ]

    def scripts(self) -> list[ScriptRow]:
        rows = [
            ScriptRow(
                id=rid,
                title=str(body.get("title", "")),
                target_group=str(body.get("group") or body.get("target_group") or ""),
                body=body,
            )
            for rid, body in self._references(REF_SCRIPT)
        ]
        rows.sort(key=lambda s: s.title)
        return rows

    def targets(self) -> list[TargetRow]:
        """Per commune and per province: the plan from ``ref.target`` and what the local
        enrollments and events achieved."""
        achieved: dict[tuple[str, str], int] = {}
        for r in self.records.of_kind("enrollment"):
            household = self.records.find(str(r.body.get("household_id")))
            commune = str(household.body.get("commune_code")) if household else ""
            if r.body.get("scheme") == "voluntary":
                key = (commune, "voluntary_new")
                achieved[key] = achieved.get(key, 0) + 1
            else:
                key = (commune, "household_health_new")
                achieved[key] = achieved.get(key, 0) + len(r.body.get("member_ids") or ())
        for r in self.records.of_kind("event"):
            key = (str(r.body.get("commune_code")), "events")
            achieved[key] = achieved.get(key, 0) + 1
        units = admin_units()
        rows: list[TargetRow] = []
        provinces: dict[tuple[str, str], list[int]] = {}
        for rid, body in self._references(REF_TARGET):
            commune = str(body.get("commune_code", ""))
            unit = units.commune(commune)
            for metric, metric_label in TARGET_METRICS:
                plan = current_target(body, metric, self.current_day())  # revised, if so
                if plan is None:
                    continue
                done = achieved.get((commune, metric), 0)
                rows.append(
                    TargetRow(
                        id=f"{rid}:{metric}",
                        level="commune",
                        code=commune,
                        label=f"{self.commune_name(commune)} · {metric_label}",
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
