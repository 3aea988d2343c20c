"""Statistics tables as rows: one row per cell (long format), as the archive stores them."""

from __future__ import annotations

from collections.abc import Iterator

# table -> (row column, column column) of the cell tables
CELL_TABLES = {
    "article20": ("item", "column"),
    "applications": ("row", "column"),
    "review_litigation": ("grp", "column"),
}


def cell_rows(rid: str, table: dict | None, row_name: str, col_name: str) -> Iterator[dict]:
    """Flatten {row: {column: value}} into one row per cell (long format).

    A 第二十条 item may carry `raw`: the printed text of its money cell ("2739691.05 元"),
    kept beside the value converted to 万元 so a reader can check the conversion.
    """
    for row_key, columns in (table or {}).items():
        if not isinstance(columns, dict):
            continue
        raw = columns.get("raw")
        for column, value in columns.items():
            if column == "raw" or isinstance(value, dict | list):
                continue
            cell = {"report_id": rid, row_name: row_key, col_name: column, "value": value}
            if row_name == "item":
                cell["raw"] = raw if isinstance(raw, str) and column.endswith("_wan_yuan") else None
            yield cell
