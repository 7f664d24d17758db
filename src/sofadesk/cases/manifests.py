"""Personnel and equipment manifests from CSV or XLSX, with errors that name the row and the column.

The first row holds the column names (the fields of Person or EquipmentLine; unknown columns are refused).
Yes/no columns accept yes/no, true/false, 1/0, x/empty.  A file with any bad row is refused whole: nothing is
half-imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from sofadesk.cases.force import EquipmentLine, Person

Kind = Literal["personnel", "equipment"]
MODELS: dict[str, type[BaseModel]] = {"personnel": Person, "equipment": EquipmentLine}
MAX_ROWS = 20000


class ManifestError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        shown = "; ".join(f"row {e['row']}, {e['column']}: {e['message']}" for e in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} problem(s) in the manifest: {shown}{more}")


def _rows_csv(data: bytes) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(
            [{"row": 1, "column": "-", "message": "the file is not UTF-8 text (save the CSV as UTF-8)"}]
        ) from None
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _rows_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ManifestError(
            [{"row": 1, "column": "-", "message": f"not a readable XLSX workbook ({type(exc).__name__})"}]
        ) from None
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield list(row)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return text or None


def _boolean(value: Any, column: str, row: int, errors: list[dict[str, Any]]) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("yes", "y", "true", "1", "x"):
        return True
    if word in ("no", "n", "false", "0", ""):
        return False
    errors.append({"row": row, "column": column, "message": f"{value!r} is not yes or no"})
    return None


def parse_manifest(kind: Kind, filename: str, data: bytes) -> list[BaseModel]:
    model = MODELS[kind]
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        rows = _rows_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _rows_csv(data)
    else:
        raise ManifestError([{"row": 0, "column": "-", "message": f"{filename}: use a .csv or .xlsx file"}])
    header_raw = next(rows, None)
    if not header_raw:
        raise ManifestError(
            [{"row": 1, "column": "-", "message": "the file is empty; the first row must name the columns"}]
        )
    header = [str(h).strip() if h is not None else "" for h in header_raw]
    fields = model.model_fields
    errors: list[dict[str, Any]] = []
    unknown = [h for h in header if h and h not in fields]
    if unknown:
        expected = ", ".join(fields)
        errors.extend(
            {"row": 1, "column": h, "message": f"unknown column; columns are: {expected}"} for h in unknown
        )
        raise ManifestError(errors)
    booleans = {name for name, f in fields.items() if f.annotation in (bool, bool | None)}
    items: list[BaseModel] = []
    for number, raw in enumerate(rows, start=2):
        values = [_cell(v) for v in raw]
        if not any(v is not None for v in values):
            continue  # blank line
        if number - 1 > MAX_ROWS:
            errors.append({"row": number, "column": "-", "message": f"more than {MAX_ROWS} rows"})
            break
        record: dict[str, Any] = {}
        for column, value in zip(header, values, strict=False):
            if not column or value is None:
                continue
            record[column] = _boolean(value, column, number, errors) if column in booleans else value
        try:
            items.append(model.model_validate(record))
        except ValidationError as exc:
            for e in exc.errors():
                column = ".".join(str(p) for p in e["loc"]) or "-"
                errors.append(
                    {"row": number, "column": column, "message": e["msg"].removeprefix("Value error, ")}
                )
    if errors:
        raise ManifestError(errors)
    return items
