"""Rows of a statistics grid as labels + value slots, and the mapping of slots to keys.

A `Table` row from an HTML grid repeats a spanned label in every covered position and a
colspan value in every covered column; a row from text has lost its spans, sometimes a
cell, and sometimes its alignment. This module turns either into the same thing -- the
row's label cells and the value cells after them -- and maps the value cells onto the
column keys announced by the header, choosing the strongest evidence available:

1. as many value cells as columns: in order (alignment does not matter);
2. as many cells, empty ones included, after the label as columns: in order;
3. a header whose columns have known positions, in a grid whose positions can be trusted
   (HTML, or a text row exactly as wide as the header): by position;
4. fewer values than columns: only what the table's sums prove (cellfill.recover);
5. more values than columns in a text row (a page number or a stray fragment joined it):
   the one reading the sums allow (cellfill.drop_surplus);
6. anything else: nothing, and a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from parsers.cellfill import Constraint, drop_surplus, recover
from parsers.document import Table
from parsers.numbers import is_value_cell, parse_number
from parsers.textgrid import PADDING


@dataclass(frozen=True)
class Cell:
    """A grid cell. Frozen, so whether it is empty or a value is worked out once, when it
    is made: the statistics scan asks that of every cell many times over."""

    col: int
    text: str
    empty: bool = field(init=False, repr=False, compare=False)
    is_value: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "empty", not self.text.strip(" \u3000\xa0\n\t"))
        object.__setattr__(self, "is_value", is_value_cell(self.text))


@dataclass
class Row:
    """One grid row: `cells` with horizontal span repeats collapsed, `full` as in the grid."""

    cells: list[Cell]
    full: list[Cell]
    width: int  # cells the source row really had (text rows: before padding)
    trusted: bool  # positions are reliable (HTML/DOCX/XLS grids)
    index: int = 0

    @property
    def labels(self) -> list[Cell]:
        return [c for c in self.cells if not c.empty and not c.is_value]

    @property
    def label_texts(self) -> list[str]:
        out: list[str] = []
        for c in self.labels:
            if not out or out[-1] != c.text:
                out.append(c.text)
        return out

    @property
    def slots(self) -> list[Cell]:
        """The cells after the last label cell (all cells when the row has no label)."""
        labels = self.labels
        if not labels:
            return list(self.cells)
        last = self.cells.index(labels[-1])
        return self.cells[last + 1:]

    @property
    def numeric_count(self) -> int:
        count = 0
        for c in self.cells:
            num = parse_number(c.text)
            if num is not None and num.value is not None:
                count += 1
        return count

    def at(self, col: int) -> Cell | None:
        for c in self.full:
            if c.col == col:
                return c
        return None


def table_rows(table: Table) -> list[Row]:
    """The rows of a grid; spans collapsed by `origin` when the grid carries it."""
    trusted = table.source not in ("text", "")
    has_origin = len(table.origin) == len(table.rows)
    rows: list[Row] = []
    for r, texts in enumerate(table.rows):
        origins = table.origin[r] if has_origin else [(r, c) for c in range(len(texts))]
        full: list[Cell] = []
        cells: list[Cell] = []
        width = 0
        for c, text in enumerate(texts):
            origin = origins[c] if c < len(origins) else (r, c)
            if tuple(origin) == PADDING:
                continue
            width += 1
            cell = Cell(c, text or "")
            full.append(cell)
            if c > 0 and c - 1 < len(origins) and tuple(origins[c - 1]) == tuple(origin) \
                    and has_origin:
                continue  # the same spanned cell as its left neighbour
            if not has_origin and cells and not cell.empty and not cell.is_value \
                    and cells[-1].text == cell.text:
                continue  # no origin: a repeated label is taken for a span
            cells.append(cell)
        rows.append(Row(cells=cells, full=full, width=width, trusted=trusted, index=r))
    return rows


@dataclass
class Header:
    """Column keys of one sub-table: in printed order, and by position when provable."""

    keys: list[str]
    positions: dict[str, int] = field(default_factory=dict)  # key → column, if valid
    width: int = 0
    trusted: bool = False  # read from a grid whose positions are reliable
    labels: dict[str, str] = field(default_factory=dict)  # key → the printed header label


def build_header(rows: list[Row], column_keys: Callable[[str], list[str]],
                 canonical: tuple[str, ...] | list[str] | None = None) -> Header:
    """Header of a sub-table from its header rows.

    `column_keys` gives the column keys a header cell names (several when text joined the
    cells); the key order is the order in which the columns are printed when the
    positions prove it (one key per column, each in one column), else `canonical`
    (restricted to the keys seen), else the order of first appearance.
    """
    seen: list[str] = []
    labels: dict[str, str] = {}
    by_col: dict[int, str] = {}
    conflict = False
    width = 0
    for row in rows:
        width = max(width, row.width)
        for cell in row.full:
            keys = column_keys(cell.text) if not cell.empty else []
            if len(keys) > 1:
                conflict = True
            for key in keys:
                if key not in seen:
                    seen.append(key)
                    labels[key] = cell.text
                if by_col.get(cell.col, key) != key:
                    conflict = True
                by_col[cell.col] = key
    positions: dict[str, int] = {}
    if not conflict:
        for col, key in sorted(by_col.items()):
            if key in positions:  # one key over several columns: a colspan, not provable
                conflict = True
                break
            positions[key] = col
    if conflict:
        positions = {}
    if positions and len(positions) == len(seen):
        keys = sorted(seen, key=lambda k: positions[k])
    elif canonical:
        keys = [k for k in canonical if k in seen] or list(canonical)
    else:
        keys = seen
    trusted = bool(rows) and all(r.trusted for r in rows)
    return Header(keys=keys, positions=positions, width=width, labels=labels, trusted=trusted)


@dataclass
class Mapped:
    cells: dict[str, Cell | None]
    how: str  # order, slots, position, recovered, surplus, none
    recovered: dict[str, int | float | None] | None = None  # the values of recovered/surplus


def map_values(row: Row, header: Header, constraints: list[Constraint] | None = None,
               start_col: int | None = None) -> Mapped:
    """Assign the row's value cells to the header's keys (see the module docstring)."""
    keys = header.keys
    n = len(keys)
    slots = row.slots if start_col is None else [c for c in row.cells if c.col >= start_col]
    values = [c for c in slots if not c.empty]
    if any(not c.is_value for c in values):
        return Mapped({k: None for k in keys}, "none")
    if len(values) == n:
        return Mapped(dict(zip(keys, values, strict=True)), "order")
    if len(slots) == n:
        return Mapped(dict(zip(keys, slots, strict=True)), "slots")
    trimmed = list(slots)
    while trimmed and trimmed[0].empty:
        trimmed.pop(0)
    while trimmed and trimmed[-1].empty:
        trimmed.pop()
    if len(trimmed) == n:
        return Mapped(dict(zip(keys, trimmed, strict=True)), "slots")
    if header.positions and len(header.positions) == n and \
            (row.trusted or row.width == header.width):
        cols = set(header.positions.values())
        if all(c.col in cols for c in values):
            return Mapped({k: row.at(col) for k, col in header.positions.items()}, "position")
    if 0 < len(values) < n:
        numbers = [parse_number(c.text) for c in values]
        got = recover([x.value if x else None for x in numbers], keys, constraints or [])
        if got is not None:
            return Mapped({k: None for k in keys}, "recovered", got)
    if len(values) > n and not row.trusted:
        numbers = [parse_number(c.text) for c in values]
        got = drop_surplus([x.value if x else None for x in numbers], keys, constraints or [])
        if got is not None:
            return Mapped({k: None for k in keys}, "surplus", got)
    return Mapped({k: None for k in keys}, "none")
