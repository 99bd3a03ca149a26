"""The demo data generator: deterministic, valid by the domain's own parser, realistic enough."""

from __future__ import annotations

import uuid
from datetime import date

from sync.demo import DEMO_AGENT, DEMO_PASSPHRASE, demo_households
from sync.domain.admin_units import admin_units
from sync.domain.records import parse_record
from sync.domain.text import fold
from sync.domain.vocab import RELATIONSHIPS

TODAY = date(2026, 5, 4)


def test_demo_agent_communes_are_real_and_of_one_province():
    units = admin_units()
    communes = [units.commune(c) for c in DEMO_AGENT["communes"]]
    assert len(communes) == 3
    assert all(c is not None for c in communes)
    assert len({c.province_code for c in communes if c is not None}) == 1
    assert DEMO_PASSPHRASE
    assert DEMO_AGENT["name"] == "Trần Thị Mai"


def test_every_body_parses_and_ids_are_canonical_uuids():
    households = demo_households(400, DEMO_AGENT["communes"], seed=3, today=TODAY)
    ids: set[str] = set()
    for h in households:
        parse_record("household", h.body, today=TODAY)
        assert 1 <= len(h.members) <= 6
        assert h.members[0][1]["relationship"] == "head"
        assert h.members[0][1]["full_name"] == h.body["head_name"]
        ids.add(h.id)
        for person_id, body in h.members:
            person = parse_record("person", body, today=TODAY)
            assert body["household_id"] == h.id
            assert body["relationship"] in RELATIONSHIPS
            assert person.date_of_birth <= TODAY
            ids.add(person_id)
    assert len(ids) == sum(1 + len(h.members) for h in households)
    for i in ids:
        parsed = uuid.UUID(i)
        assert str(parsed) == i
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122


def test_same_seed_same_data_other_seed_other_ids():
    a = demo_households(50, DEMO_AGENT["communes"], seed=1, today=TODAY)
    b = demo_households(50, DEMO_AGENT["communes"], seed=1, today=TODAY)
    c = demo_households(50, DEMO_AGENT["communes"], seed=2, today=TODAY)
    assert a == b
    assert {h.id for h in a}.isdisjoint({h.id for h in c})


def test_names_are_vietnamese_with_diacritics_and_data_varies():
    households = demo_households(2000, DEMO_AGENT["communes"], today=TODAY)
    names = [body["full_name"] for h in households for _, body in h.members]
    assert any(n.startswith("Nguyễn ") for n in names)
    assert any(fold(n) != n.lower() for n in names)
    assert any(n.endswith(" Hoà") for n in names)
    assert any(n.endswith(" Hòa") for n in names)
    assert {h.body["commune_code"] for h in households} == set(DEMO_AGENT["communes"])
    sizes = {len(h.members) for h in households}
    assert sizes == {1, 2, 3, 4, 5, 6}
    assert any("cccd" in body for h in households for _, body in h.members)
    assert any("phone" in h.body for h in households)
