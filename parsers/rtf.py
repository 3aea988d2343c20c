"""RTF → Document: paragraphs and tables (merged cells expanded), Chinese text decoded.

Word and WPS save RTF with the text as code-page bytes (`\\'d5\\'fe` under `\\ansicpg936`) or
as `\\uN` escapes followed by `\\ucN` fallback characters to skip; reports published as
.doc are sometimes RTF. The reader walks the token stream with a stack of group states,
skips the destinations that hold no body text (font and colour tables, pictures, field
instructions, headers...), and builds tables from the row definitions: `\\cellx` closes a
cell definition, `\\clmrg`/`\\clvmrg` mark a cell merged into its left/upper neighbour,
`\\cell` and `\\row` close the cell and row contents.

Output matches the DOCX reader: paragraphs separated by blank lines, tables as
span-expanded grids and, in the text, one cell per line indented by a tab.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from parsers.document import Document, Table
from parsers.grid import join_pieces, normalize_space
from parsers.limits import DocumentError, check_size

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word, its argument
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\([^a-zA-Z])"  # control symbol
    rb"|([{}])"
    rb"|([^\\{}\r\n]+)"  # text
    rb"|[\r\n]+"
)
# destinations whose text is not body text
_SKIP = {
    b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header",
    b"headerl", b"headerr", b"headerf", b"footer", b"footerl", b"footerr", b"footerf",
    b"fldinst", b"themedata", b"colorschememapping", b"datastore", b"latentstyles",
    b"listtable", b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl", b"mmathPr",
    b"pgdsctbl", b"filetbl", b"revtbl", b"bkmkstart", b"bkmkend", b"shppict", b"nonshppict",
    b"footnote", b"annotation", b"atnid", b"atnauthor", b"private", b"wgrffmtfilter",
}  # fmt: skip
_SYMBOLS = {
    b"emdash": "—", b"endash": "–", b"bullet": "•", b"lquote": "‘", b"rquote": "’",
    b"ldblquote": "“", b"rdblquote": "”", b"emspace": "\u3000", b"enspace": " ",
}  # fmt: skip
_ESCAPES = {b"~": "\xa0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}"}


@dataclass
class _Group:
    skip: bool = False
    uc: int = 1  # fallback characters after \uN


@dataclass
class _CellDef:
    right: int  # \cellx: the cell's right edge, in twips
    h_merged: bool = False  # \clmrg: part of the cell on its left
    v_merged: bool = False  # \clvmrg: part of the cell above


@dataclass
class _Builder:
    """Paragraphs and tables as they are read."""

    encoding: str = "cp1252"
    blocks: list[str | Table] = field(default_factory=list)
    para: list[str] = field(default_factory=list)
    in_table: bool = False
    cell: list[str] = field(default_factory=list)  # paragraphs of the open cell
    row: list[list[str]] = field(default_factory=list)  # cells of the open row
    defs: list[_CellDef] = field(default_factory=list)  # of the open row
    pending: list[bool] = field(default_factory=lambda: [False, False])
    rows: list[tuple[list[list[str]], list[_CellDef]]] = field(default_factory=list)

    def end_paragraph(self) -> None:
        text = "".join(self.para).strip(" \t\u3000\xa0")
        self.para = []
        if self.in_table:
            if text:
                self.cell.append(text)
            return
        self.close_table()
        if text:
            self.blocks.append(text)

    def end_cell(self) -> None:
        self.in_table = True
        self.end_paragraph()
        self.row.append(self.cell)
        self.cell = []

    def end_row(self) -> None:
        if self.para or self.cell:
            self.end_cell()
        self.rows.append((self.row, list(self.defs)))
        self.row = []
        self.in_table = True

    def close_table(self) -> None:
        if self.rows:
            self.blocks.append(_grid(self.rows))
        self.rows = []
        self.in_table = False


def read_rtf(data: bytes) -> Document:
    """Text and tables of an RTF document; DocumentError if it is not RTF."""
    check_size(data)
    if not data.lstrip()[:5] == b"{\\rtf":
        raise DocumentError("not an RTF document")
    b = _Builder()
    stack = [_Group()]
    pending = bytearray()  # \'xx bytes of one run, decoded together (GBK is 2 bytes)
    skip_fallback = 0
    for m in _TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, text = m.groups()
        group = stack[-1]
        if hexbyte is not None:
            if skip_fallback:
                skip_fallback -= 1
            elif not group.skip:
                pending += bytes.fromhex(hexbyte.decode())
            continue
        if pending:
            b.para.append(pending.decode(b.encoding, errors="replace"))
            pending.clear()
        if brace == b"{":
            stack.append(_Group(skip=group.skip, uc=group.uc))
        elif brace == b"}":
            if len(stack) > 1:
                stack.pop()
        elif symbol is not None:
            if symbol == b"*":
                group.skip = True  # an ignorable destination this reader does not know
            elif not group.skip:
                b.para.append(_ESCAPES.get(symbol, ""))
        elif word is not None:
            skip_fallback = _control(word, arg, group, b, stack)
        elif text is not None and not group.skip:
            chars = text.decode(b.encoding, errors="replace")
            if skip_fallback:
                cut = min(skip_fallback, len(chars))
                chars, skip_fallback = chars[cut:], skip_fallback - cut
            b.para.append(chars)
    if pending:
        b.para.append(pending.decode(b.encoding, errors="replace"))
    b.end_paragraph()
    b.close_table()
    return _document(b.blocks)


def _control(word: bytes, arg: bytes | None, group: _Group, b: _Builder, stack: list) -> int:
    """Apply one control word; returns how many fallback characters to skip next."""
    if word in _SKIP:
        group.skip = True
    elif word == b"ansicpg" and arg:
        b.encoding = _codec(int(arg))
    elif word == b"uc" and arg:
        group.uc = int(arg)
    elif group.skip:
        return 0
    elif word == b"u" and arg:
        b.para.append(chr(int(arg) % 65536))
        return group.uc
    elif word in (b"par", b"sect", b"page"):
        b.end_paragraph()
    elif word == b"line":
        b.para.append("\n")
    elif word == b"tab":
        b.para.append("\t")
    elif word in _SYMBOLS:
        b.para.append(_SYMBOLS[word])
    elif word == b"intbl":
        b.in_table = True
    elif word == b"trowd":
        b.defs = []
        b.pending = [False, False]
    elif word in (b"clmrg", b"clvmrg"):
        b.pending[word == b"clvmrg"] = True
    elif word == b"cellx":
        b.defs.append(_CellDef(int(arg or 0), b.pending[0], b.pending[1]))
        b.pending = [False, False]
    elif word in (b"cell", b"nestcell"):
        b.end_cell()
    elif word == b"row":
        b.end_row()
    elif word == b"pard" and b.in_table and not b.row and not b.cell and not b.para:
        b.in_table = False  # a paragraph reset after a row: \intbl says if the table goes on
    return 0


def _codec(codepage: int) -> str:
    name = {936: "gb18030", 950: "big5", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


def _grid(rows: list[tuple[list[list[str]], list[_CellDef]]]) -> Table:
    """Rows of cell paragraphs + cell definitions → span-expanded Table.

    The grid's columns are all the cell edges (\\cellx) of the table: a cell wider than
    its neighbours below spans several columns, as in Word. Merged cells (\\clmrg,
    \\clvmrg) and spanned columns repeat the text of the cell they belong to; `origin`
    points at it.
    """
    edges = sorted({d.right for _, defs in rows for d in defs})
    grid: list[list[str]] = []
    origin: list[list[tuple[int, int]]] = []
    for r, (cells, defs) in enumerate(rows):
        row: list[str] = []
        row_origin: list[tuple[int, int]] = []
        for c, paragraphs in enumerate(cells):
            d = defs[c] if c < len(defs) else None
            end = edges.index(d.right) + 1 if d is not None else len(row) + 1
            start = len(row)
            if d is not None and d.h_merged and row:
                home = row_origin[-1]
            elif d is not None and d.v_merged and r > 0 and start < len(origin[r - 1]):
                home = origin[r - 1][start]
            else:
                home = (r, start)
            if home == (r, start):
                text = normalize_space(join_pieces(paragraphs))
            else:  # the text of the cell it is merged into, above or to the left
                text = grid[home[0]][home[1]] if home[0] < r else row[home[1]]
            for _ in range(max(end - start, 1)):
                row.append(text)
                row_origin.append(home)
        grid.append(row)
        origin.append(row_origin)
    width = max((len(row) for row in grid), default=0)
    for r, row in enumerate(grid):
        for c in range(len(row), width):
            row.append("")
            origin[r].append((r, c))
    return Table(rows=grid, origin=origin, source="rtf")


def _document(blocks: list[str | Table]) -> Document:
    parts: list[str] = []
    tables: list[Table] = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(block)
            continue
        tables.append(block)
        rows = []
        for r, row in enumerate(block.rows):
            lines = [
                "\t" + (text if block.origin[r][c] == (r, c) else "")
                for c, text in enumerate(row)
                if block.origin[r][c] == (r, c) or block.origin[r][c][0] != r
            ]
            rows.append("\n".join(lines))
        parts.append("\n\n".join(rows))
    return Document(text="\n\n".join(parts), tables=tables, source_format="rtf")
