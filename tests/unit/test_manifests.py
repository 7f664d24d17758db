"""Manifests from CSV and XLSX: good files import, bad ones are refused whole with row and column named."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from sofadesk.cases.manifests import ManifestError, parse_manifest

CSV = (
    "full_name,category,date_of_birth,rank,service,service_number,identity_card_number,photo_on_identity_card\n"
    "Ivan Petrov,member_of_force,1990-02-03,SGT,Army,A1,ID1,yes\n"
    "\n"
    "Olga Smirnova,civilian_component,,,,,,no\n"
)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_it_imports_a_personnel_csv_skipping_blank_lines() -> None:
    people = parse_manifest("personnel", "crew.csv", CSV.encode())
    assert [p.full_name for p in people] == ["Ivan Petrov", "Olga Smirnova"]  # type: ignore[attr-defined]
    assert people[0].photo_on_identity_card is True  # type: ignore[attr-defined]


def test_it_reads_semicolon_separated_csv_with_a_bom() -> None:
    text = "\ufeffdescription;kind;quantity\nRations;provisions_and_supplies;40\n"
    items = parse_manifest("equipment", "kit.csv", text.encode())
    assert items[0].quantity == 40  # type: ignore[attr-defined]


def test_it_names_every_bad_row_and_column() -> None:
    bad = CSV + "Nobody,soldier,1990-13-01,,,,,maybe\n"
    with pytest.raises(ManifestError) as info:
        parse_manifest("personnel", "crew.csv", bad.encode())
    found = {(e["row"], e["column"]) for e in info.value.errors}
    assert {(5, "photo_on_identity_card"), (5, "category"), (5, "date_of_birth")} <= found
    assert "row 5, category" in str(info.value)


def test_it_refuses_unknown_columns_listing_the_right_ones() -> None:
    with pytest.raises(ManifestError, match="unknown column; columns are: full_name, category"):
        parse_manifest("personnel", "crew.csv", b"name,category\nX,dependent\n")


def test_it_imports_an_xlsx_equipment_manifest_with_dates_and_numbers() -> None:
    data = xlsx(
        [
            ["description", "kind", "quantity", "serial_number"],
            ["Truck", "service_vehicle_not_own_power", 3.0, "S-1"],
        ]
    )
    items = parse_manifest("equipment", "kit.xlsx", data)
    assert items[0].quantity == 3 and items[0].kind == "service_vehicle_not_own_power"  # type: ignore[attr-defined]


def test_an_xlsx_with_a_bad_row_names_it() -> None:
    data = xlsx(
        [["description", "kind", "quantity"], ["Truck", "spaceship", 1], ["Tent", "force_equipment", -2]]
    )
    with pytest.raises(ManifestError) as info:
        parse_manifest("equipment", "kit.xlsx", data)
    assert {(2, "kind"), (3, "quantity")} <= {(e["row"], e["column"]) for e in info.value.errors}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("crew.pdf", b"x", "use a .csv or .xlsx file"), ("crew.xlsx", b"not a zip", "not a readable XLSX"),
     ("crew.csv", b"\xff\xfe\x00bad", "not UTF-8"), ("crew.csv", b"", "the file is empty")],
)  # fmt: skip
def test_unreadable_files_are_clear_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        parse_manifest("personnel", name, data)
