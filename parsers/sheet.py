"""Spreadsheets → Document: XLSX with openpyxl, XLS with xlrd; every sheet one grid.

Some agencies publish the statistics tables as a workbook beside (or instead of) the
report. Each sheet becomes a `Table` with merged ranges span-expanded (the merged value
repeated, `origin` at the range's top-left cell), trailing empty rows and columns cut.
`text` has each sheet's name on a line, then its rows as tab-separated lines with a
merged value only at its top-left cell (the shape of an XLS export that
parsers.textgrid reads).

openpyxl runs in read-only, data-only mode (cached formula values; rows streamed), which
has no merged-cell list, so the merges are read from the sheet XML with a streaming
parse that resolves no entities. defusedxml is installed, so openpyxl itself refuses
entity declarations; the package pre-check (parsers.ooxml) refuses them earlier anyway.
Cells are counted against MAX_SHEET_CELLS across the workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from lxml import etree

from parsers.document import Document, Table
from parsers.limits import MAX_SHEET_CELLS, DocumentError, check_size
from parsers.ooxml import open_package
from parsers.sandbox import heartbeat

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROWS_PER_HEARTBEAT = 10_000
Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based)


class _Budget:
    """Cells left to read in this workbook; a sheet that runs out is cut with a warning."""

    def __init__(self) -> None:
        self.left = MAX_SHEET_CELLS
        self.warnings: list[str] = []


def read_xlsx(data: bytes) -> Document:
    """Every sheet of an XLSX as a grid; DocumentError for unsafe or broken files."""
    package = open_package(data)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        package.close()
        raise DocumentError(f"not a readable workbook: {type(exc).__name__}: {exc}") from exc
    budget = _Budget()
    sheets: list[tuple[str, list[list[str]], list[Merge]]] = []
    try:
        for ws in wb.worksheets:
            merges = _xlsx_merges(package, getattr(ws, "_worksheet_path", ""))
            values = _take(ws.title, ws.iter_rows(values_only=True), budget)
            sheets.append((ws.title, values, merges))
    finally:
        wb.close()
        package.close()
    return _document(sheets, "xlsx", budget.warnings)


def _xlsx_merges(package: zipfile.ZipFile, path: str) -> list[Merge]:
    """The <mergeCell ref="A1:D1"/> ranges of one sheet part, streamed."""
    if not path:
        return []
    merges: list[Merge] = []
    with package.open(path) as part:
        for _, element in etree.iterparse(
            part, tag=f"{_MAIN}mergeCell", resolve_entities=False, no_network=True
        ):
            ref = element.get("ref", "")
            if ":" in ref:
                first, last = ref.split(":", 1)
                (r0, c0), (r1, c1) = _a1(first), _a1(last)
                merges.append((r0, c0, r1, c1))
            element.clear()
    return merges


def _a1(ref: str) -> tuple[int, int]:
    """'AB12' → (11, 27), 0-based."""
    col = 0
    i = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    return int(ref[i:] or 1) - 1, col - 1


def read_xls(data: bytes) -> Document:
    """Every sheet of a BIFF .xls workbook as a grid (xlrd, formatting info for merges)."""
    check_size(data)
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        reason = str(exc)
        if "encrypt" in reason.lower():
            raise DocumentError("encrypted workbook: a password is required") from exc
        raise DocumentError(f"not a readable .xls workbook: {reason}") from exc
    except Exception as exc:
        raise DocumentError(f"malformed .xls workbook: {type(exc).__name__}: {exc}") from exc
    budget = _Budget()
    sheets: list[tuple[str, list[list[str]], list[Merge]]] = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            rows = (
                [_xls_value(book, sh.cell(r, c)) for c in range(sh.ncols)] for r in range(sh.nrows)
            )
            values = _take(sh.name, rows, budget)
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            sheets.append((sh.name, values, merges))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return _document(sheets, "xls", budget.warnings)


def _xls_value(book: object, cell: object) -> object:
    import xlrd

    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode)  # type: ignore[attr-defined]
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return value


def _take(name: str, rows: Iterable[Iterable[object]], budget: _Budget) -> list[list[str]]:
    """Rows as strings, stopping when the workbook's cell budget is spent."""
    out: list[list[str]] = []
    for row in rows:
        cells = [cell_text(v) for v in row]
        budget.left -= max(len(cells), 1)
        if budget.left < 0:
            budget.warnings.append(
                f"sheet {name}: cut after {len(out)} rows (workbook limit {MAX_SHEET_CELLS} cells)"
            )
            break
        out.append(cells)
        if len(out) % _ROWS_PER_HEARTBEAT == 0:
            heartbeat()
    return out


def cell_text(value: object) -> str:
    """A cell value as printed: integral floats without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _document(
    sheets: list[tuple[str, list[list[str]], list[Merge]]], fmt: str, warnings: list[str]
) -> Document:
    tables: list[Table] = []
    lines: list[str] = []
    for name, values, merges in sheets:
        table = _grid(values, merges, fmt)
        if not table.rows:
            continue
        tables.append(table)
        lines.append(name)
        for r, row in enumerate(table.rows):
            cells = [v if table.origin[r][c] == (r, c) else "" for c, v in enumerate(row)]
            lines.append("\t".join(cells))
        lines.append("")
    meta = {"sheets": ",".join(name for name, _, _ in sheets)}
    return Document(
        text="\n".join(lines).strip("\n"),
        tables=tables,
        source_format=fmt,
        meta=meta,
        warnings=warnings,
    )


def _grid(values: list[list[str]], merges: list[Merge], fmt: str) -> Table:
    """Trim empty edges, pad to a rectangle, spread merged values over their range."""
    height = max((r + 1 for r, row in enumerate(values) if any(row)), default=0)
    width = max(
        (max((c + 1 for c, v in enumerate(row) if v), default=0) for row in values[:height]),
        default=0,
    )
    rows = [(row[:width] + [""] * (width - len(row))) for row in values[:height]]
    origin = [[(r, c) for c in range(width)] for r in range(height)]
    for r0, c0, r1, c1 in merges:
        if r0 >= height or c0 >= width:
            continue
        text = rows[r0][c0]
        for r in range(r0, min(r1, height - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = text
                origin[r][c] = (r0, c0)
    return Table(rows=rows, origin=origin, source=fmt)
