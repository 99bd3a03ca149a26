import time
from typing import Any

import pytest
import vietnam_provinces

from sync.domain.admin_units import (
    AdminUnits,
    Commune,
    Province,
    admin_units,
    check_commune_code,
    check_province_code,
)
from sync.domain.errors import InvalidValue
from sync.domain.text import fold

U_MINH_THUONG = Commune("31027", "Xã U Minh Thượng", "xã", "91", "xa u minh thuong")


@pytest.fixture(scope="module")
def units() -> AdminUnits:
    return admin_units()


def test_counts_after_the_2025_reform(units: AdminUnits) -> None:
    assert len(units.provinces()) == 34
    rows = units.reference_rows()
    assert sum(r["level"] == "province" for r in rows) == 34
    assert sum(r["level"] == "commune" for r in rows) == 3321
    assert sum(len(units.communes_of(p.code)) for p in units.provinces()) == 3321


def test_codes_are_padded_unique_and_every_commune_has_its_province(units: AdminUnits) -> None:
    provinces = {p.code for p in units.provinces()}
    assert all(len(c) == 2 and c.isdigit() for c in provinces)
    communes = [r for r in units.reference_rows() if r["level"] == "commune"]
    codes = [r["code"] for r in communes]
    assert len(set(codes)) == len(codes) == 3321
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    assert {r["parent_code"] for r in communes} == provinces
    for code in codes:
        commune = units.commune(code)
        assert commune is not None
        assert commune.province_code in provinces


def test_provinces_sorted_by_code(units: AdminUnits) -> None:
    codes = [p.code for p in units.provinces()]
    assert codes == sorted(codes)
    assert codes[0] == "01"
    assert codes[-1] == "96"


def test_lookup_of_a_known_commune(units: AdminUnits) -> None:
    assert units.commune("31027") == U_MINH_THUONG
    assert units.commune(31027) == U_MINH_THUONG
    assert units.commune(" 31027 ") == U_MINH_THUONG
    province = units.province(U_MINH_THUONG.province_code)
    assert province == Province("91", "An Giang", "tỉnh", "an giang")


@pytest.mark.parametrize(
    ("code", "name", "division_type"),
    [
        ("01", "Thành phố Hà Nội", "thành phố trung ương"),
        ("1", "Thành phố Hà Nội", "thành phố trung ương"),
        (1, "Thành phố Hà Nội", "thành phố trung ương"),
        ("79", "Thành phố Hồ Chí Minh", "thành phố trung ương"),
        ("96", "Cà Mau", "tỉnh"),
    ],
)
def test_province_lookup_accepts_int_and_unpadded_codes(
    units: AdminUnits, code: str | int, name: str, division_type: str
) -> None:
    province = units.province(code)
    assert province is not None
    assert (province.name, province.division_type) == (name, division_type)
    assert province.search_key == fold(name)


@pytest.mark.parametrize(
    ("code", "name"),
    [("4", "Phường Ba Đình"), ("00004", "Phường Ba Đình"), (4, "Phường Ba Đình")],
)
def test_commune_lookup_pads_codes(units: AdminUnits, code: str | int, name: str) -> None:
    commune = units.commune(code)
    assert commune is not None
    assert (commune.code, commune.name, commune.province_code) == ("00004", name, "01")


@pytest.mark.parametrize("code", ["02", "2", "99", "00", "100", "", "ab", "-1", -1, True, None])
def test_unknown_province_is_none(units: AdminUnits, code: Any) -> None:
    assert units.province(code) is None
    assert units.communes_of(code) == []


@pytest.mark.parametrize("code", ["31028", "99999", "310270", "", "x31027", -31027, 3.5, None])
def test_unknown_commune_is_none(units: AdminUnits, code: Any) -> None:
    assert units.commune(code) is None


def test_communes_of_a_province_are_sorted_by_name_key(units: AdminUnits) -> None:
    communes = units.communes_of("91")
    assert U_MINH_THUONG in communes
    assert all(c.province_code == "91" for c in communes)
    keys = [c.search_key for c in communes]
    assert keys == sorted(keys)
    assert units.communes_of(91) == communes


@pytest.mark.parametrize(
    "query",
    ["u minh thuong", "U Minh Thượng", "Xã U Minh Thượng", "XÃ U MINH THƯỢNG", "thuong minh u"],
)
def test_search_finds_u_minh_thuong_first(units: AdminUnits, query: str) -> None:
    assert units.search(query)[0] == U_MINH_THUONG


@pytest.mark.parametrize("query", ["u minh", "thuong", "u mi th", "minh thượng"])
def test_search_by_word_prefixes(units: AdminUnits, query: str) -> None:
    assert U_MINH_THUONG in units.search(query, limit=1000)


@pytest.mark.parametrize(
    "query", ["inh thuong", "u minhthuong", "u minh thuong tay", "xa u phuong"]
)
def test_search_needs_every_token_to_start_a_word(units: AdminUnits, query: str) -> None:
    assert U_MINH_THUONG not in units.search(query, limit=1000)


def test_search_puts_the_exact_name_first_then_orders_by_name(units: AdminUnits) -> None:
    found = units.search("u minh", limit=1000)
    assert [c.name for c in found[:1]] == ["Xã U Minh"]  # in Cà Mau
    rest = [c.search_key for c in found[1:]]
    assert rest == sorted(rest)
    assert U_MINH_THUONG in found


def test_search_within_a_province(units: AdminUnits) -> None:
    assert units.search("u minh", province_code="91") == [U_MINH_THUONG]
    in_ca_mau = units.search("u minh", province_code=96)
    assert [c.code for c in in_ca_mau] == ["32047"]
    assert units.search("u minh", province_code="01") == []
    assert units.search("u minh", province_code="99") == []


def test_search_folds_spelling_variants(units: AdminUnits) -> None:
    old_style = units.search("Hoà", limit=5000)
    new_style = units.search("Hòa", limit=5000)
    assert old_style == new_style
    assert any(c.name == "Phường Biên Hòa" for c in old_style)


@pytest.mark.parametrize(("limit", "count"), [(0, 0), (-1, 0), (1, 1), (3, 3), (20, 20)])
def test_search_limit(units: AdminUnits, limit: int, count: int) -> None:
    assert len(units.search("phuong", limit=limit)) == count


@pytest.mark.parametrize("query", ["", "   ", "zzzz", "31027"])
def test_search_finds_nothing(units: AdminUnits, query: str) -> None:
    assert units.search(query) == []


def test_reference_rows(units: AdminUnits) -> None:
    rows = units.reference_rows()
    assert len(rows) == 34 + 3321
    assert rows[0] == {
        "code": "01",
        "name": "Thành phố Hà Nội",
        "level": "province",
        "division_type": "thành phố trung ương",
        "parent_code": None,
        "source_version": vietnam_provinces.__version__,
    }
    assert {
        "code": "31027",
        "name": "Xã U Minh Thượng",
        "level": "commune",
        "division_type": "xã",
        "parent_code": "91",
        "source_version": vietnam_provinces.__version__,
    } in rows
    assert {r["division_type"] for r in rows} == {
        "tỉnh",
        "thành phố trung ương",
        "xã",
        "phường",
        "đặc khu",
    }
    assert units.version == vietnam_provinces.__version__


def test_admin_units_is_built_once() -> None:
    assert admin_units() is admin_units()


def test_building_is_fast() -> None:
    AdminUnits.from_package()  # import the package's tables first: this times our indexing
    start = time.perf_counter()
    AdminUnits.from_package()
    assert time.perf_counter() - start < 0.5


def test_units_can_be_built_from_a_small_list(assert_invalid) -> None:
    small = AdminUnits(
        [Province("91", "An Giang", "tỉnh", "an giang")], [U_MINH_THUONG], version="test"
    )
    assert small.search("thuong") == [U_MINH_THUONG]
    assert small.version == "test"
    assert check_commune_code("31027", units=small) == "31027"
    with pytest.raises(InvalidValue) as exc:
        check_commune_code("32047", units=small)
    assert_invalid(exc, "unknown_commune", "commune_code", value="32047")


@pytest.mark.parametrize(
    ("value", "expected"), [("31027", "31027"), (31027, "31027"), ("4", "00004")]
)
def test_check_commune_code_accepts(value: object, expected: str) -> None:
    assert check_commune_code(value) == expected


@pytest.mark.parametrize(("value", "shown"), [("31028", "31028"), ("abc", "abc"), (-5, "-5")])
def test_check_commune_code_rejects(value: object, shown: str, assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        check_commune_code(value)
    assert_invalid(exc, "unknown_commune", "commune_code", value=shown)
    assert shown in exc.value.message_vi


@pytest.mark.parametrize(("value", "expected"), [("91", "91"), ("1", "01"), (79, "79")])
def test_check_province_code_accepts(value: object, expected: str) -> None:
    assert check_province_code(value) == expected


@pytest.mark.parametrize(("value", "shown"), [("02", "02"), ("99", "99"), ("HN", "HN")])
def test_check_province_code_rejects(value: object, shown: str, assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        check_province_code(value)
    assert_invalid(exc, "unknown_province", "province_code", value=shown)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_check_codes_require_a_value(value: object, assert_invalid) -> None:
    with pytest.raises(InvalidValue) as exc:
        check_commune_code(value, field="address_commune")
    assert_invalid(exc, "required", "address_commune")
    with pytest.raises(InvalidValue) as exc:
        check_province_code(value)
    assert_invalid(exc, "required", "province_code")


def test_the_shipped_compact_copy_equals_the_package() -> None:
    """resources/reference/admin_units.json is what the app loads; after upgrading
    vietnam_provinces, `python -m sync.domain.admin_units` rewrites it and this passes again."""
    from importlib import resources

    from sync.domain.admin_units import REFERENCE_FILE

    package = AdminUnits.from_package()
    shipped = resources.files("resources").joinpath(*REFERENCE_FILE).read_text(encoding="utf-8")
    assert shipped == package.reference_file()
    loaded = AdminUnits.from_reference_file()
    assert loaded.version == package.version == vietnam_provinces.__version__
    assert loaded.provinces() == package.provinces()
    assert loaded.reference_rows() == package.reference_rows()
    for province in package.provinces():
        assert loaded.communes_of(province.code) == package.communes_of(province.code)
    assert loaded.search("u minh thuong") == package.search("u minh thuong")


def test_the_compact_copy_round_trips(tmp_path) -> None:
    from sync.domain.admin_units import write_reference_file

    path = write_reference_file(tmp_path / "admin_units.json")
    again = AdminUnits.from_reference_file(path.read_bytes())
    assert again.reference_file() == path.read_text(encoding="utf-8")


def test_loading_the_list_does_not_import_the_package_enum() -> None:
    """The desktop app's cold start: the 3,321-member enum takes ~0.1 s to build."""
    import subprocess
    import sys

    code = (
        "import sys; from sync.domain.admin_units import admin_units; "
        "assert admin_units().commune('31027').name == 'Xã U Minh Thượng'; "
        "print('vietnam_provinces' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
