"""Recover table grids from plain text, for every shape statistics tables arrive in as text.

A report that reaches us as text (a PDF or DOCX run through a converter, a page saved as
.txt) still carries its tables, flattened in one of a few ways:

- **tab-separated rows** (PDF/XLS exports, seeds 001 and 003): one row per line, a tab
  between cells, empty cells kept as empty fields -- except where the extractor lost one,
  and with labels broken over two lines or spaced out ("三、 本年 度办 理结 果");
- **one cell per line** (DOCX converters, seeds 000 and 004): each cell on its own line
  indented by a tab, an empty cell as a line holding only the tab, a blank line between
  rows, and a cell's second paragraph on a following line without the tab;
- **pipe tables** (`a | b | c`, Markdown with or without the border pipes);
- **space-aligned rows** (pdftotext and friends): cells separated by runs of spaces, or a
  label followed by its numbers separated by single spaces, or a label line followed by
  lines holding only numbers.

Each block becomes a `Table` with `source="text"`. Positions in such a grid are weaker
evidence than in an HTML grid (a lost cell shifts everything after it), so rows are padded
to a rectangle with `origin` set to (-1, -1) for the padding: a parser can tell "the row
had an empty cell here" (origin is the cell itself) from "the row had no cell here".
"""

from __future__ import annotations

import re

from parsers.document import Table
from parsers.numbers import UNIT_WORDS, is_null_mark, parse_number

PADDING = (-1, -1)

# a line that reads as prose rather than a table cell
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_RUN_OF_SPACES = re.compile(r"[ \u3000\xa0]{2,}")
_ANY_SPACE = re.compile(r"[ \u3000\xa0]+")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
MAX_CELL_LINE = 60  # a continuation line of a cell is short
MAX_HEADER_LINE = 90  # a label-only line inside a space-aligned table


def _is_blank(line: str) -> bool:
    return not line.strip(" \u3000\xa0\r")


def _kind(line: str) -> str:
    """blank / tsv / cell (DOCX: one tab-indented cell) / pipe / text."""
    line = line.rstrip("\r")
    if "\t" in line:
        body = line[1:] if line.startswith("\t") else line
        if "\t" in body:
            return "tsv"
        if line.startswith("\t"):
            return "cell"
        return "tsv"
    if _is_blank(line):
        return "blank"
    if line.count("|") >= 2 or _MD_RULE.match(line):
        return "pipe"
    return "text"


def _is_prose(line: str) -> bool:
    """A sentence, or a line too long to be a row (counted without the alignment spaces)."""
    text = _ANY_SPACE.sub("", line)
    return len(text) > MAX_HEADER_LINE or bool(_SENTENCE_END.search(text))


def _pad(rows: list[list[str]]) -> Table:
    width = max((len(r) for r in rows), default=0)
    out_rows: list[list[str]] = []
    origin: list[list[tuple[int, int]]] = []
    for r, row in enumerate(rows):
        out_rows.append(row + [""] * (width - len(row)))
        origin.append([(r, c) for c in range(len(row))] + [PADDING] * (width - len(row)))
    return Table(rows=out_rows, origin=origin, source="text")


# ---------------------------------------------------------------------------------------
# tab-separated rows


def _tsv_block(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Consecutive tab-separated lines; a single blank line does not end the block."""
    rows: list[list[str]] = []
    n = len(lines)
    while i < n:
        kind = _kind(lines[i])
        if kind == "tsv":
            rows.append([c.strip(" \u3000\xa0\r") for c in lines[i].rstrip("\r").split("\t")])
            i += 1
        elif kind == "blank" and i + 1 < n and _kind(lines[i + 1]) == "tsv":
            i += 1
        else:
            break
    return rows, i


# ---------------------------------------------------------------------------------------
# one cell per line (DOCX converters)


def _cell_text(line: str) -> str:
    return line.rstrip("\r")[1:].strip(" \u3000\xa0") if line.startswith("\t") else line.strip()


def _is_continuation(lines: list[str], i: int, blank_before: bool) -> bool:
    """A text line inside a one-cell-per-line block is the next paragraph of the previous
    cell when it is short and not prose; after a blank line only if a cell line follows
    (a cell "结果" + blank + "维持"), otherwise it is the text after the table."""
    text = lines[i].strip()
    if len(text) > MAX_CELL_LINE or _SENTENCE_END.search(text):
        return False
    if not blank_before:
        return True
    return i + 1 < len(lines) and _kind(lines[i + 1]) == "cell"


def _cell_block(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)
    blank_before = False
    while i < n:
        kind = _kind(lines[i])
        if kind == "cell":
            row.append(_cell_text(lines[i]))
            blank_before = False
        elif kind == "blank":
            if row and not blank_before:
                rows.append(row)
                row = []
            blank_before = True
        elif kind == "text" and (row or rows) and _is_continuation(lines, i, blank_before):
            if blank_before and not row and rows:
                row = rows.pop()  # the blank line was a paragraph break inside the cell
            if row:
                row[-1] = (row[-1] + "\n" + lines[i].strip()).strip()
            blank_before = False
        else:
            break
        i += 1
    if row:
        rows.append(row)
    return rows, i


# ---------------------------------------------------------------------------------------
# pipe tables


def _pipe_block(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    n = len(lines)
    while i < n and _kind(lines[i]) == "pipe":
        line = lines[i].strip()
        i += 1
        if _MD_RULE.match(line):
            continue
        if line.startswith("|"):
            line = line[1:]
        if line.endswith("|"):
            line = line[:-1]
        rows.append([c.strip(" \u3000\xa0") for c in line.split("|")])
    return rows, i


# ---------------------------------------------------------------------------------------
# space-aligned rows (PDF text without tabs)


def _is_value_token(token: str) -> bool:
    return parse_number(token) is not None


def split_spaced(line: str) -> list[str]:
    """Cells of a space-aligned line. Runs of 2+ spaces separate cells; inside a run of
    single-spaced words, numbers (and null marks, unit words) are cells of their own while
    the words between them join into one label ("三、 本年 度办 理结 果")."""
    cells: list[str] = []
    for chunk in _RUN_OF_SPACES.split(line.strip()):
        label: list[str] = []
        for token in _ANY_SPACE.split(chunk.strip()):
            if not token:
                continue
            if _is_value_token(token):
                if label:
                    cells.append(" ".join(label))
                    label = []
                cells.append(token)
            elif token in UNIT_WORDS:
                if label:
                    cells.append(" ".join(label))
                    label = []
                if cells and _is_value_token(cells[-1]) and not is_null_mark(cells[-1]):
                    cells[-1] = cells[-1] + " " + token  # "2739691.05 元"
                else:
                    cells.append(token)
            else:
                label.append(token)
        if label:
            cells.append(" ".join(label))
    return cells


def _value_count(cells: list[str]) -> int:
    return sum(1 for c in cells if _is_value_token(c.split(" ")[0]))


def _is_spaced_row(line: str) -> bool:
    """A text line that reads as a table row: a short label (or none) then values."""
    if _kind(line) != "text" or _is_prose(line):
        return False
    cells = split_spaced(line)
    if not cells or not _is_value_token(cells[-1].split(" ")[0]):
        return False
    labels = [c for c in cells if not _is_value_token(c.split(" ")[0]) and c not in UNIT_WORDS]
    return sum(len(c) for c in labels) <= MAX_HEADER_LINE


def _is_label_line(line: str) -> bool:
    """A short text line with no number in it: a header or label cell on its own line."""
    if _is_blank(line) or _kind(line) != "text" or _is_prose(line):
        return False
    return len(line.strip()) <= MAX_CELL_LINE and _value_count(split_spaced(line)) == 0


def _spaced_block(lines: list[str], start: int, floor: int) -> tuple[list[list[str]], int]:
    """From a row line at `start`: take the label lines just above it (headers, but not
    before `floor`), then rows, label lines and blank lines until prose or two blank lines.
    A label line followed by lines each holding one value is one row printed a cell a line."""
    first = start
    taken = 0
    while first > floor and taken < 8:
        prev = lines[first - 1]
        if _is_blank(prev) and first - 1 > floor and _is_label_line(lines[first - 2]):
            # one cell per paragraph: converters put a blank line between the cells, so the
            # row's label (规章) and the header lines above sit across single blank lines
            first -= 1
            continue
        if _is_blank(prev) or _kind(prev) != "text" or _is_prose(prev):
            break
        first -= 1
        taken += 1
    rows: list[list[str]] = []
    open_row = False  # the last row began as a label-only line and may take values below
    i = first
    n = len(lines)
    blanks = 0
    while i < n:
        line = lines[i]
        if _is_blank(line):
            blanks += 1
            if blanks >= 2:
                break
            i += 1
            continue
        if _kind(line) != "text" or _is_prose(line):
            break
        blanks = 0
        cells = split_spaced(line)
        values = _value_count(cells)
        if open_row and len(cells) == 1 and values == 1:
            rows[-1].extend(cells)
        else:
            rows.append(cells)
            open_row = values == 0
        i += 1
    return rows, i


# ---------------------------------------------------------------------------------------


# one cell per line, each cell closed by a pipe ("规章 |") or followed by a line holding only
# pipes ("||||" where the row ended; a lone "|" is an empty cell): what a converter makes of
# a table whose rows it could not keep together
_PIPE_CELL = re.compile(r"^([^|]*?)\s*\|+$")
# a cell closed by its pipe and the row's filler pipes after a space (0  | ||)
_PIPE_CELL_FILLED = re.compile(r"^([^|]*?)\s*\|[|\s]*$")


def _only_pipes(line: str) -> bool:
    text = line.strip(" \u3000\xa0\r")
    return bool(text) and set(text) <= {"|"}


def _is_bare_cell(lines: list[str], i: int) -> bool:
    """A short label line whose cell is closed by a pipes-only line below it."""
    line = lines[i].strip(" \u3000\xa0\r")
    return (
        bool(line)
        and _kind(line) == "text"
        and len(line) <= MAX_CELL_LINE
        and not _is_prose(line)
        and i + 1 < len(lines)
        and _only_pipes(lines[i + 1])
    )


def _is_pipe_cell(lines: list[str], i: int) -> bool:
    line = lines[i].strip(" \u3000\xa0\r")
    m = _PIPE_CELL.match(line)
    if m:
        return line.count("|") == 1 or not m.group(1)
    if _PIPE_CELL_FILLED.match(line) and i > 0:
        # inside a run of cells one a line (the line above a lone "|" or a "cell |"), a
        # cell followed by the row's filler pipes is still one cell
        above = lines[i - 1].strip(" \u3000\xa0\r")
        return _only_pipes(above) or (above.count("|") == 1 and bool(_PIPE_CELL.match(above)))
    return _is_bare_cell(lines, i)


def _pipe_cell_block(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Cells one a line, closed by pipes: a label cell opens a row, value cells join it."""
    tokens: list[str] = []
    n = len(lines)
    while i < n:
        if _is_blank(lines[i]):
            if i + 1 < n and not _is_blank(lines[i + 1]) and _is_pipe_cell(lines, i + 1):
                i += 1
                continue
            break
        if not _is_pipe_cell(lines, i):
            # a number straight after the cells whose closing pipe the converter dropped
            # (the table's very last cell, or where the copy ends): still a cell
            value = lines[i].strip(" \u3000\xa0\r")
            if tokens and _is_value_token(value) and _is_pipe_cell(lines, i - 1):
                tokens.append(value)
                i += 1
            break
        stripped = lines[i].strip(" \u3000\xa0\r")
        m = _PIPE_CELL.match(stripped) or _PIPE_CELL_FILLED.match(stripped)
        cell = m.group(1).strip() if m else stripped
        if cell:
            tokens.append(cell)
        elif stripped == "|" and lines[i - 1].rstrip(" \u3000\xa0\r").endswith("|"):
            # a lone "|" after a pipe-closed cell is an empty cell (after a bare cell it is
            # that cell's closing pipe); "||", "|||" close a row
            tokens.append("")
        i += 1
    rows: list[list[str]] = []
    for token in tokens:
        if not token:
            if rows:
                rows[-1].append(token)  # keeps the row's later cells in their columns
        elif _is_value_token(token) and rows and _value_count(rows[-1][:1]) == 0:
            rows[-1].append(token)
        else:
            rows.append([token])
    for row in rows:
        while len(row) > 1 and not row[-1]:
            row.pop()  # empty cells at a row's end place nothing
    return rows, i


def text_to_tables(text: str) -> list[Table]:
    """Every table block found in `text`, in reading order, as padded `Table` grids."""
    lines = (text or "").split("\n")
    tables: list[Table] = []
    i = 0
    floor = 0  # lines before this belong to a table already taken
    n = len(lines)
    while i < n:
        kind = _kind(lines[i])
        rows: list[list[str]] = []
        if kind == "tsv":
            rows, i = _tsv_block(lines, i)
        elif kind == "cell":
            rows, i = _cell_block(lines, i)
        elif kind != "blank" and _is_pipe_cell(lines, i) and not _only_pipes(lines[i]):
            rows, end = _pipe_cell_block(lines, i)
            if sum(1 for r in rows if _value_count(r)) >= 2:
                i = end
            elif kind == "pipe":
                rows, i = _pipe_block(lines, i)
            else:
                rows, i = [], i + 1
        elif kind == "pipe":
            rows, i = _pipe_block(lines, i)
        elif kind == "text" and _is_spaced_row(lines[i]):
            rows, i = _spaced_block(lines, i, floor)
            rows = rows if sum(1 for r in rows if _value_count(r)) >= 2 else []
        else:
            i += 1
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        if kind == "cell" and all(len(r) == 1 for r in rows):
            continue  # tab-indented paragraphs, not a table
        if len(rows) >= 2 or (rows and len(rows[0]) >= 3):
            tables.append(_pad(rows))
            floor = i
    return tables
