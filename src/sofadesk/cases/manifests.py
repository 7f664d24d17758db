"""Personnel and equipment manifests from CSV or XLSX, with errors that name the row and the column.

The first row holds the column names (the fields of Person or EquipmentLine; unknown columns are refused).
Yes/no columns accept yes/no, true/false, 1/0, x/empty.  A file with any bad row is refused whole: nothing is
half-imported.

A manifest comes from outside, so reading one is bounded before any of it is trusted: its size in bytes, an
XLSX's size once unpacked (a small workbook can unpack to gigabytes), the rows read (blank ones count: a sheet
of millions of empty rows costs as much to walk as a full one), the columns of a row and the length of a cell.
Past a bound the file is refused at once; the errors reported stop at MAX_ERRORS with a count of the rest.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from sofadesk.cases.force import EquipmentLine, Person

Kind = Literal["personnel", "equipment"]
MODELS: dict[str, type[BaseModel]] = {"personnel": Person, "equipment": EquipmentLine}
# A 20,000-person manifest is about 4 MB as CSV and well under that as XLSX.
MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 40 * 1024 * 1024
MAX_ROWS = 20000
MAX_COLUMNS = 64
MAX_CELL = 1000
MAX_ERRORS = 100


class ManifestError(ValueError):
    """The manifest's problems: the first MAX_ERRORS of them, and how many there were in all."""

    def __init__(self, errors: list[dict[str, Any]], total: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS]
        self.total = max(total or 0, len(errors))
        shown = "; ".join(f"row {e['row']}, {e['column']}: {e['message']}" for e in errors[:10])
        more = f" (and {self.total - 10} more)" if self.total > 10 else ""
        super().__init__(f"{self.total} problem(s) in the manifest: {shown}{more}")


class ManifestTooLarge(ManifestError):
    """The file itself is over the size bound (HTTP 413 rather than 422)."""


def _refuse(message: str, row: int = 1, column: str = "-") -> ManifestError:
    return ManifestError([{"row": row, "column": column, "message": message}])


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ManifestTooLarge(
            [
                {
                    "row": 0,
                    "column": "-",
                    "message": f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB",
                }
            ]
        )


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
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        yield from reader
    except csv.Error as exc:  # e.g. a field over the csv module's own length bound
        raise _refuse(f"not a readable CSV file ({exc})", reader.line_num) from None


def _unpacked_size(data: bytes) -> int:
    """The size an XLSX (a zip archive) declares for its members once unpacked; zipfile never reads a member
    past its declared size, so this bounds what parsing can unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise _refuse("not a readable XLSX workbook (not a zip archive)") from None
    if len(members) > 1000:
        raise _refuse("not a plausible XLSX workbook (over 1,000 parts)")
    return sum(m.file_size for m in members)


def _rows_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    if _unpacked_size(data) > MAX_UNPACKED:
        raise _refuse(f"the workbook unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _refuse(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        for row in rows:
            yield list(row)
    except ManifestError:
        raise
    except Exception as exc:
        raise _refuse(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    finally:
        book.close()


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


class _Problems:
    """Problems found so far: all counted, the first MAX_ERRORS kept."""

    def __init__(self) -> None:
        self.kept: list[dict[str, Any]] = []
        self.total = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_ERRORS:
            self.kept.append({"row": row, "column": column, "message": message})


def _boolean(value: Any, column: str, row: int, problems: _Problems) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("yes", "y", "true", "1", "x"):
        return True
    if word in ("no", "n", "false", "0", ""):
        return False
    problems.add(row, column, f"{value!r} is not yes or no")
    return None


def _bounded(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """Rows as read, refused at the first one past a bound (blank rows count towards MAX_ROWS)."""
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:  # the header and MAX_ROWS rows of data
            raise _refuse(f"more than {MAX_ROWS:,} rows (blank rows count); split the manifest", number)
        while row and row[-1] in (None, ""):
            row.pop()
        if len(row) > MAX_COLUMNS:
            raise _refuse(f"more than {MAX_COLUMNS} columns", number)
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL:
                raise _refuse(f"a cell longer than {MAX_CELL:,} characters", number, f"column {index + 1}")
        yield row


def parse_manifest(kind: Kind, filename: str, data: bytes) -> list[BaseModel]:
    """The manifest's items, or ManifestError (ManifestTooLarge for a file over MAX_BYTES)."""
    check_size(len(data))
    model = MODELS[kind]
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        rows = _rows_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _rows_csv(data)
    else:
        raise ManifestError([{"row": 0, "column": "-", "message": f"{filename}: use a .csv or .xlsx file"}])
    rows = _bounded(rows)
    header_raw = next(rows, None)
    if not header_raw:
        raise ManifestError(
            [{"row": 1, "column": "-", "message": "the file is empty; the first row must name the columns"}]
        )
    header = [str(h).strip() if h is not None else "" for h in header_raw]
    fields = model.model_fields
    unknown = [h for h in header if h and h not in fields]
    if unknown:
        expected = ", ".join(fields)
        raise ManifestError(
            [{"row": 1, "column": h, "message": f"unknown column; columns are: {expected}"} for h in unknown]
        )
    problems = _Problems()
    booleans = {name for name, f in fields.items() if f.annotation in (bool, bool | None)}
    items: list[BaseModel] = []
    for number, raw in enumerate(rows, start=2):
        values = [_cell(v) for v in raw]
        if not any(v is not None for v in values):
            continue  # blank line
        record: dict[str, Any] = {}
        for column, value in zip(header, values, strict=False):
            if not column or value is None:
                continue
            record[column] = _boolean(value, column, number, problems) if column in booleans else value
        try:
            items.append(model.model_validate(record))
        except ValidationError as exc:
            for e in exc.errors():
                column = ".".join(str(p) for p in e["loc"]) or "-"
                problems.add(number, column, e["msg"].removeprefix("Value error, "))
    if problems.total:
        raise ManifestError(problems.kept, problems.total)
    return items
