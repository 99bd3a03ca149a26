"""Deterministic demo data: a demo agent and generated households with Vietnamese names, valid
CCCD numbers and phones, for the server's ``seed-demo`` and the client's benchmarks.

The same ``seed`` always gives the same ids and bodies (only ages depend on ``today``), so a
server seeded with the demo and a laptop generating it agree on every record id. Generation is
plain arithmetic on one ``random.Random``: 100,000 households take a few seconds.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from sync.domain.admin_units import admin_units
from sync.domain.vocab import RELATIONSHIPS

DEMO_AGENT: Final[dict[str, Any]] = {
    "username": "demo",
    "name": "Trần Thị Mai",
    "code": "BD0001",
    # Three communes of An Giang (the 2025 province that took in Kiên Giang).
    "communes": ["31027", "31018", "31024"],
}
DEMO_PASSPHRASE: Final = "demo-demo"

# Rough shares of Vietnamese family names (Nguyễn alone is about 38 %).
_SURNAMES: Final = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Võ", 4),
    ("Vũ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 2),
    ("Lý", 1),
    ("Đinh", 1),
    ("Châu", 1),
    ("Thạch", 1),
)
_MALE_MIDDLE: Final = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh", "Tấn")
_FEMALE_MIDDLE: Final = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích")
_MALE_GIVEN: Final = (
    "Ánh", "Anh", "Minh", "Hùng", "Dũng", "Tuấn", "Hải", "Phúc", "Long", "Nam", "Sơn",
    "Thắng", "Tài", "Lộc", "Khoa", "Bình", "Cường", "Hiếu", "Toàn", "Đạt", "Khánh", "Lâm",
)  # fmt: skip
_FEMALE_GIVEN: Final = (
    "Hoà", "Hòa", "Lan", "Mai", "Hương", "Hạnh", "Thảo", "Trang", "Nga", "Hồng", "Yến",
    "Ngân", "Linh", "Duyên", "Phượng", "Loan", "Tuyết", "Ánh", "Nhung", "Diễm", "Thủy",
)  # fmt: skip
_VILLAGES: Final = (
    *(f"Thôn {n}" for n in range(1, 9)),
    "Ấp Tân Hòa", "Ấp Vĩnh Lợi", "Ấp Minh Thuận", "Ấp Xẻo Đước", "Ấp Kênh Cũ",
    "Ấp Thạnh Hoà", "Tổ dân phố 3", "Tổ dân phố 5",
)  # fmt: skip
_STREETS: Final = ("đường Nguyễn Trung Trực", "đường kênh 7", "đường Lộ Tẻ", "đường Đê Bao")
# Mobile prefixes that sync.domain.validators.normalize_phone accepts.
_PHONE_PREFIXES: Final = (
    "086", "088", "090", "091", "093", "094", "096", "097", "098", "032", "033", "034",
    "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082",
    "083", "084", "085", "056", "058", "059",
)  # fmt: skip
# Pre-2025 birth-registration provinces that open a CCCD: mostly An Giang and Kiên Giang.
_CCCD_PROVINCES: Final = ("089", "091", "089", "091", "091", "092", "087", "079")
_ETHNICITIES: Final = ("Kinh",) * 16 + ("Khmer", "Khmer", "Hoa")

# 2025-01-01T00:00:00Z in milliseconds: the time part of the generated UUIDv7 ids.
_ID_EPOCH_MS: Final = 1_735_689_600_000


@dataclass(frozen=True)
class DemoHousehold:
    """One generated household: its id and body, and its members as (person id, body)."""

    id: str
    body: dict[str, Any]
    members: tuple[tuple[str, dict[str, Any]], ...]


class _Ids:
    """UUIDv7-shaped ids from a seeded generator: same seed, same ids, still canonical
    (``uuid.UUID(int=...)`` would give the same string)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._n = 0

    def __call__(self) -> str:
        self._n += 1
        # 48-bit millisecond time (one tick per id keeps them ordered), 80 random bits, then
        # the version (7) and variant (10) bits set by hand: Python 3.11's UUID() accepts
        # version numbers 1-5 only.
        value = ((_ID_EPOCH_MS + self._n) << 80) | self._rng.getrandbits(80)
        value = (value & ~(0xF << 76)) | (0x7 << 76)
        value = (value & ~(0x3 << 62)) | (0x2 << 62)
        # Formatted by hand: uuid.UUID() costs a third of the generation time.
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _cumulative(weights: Sequence[int]) -> list[int]:
    out, total = [], 0
    for w in weights:
        total += w
        out.append(total)
    return out


_SURNAME_NAMES: Final = tuple(s for s, _ in _SURNAMES)
_SURNAME_CUM: Final = _cumulative([w for _, w in _SURNAMES])
_SIZES: Final = (1, 2, 3, 4, 5, 6)
_SIZE_CUM: Final = _cumulative((8, 18, 27, 25, 14, 8))
_OTHER_RELATIONSHIPS: Final = RELATIONSHIPS[2:]
_OTHER_CUM: Final = _cumulative((60, 10, 4, 12, 0, 3, 5, 6))


class _Generator:
    # random.choice/choices/randrange are pure Python; indexing by random() (C) is ~4x faster
    # and just as deterministic.
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.rand = self.rng.random
        self.today = today
        self.ids = _Ids(random.Random(seed ^ 0x5EED))

    def pick(self, seq: Sequence[str]) -> str:
        return seq[int(self.rand() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.rand() * n)

    def weighted(self, seq: Sequence[Any], cum: list[int]) -> Any:
        return seq[bisect(cum, self.rand() * cum[-1])]

    def surname(self) -> str:
        return str(self.weighted(_SURNAME_NAMES, _SURNAME_CUM))

    def name(self, surname: str, sex: str) -> str:
        pick = self.pick
        if sex == "male":
            return f"{surname} {pick(_MALE_MIDDLE)} {pick(_MALE_GIVEN)}"
        return f"{surname} {pick(_FEMALE_MIDDLE)} {pick(_FEMALE_GIVEN)}"

    def birth(self, age: int) -> date:
        # A day within the year ending on the age-th birthday before today.
        latest = self.today - timedelta(days=365 * age)
        born = latest - timedelta(days=self.below(365))
        return max(born, date(1901, 1, 1))

    def cccd(self, born: date, sex: str) -> str:
        century = 0 if born.year < 2000 else 2
        digit = century + (0 if sex == "male" else 1)
        tail = self.below(1_000_000)
        return f"{self.pick(_CCCD_PROVINCES)}{digit}{born.year % 100:02d}{tail:06d}"

    def phone(self) -> str:
        return f"{self.pick(_PHONE_PREFIXES)}{self.below(10_000_000):07d}"

    def person(
        self, household_id: str, name: str, sex: str, age: int, relationship: str
    ) -> tuple[str, dict[str, Any]]:
        born = self.birth(age)
        body: dict[str, Any] = {
            "household_id": household_id,
            "full_name": name,
            "date_of_birth": born.isoformat(),
            "sex": sex,
            "relationship": relationship,
            "ethnicity": self.pick(_ETHNICITIES),
        }
        if age >= 14 and self.rand() < 0.85:
            body["cccd"] = self.cccd(born, sex)
        if age >= 16 and self.rand() < 0.7:
            body["phone"] = self.phone()
        return self.ids(), body

    def household(self, communes: Sequence[str], commune_names: dict[str, str]) -> DemoHousehold:
        rand, below, pick = self.rand, self.below, self.pick
        household_id = self.ids()
        head_sex = "male" if rand() < 0.7 else "female"
        head_age = 24 + below(55)
        surname = self.surname()
        head_name = self.name(surname, head_sex)
        members = [self.person(household_id, head_name, head_sex, head_age, "head")]
        size = self.weighted(_SIZES, _SIZE_CUM)
        other = "female" if head_sex == "male" else "male"
        father = surname
        if size >= 2:
            spouse_surname = self.surname()
            if other == "male":
                father = spouse_surname
            spouse_age = max(18, head_age - 6 + below(13))
            members.append(
                self.person(
                    household_id, self.name(spouse_surname, other), other, spouse_age, "spouse"
                )
            )
        for _ in range(size - len(members)):
            relationship = self.weighted(_OTHER_RELATIONSHIPS, _OTHER_CUM)
            sex = "male" if rand() < 0.5 else "female"
            if relationship in ("parent", "parent_in_law") and head_age <= 70:
                age = head_age + 20 + below(min(35, 98 - head_age) - 19)
            elif relationship == "grandchild" and head_age >= 45:
                age = below(head_age - 39)
            elif relationship == "sibling":
                age = max(0, head_age - 10 + below(21))
            elif relationship == "other_relative":
                age = 5 + below(66)
            else:
                if relationship != "child_in_law":
                    relationship = "child"
                age = max(0, head_age - 20 - below(21))
            member_surname = father if relationship in ("child", "grandchild") else self.surname()
            members.append(
                self.person(household_id, self.name(member_surname, sex), sex, age, relationship)
            )
        commune = pick(communes)
        village = pick(_VILLAGES)
        number = 1 + below(320)
        street = f", {pick(_STREETS)}" if rand() < 0.4 else ""
        body: dict[str, Any] = {
            "commune_code": commune,
            "address": f"Số {number}{street}, {village}, {commune_names[commune]}",
            "head_name": head_name,
            "village": village,
        }
        head_phone = members[0][1].get("phone")
        if head_phone is not None:
            body["phone"] = head_phone
        return DemoHousehold(household_id, body, tuple(members))


def demo_households(
    count: int, communes: Sequence[str], *, seed: int = 0, today: date
) -> list[DemoHousehold]:
    """``count`` households spread over ``communes`` (5-digit codes), the same for the same seed.

    Every body passes ``sync.domain.records.parse_record`` with ``today``.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if not communes:
        raise ValueError("at least one commune is needed")
    units = admin_units()
    names: dict[str, str] = {}
    for code in communes:
        commune = units.commune(code)
        if commune is None:
            raise ValueError(f"unknown commune code {code!r}")
        names[code] = commune.name
    gen = _Generator(seed, today)
    return [gen.household(communes, names) for _ in range(count)]


# -- a campaign already under way: visits, follow-ups, enrollments, receipts, events ---------


@dataclass(frozen=True)
class DemoRecord:
    """One generated record of any kind, with the commune it belongs to (for scoping)."""

    kind: str
    id: str
    body: dict[str, Any]
    commune_code: str


_VISIT_NOTES: Final = (
    "Đã giới thiệu mức hỗ trợ 50/40/30 %, hẹn bàn với gia đình.",
    "Quan tâm đóng 6 tháng một lần sau vụ lúa.",
    "Hỏi về trợ cấp thai sản 2.000.000 đồng.",
    "Muốn kiểm tra quá trình đóng trên ứng dụng VssID.",
)
_REFUSALS: Final = (
    "Không đủ khả năng đóng",
    "Đã có bảo hiểm khác",
    "Cần bàn thêm với gia đình",
    "Thu nhập không ổn định",
)
_FOLLOWUP_REASONS: Final = (
    "Hẹn quay lại khi chồng đi làm về",
    "Mang tờ khai TK1-TS đến ký",
    "Giải thích thêm cách đóng theo mùa vụ",
)
_EVENT_NOTES: Final = {
    "launch": "Lễ phát động tháng vận động",
    "counselling": "Tư vấn tại nhà văn hoá",
}
_INCOMES: Final = (1_500_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000)
_SUPPORTS: Final = ("other", "other", "near_poor", "poor", "ethnic_minority")


def _adult(
    members: Sequence[tuple[str, dict[str, Any]]], today: date
) -> tuple[str, dict[str, Any]] | None:
    for pid, body in members:
        born = date.fromisoformat(body["date_of_birth"])
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if 18 <= age <= 55:
            return pid, body
    return None


def demo_activity(
    households: Sequence[DemoHousehold],
    *,
    today: date,
    rates: Any = None,
    seed: int = 0,
    receipt_prefix: str = DEMO_AGENT["code"],
) -> list[DemoRecord]:
    """A few weeks of an agent's work among ``households``, parents before children.

    About a third of the households were visited in the last 60 days (some refused, some
    promised a follow-up due between two days ago and next week); some enrolled in voluntary
    insurance (yearly) or bought household health insurance for 12 months 10 to 12 months ago,
    each with a numbered receipt, so some are up for renewal; two outreach events were held.
    Amounts come from ``sync.domain.rules`` with the rates in force on each payment date, so
    the server accepts every record as if it had been pushed.
    """
    from sync.domain.rates import load_rates  # the rules are only needed for the demo
    from sync.domain.rules import quote_household, quote_voluntary

    rates = rates or load_rates()
    gen = _Generator(seed ^ 0xAC7, today)
    out: list[DemoRecord] = []
    receipts_per_day: dict[date, int] = {}

    def receipt(enrollment_id: str, amount: int, months: int, on: date, commune: str) -> None:
        n = receipts_per_day[on] = receipts_per_day.get(on, 0) + 1
        body = {
            "number": f"{receipt_prefix}-{on:%Y%m%d}-{n:04d}",
            "enrollment_id": enrollment_id,
            "amount": amount,
            "issued_on": on.isoformat(),
            "months": months,
        }
        out.append(DemoRecord("receipt", gen.ids(), body, commune))

    for h in households:
        commune = h.body["commune_code"]
        roll = gen.rand()
        if roll > 0.4:
            continue
        visited = today - timedelta(days=1 + gen.below(60))
        adult = _adult(h.members, today)
        if roll < 0.08 and adult is not None:
            # Voluntary insurance, yearly: about half of these years end within the coming month.
            paid = today - timedelta(days=300 + gen.below(60))
            income = _INCOMES[gen.below(len(_INCOMES))]
            support = gen.pick(_SUPPORTS)
            quote = quote_voluntary(
                rates, income=income, support=support, method="yearly", paid_on=paid,
                province_code=commune[:2],
            )  # fmt: skip
            enrollment_id = gen.ids()
            visit = {"household_id": h.id, "person_id": adult[0], "visited_on": paid.isoformat(),
                     "outcome": "enrolled"}  # fmt: skip
            out.append(DemoRecord("visit", gen.ids(), visit, commune))
            body = {
                "scheme": "voluntary", "person_id": adult[0], "income": income,
                "support": support, "method": "yearly", "paid_on": paid.isoformat(),
                "amount": quote.total, "province_code": commune[:2],
            }  # fmt: skip
            out.append(DemoRecord("enrollment", enrollment_id, body, commune))
            receipt(enrollment_id, quote.total, quote.months, paid, commune)
        elif roll < 0.14:
            # Household health insurance for everyone, 12 months: some are up for renewal.
            paid = today - timedelta(days=300 + gen.below(60))
            members = [pid for pid, _ in h.members]
            hq = quote_household(rates, members=len(members), months=12, paid_on=paid)
            enrollment_id = gen.ids()
            visit = {"household_id": h.id, "visited_on": paid.isoformat(), "outcome": "enrolled"}
            out.append(DemoRecord("visit", gen.ids(), visit, commune))
            body = {
                "scheme": "household_health", "household_id": h.id, "member_ids": members,
                "months": 12, "paid_on": paid.isoformat(), "amount": hq.total,
            }  # fmt: skip
            out.append(DemoRecord("enrollment", enrollment_id, body, commune))
            receipt(enrollment_id, hq.total, 12, paid, commune)
        elif roll < 0.22:
            reason = gen.pick(_REFUSALS)
            visit = {"household_id": h.id, "visited_on": visited.isoformat(),
                     "outcome": "refused", "reason": reason}  # fmt: skip
            out.append(DemoRecord("visit", gen.ids(), visit, commune))
        else:
            outcome = "interested" if roll < 0.34 else "not_home"
            # Promised a call back: due between two days ago and next week.
            due = today + timedelta(days=gen.below(10) - 2)
            visited = min(visited, due - timedelta(days=7))
            visit = {"household_id": h.id, "visited_on": visited.isoformat(), "outcome": outcome,
                     "follow_up_on": due.isoformat(), "notes": gen.pick(_VISIT_NOTES)}  # fmt: skip
            out.append(DemoRecord("visit", gen.ids(), visit, commune))
            followup = {"household_id": h.id, "due_on": due.isoformat(),
                        "reason": gen.pick(_FOLLOWUP_REASONS), "done": False}  # fmt: skip
            out.append(DemoRecord("followup", gen.ids(), followup, commune))
    communes = sorted({h.body["commune_code"] for h in households})
    for i, (kind, attendees) in enumerate((("launch", 120), ("counselling", 45))):
        if not communes:
            break
        body = {
            "commune_code": communes[i % len(communes)],
            "type": kind,
            "held_on": (today - timedelta(days=20 - 9 * i)).isoformat(),
            "attendees": attendees,
            "leads": attendees // 4,
            "notes": "Lễ phát động tháng vận động"
            if kind == "launch"
            else "Tư vấn tại nhà văn hoá",
        }
        out.append(DemoRecord("event", gen.ids(), body, body["commune_code"]))
    order = {"event": 0, "visit": 1, "enrollment": 2, "receipt": 3, "followup": 4}
    return sorted(out, key=lambda r: order[r.kind])  # parents first; stable within a kind
