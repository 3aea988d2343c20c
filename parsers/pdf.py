"""PDF → Document with pdfplumber: text in reading order, ruled and aligned tables as grids.

pdfplumber's own `extract_text` puts a space wherever two characters are more than
`x_tolerance` apart, which splits justified Chinese ("政 府 信 息") and glues table columns
together with single spaces. So lines are rebuilt here from `page.chars`: characters on
one baseline are joined with nothing between CJK characters, a space only between two
Latin/digit characters that are visibly apart, and a tab where the gap is wide enough to
be a column break. Those tabbed lines are the PDF-export shape parsers.textgrid reads.

Tables:
- ruled tables (`page.find_tables()`, the lines strategy) become grids; pdfplumber leaves
  `None` where a merged cell covers a position, and the cell bboxes tell which cell that
  is, so the grid is span-expanded like the HTML one (`Table.origin`);
- unruled tables are recovered by alignment: in a run of lines with column gaps, the
  columns are where the numbers stand, and each row is written to `text` with a tab per
  column, an unprinted value as an empty field. They are not added to `tables`: on
  seeds 001/003 drawn as unruled PDFs, parsers.textgrid read those lines as well as or
  better than a grid built here (181/193 and 193/200 cells either way, 173 and 191 when
  grids came first), and textgrid is shared with every other text source.
Ruled grids also appear in `text` (cells joined by tabs) where they stood on the page.

Page numbers in the header/footer ("- 3 -", "第3页 共9页") are dropped from the text and
recorded in `meta["page_labels"]`. A PDF without a text layer comes back with
`meta["text_layer"] == "none"` so the caller can send it to OCR; so does one whose glyphs
are mostly unmapped (fonts without a ToUnicode map, common in Chinese PDFs: pdfminer gives
"(cid:N)" for each), which is no more readable than a scan.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from parsers.canonical import NUMBERING
from parsers.document import Document, Table
from parsers.grid import is_cjk, join_pieces, normalize_space
from parsers.limits import MAX_PAGES, DocumentError, check_size
from parsers.numbers import parse_number
from parsers.sandbox import heartbeat

_PAGE_LABEL = re.compile(
    r"^[\s\-—–·.]*(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?[\s\-—–·.]*$"
)
# gaps as a fraction of the font size
_WORD_GAP = 0.15  # between two Latin characters: a space
_COLUMN_GAP = 1.8  # anywhere: a column break (tab)
_MIN_ALIGNED_ROWS = 3
_DEDUPE_BIN = 1.5
# a page whose glyphs are mostly unmapped has no usable text layer
_UNMAPPED_SHARE = 0.3
# a page with an image and fewer characters than this is a scan (a page number or a
# header stamped on it as text)
_MIN_PAGE_CHARS = 20  # points: glyphs of one character this close are one glyph


@dataclass
class _Segment:
    x0: float
    x1: float
    text: str


@dataclass
class _Line:
    top: float
    bottom: float
    segments: list[_Segment] = field(default_factory=list)
    size: float = 10.0  # font size of its first character

    @property
    def text(self) -> str:
        return "\t".join(s.text for s in self.segments)


@dataclass
class _Block:
    """Something placed on a page at `top`: a text line or a table."""

    top: float
    line: _Line | None = None
    table: Table | None = None
    geometry: tuple[Table, tuple[float, float, int]] | None = None


def read_pdf(data: bytes) -> Document:
    """Text and tables of a PDF; raises DocumentError for encrypted or broken files."""
    check_size(data)
    import pdfplumber

    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("pdf: no %%EOF at the end, the file may be truncated")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        raise DocumentError(_open_error(exc)) from exc
    texts: list[str] = []
    tables: list[Table] = []
    labels: list[str] = []
    empty_pages: list[int] = []  # pages only OCR can read
    unmapped = 0  # of those, the pages with glyphs that have no Unicode value
    failures: list[str] = []
    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise DocumentError(_open_error(exc)) from exc
        if not pages:
            raise DocumentError("malformed PDF: no pages")
        if len(pages) > MAX_PAGES:
            warnings.append(f"pdf: {len(pages)} pages, only the first {MAX_PAGES} read")
        previous: _Page | None = None
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            try:
                read = read_page(page)
            except (MemoryError, RecursionError):
                raise  # the sandbox reports these for the whole document
            except Exception as exc:  # one broken page costs that page only
                failures.append(f"{type(exc).__name__}: {exc}")
                warnings.append(f"pdf: page {number} unreadable: {failures[-1]}")
                continue
            finally:
                page.close()  # pdfplumber keeps per-page caches until closed (#1339)
                heartbeat()  # a page done: the sandbox's time limit is per page
            if read.needs_ocr:
                empty_pages.append(number)
                unmapped += read.unmapped
            if previous is not None and _continues(previous, read):
                _join_continuation(previous, read)
            if previous is not None and previous.ends_wrapped and read.starts_left and texts:
                texts[-1] = join_pieces([texts[-1], read.text])  # a paragraph goes on
            else:
                texts.append(read.text)
            tables.extend(read.tables)
            if read.label:
                labels.append(read.label)
            previous = read
        page_count = len(pages)
    finally:
        pdf.close()
    if failures and len(failures) == min(page_count, MAX_PAGES):
        raise DocumentError(_page_error(failures[0]))
    meta = {"pages": str(page_count)}
    if labels:
        meta["page_labels"] = ",".join(labels)
    if len(empty_pages) == min(page_count, MAX_PAGES):
        meta["text_layer"] = "none"
    elif empty_pages:
        meta["text_layer"] = "partial"
        meta["textless_pages"] = ",".join(map(str, empty_pages))
        warnings.append(f"pdf: no text layer on pages {_ranges(empty_pages)}")
    if unmapped:
        warnings.append(f"pdf: {unmapped} page(s) whose fonts map no glyph to Unicode")
    text = "\n".join(t for t in texts if t)
    return Document(text=text, tables=tables, source_format="pdf", meta=meta, warnings=warnings)


def extract_pages(data: bytes, numbers: list[int]) -> bytes:
    """A PDF of the pages `numbers` (1-based) of `data`: the scanned pages of a mostly
    text PDF, for OCR (pdfium, which pdfplumber already brings)."""
    import pypdfium2

    source = pypdfium2.PdfDocument(data)
    target = pypdfium2.PdfDocument.new()
    try:
        target.import_pages(source, [n - 1 for n in numbers])
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
    finally:
        target.close()
        source.close()


def _open_error(exc: Exception) -> str:
    """The reason to record for a PDF that pdfminer cannot open."""
    chain = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 5:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    names = " ".join(type(e).__name__ for e in chain) + " " + " ".join(map(str, chain))
    if re.search(r"Password|Encrypt", names):
        return "encrypted PDF: a password is required"
    if re.search(r"No /Root|xref|trailer|EOF|Syntax", names, re.I):
        return f"malformed or truncated PDF: {chain[-1]}"[:300]
    return f"malformed PDF: {type(chain[-1]).__name__}: {chain[-1]}"[:300]


@dataclass
class _Page:
    """One page read: its text, its grids, and where its first/last ruled table sit."""

    text: str = ""
    tables: list[Table] = field(default_factory=list)
    label: str | None = None
    unmapped: bool = False  # glyphs without Unicode values ("(cid:123)", private use)
    needs_ocr: bool = False  # no usable text layer, and something drawn to read
    starts_left: bool = False  # opens with a prose line at the left margin
    ends_wrapped: bool = False  # closes with a prose line that runs to the right margin
    # the ruled table that opens / closes the page, with its (x0, x1, columns)
    opens_with: tuple[Table, tuple[float, float, int]] | None = None
    closes_with: tuple[Table, tuple[float, float, int]] | None = None


def _page_error(reason: str) -> str:
    """The document's error when no page could be read, from the first page's failure."""
    if re.search(r"allocate|MemoryError", reason):
        return f"memory limit exceeded: a page stream inflates too far ({reason})"[:300]
    return f"malformed PDF: no page readable ({reason})"[:300]


def read_page(page: object) -> _Page:
    """One pdfplumber page: its lines and grids in reading order (the caller closes it)."""
    chars = _dedupe([c for c in page.chars if c.get("upright", True) and c["text"]])
    unmapped = sum(1 for c in chars if _is_unmapped(c["text"]))
    if unmapped > _UNMAPPED_SHARE * len(chars):
        # glyphs of fonts without a Unicode map: only OCR can read the page
        return _Page(unmapped=True, needs_ocr=True)
    if not chars:
        return _Page(needs_ocr=bool(page.images))  # a scan; a blank page needs nothing
    chars = [c for c in chars if not _is_unmapped(c["text"])]
    ruled = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in ruled]
    blocks: list[_Block] = []
    tables: list[Table] = []
    for found in ruled:
        grid = _ruled_grid(found, chars)
        if grid is not None:
            tables.append(grid)
            x0, _, x1, _ = found.bbox
            geometry = (grid, (x0, x1, grid.width))
            blocks.append(_Block(top=found.bbox[1], table=grid, geometry=geometry))
    free = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    lines = _group_lines(free)
    label = _page_label(lines)
    lines = [ln for ln in lines if ln is not label]
    aligned: dict[int, str] = {}  # id(line) → its row of an aligned grid, as tabbed text
    for run in _aligned_runs(lines):
        grid = _aligned_grid(run)
        if grid is not None:
            for line, row in zip(run, grid.rows, strict=True):
                aligned[id(line)] = "\t".join(row)
    blocks.extend(_Block(top=ln.top, line=ln) for ln in lines)
    blocks.sort(key=lambda b: b.top)
    # ruled grids come first in `tables`, in page order like their blocks
    result = _Page(tables=tables)
    if blocks:
        result.opens_with, result.closes_with = blocks[0].geometry, blocks[-1].geometry
    result.text, result.starts_left, result.ends_wrapped = _page_text(blocks, lines, aligned)
    result.label = label.text.strip() if label else None
    # a scanned page with a text page number or header stamped on it
    printed = len(chars) - (len(result.label) if result.label else 0)
    result.needs_ocr = printed < _MIN_PAGE_CHARS and bool(page.images)
    return result


def _page_text(
    blocks: list[_Block], lines: list[_Line], aligned: dict[int, str]
) -> tuple[str, bool, bool]:
    """The page's text, and whether it opens with a line at the left margin and closes
    with one that runs to the right margin (a paragraph going on over the page break).

    A prose line that starts at the left margin after a line that ran to the right
    margin continues that paragraph, as in the source: it is joined to it, so a
    paragraph's last short line ("减免手续。") does not read as a heading of its own.
    A line that opens with a numbering ("二、", "（三）") starts a new one.
    Table rows and aligned rows stay one per line.
    """
    prose = [ln for ln in lines if len(ln.segments) == 1 and id(ln) not in aligned]
    left = min((ln.segments[0].x0 for ln in prose), default=0.0)
    right = _right_margin([ln.segments[0].x1 for ln in prose])
    out: list[str] = []
    starts_left = False
    wrapped = False  # the line before ran to the right margin
    for n, block in enumerate(blocks):
        line = block.line
        if line is None:
            out.extend(_table_lines(block.table))  # type: ignore[arg-type]
            wrapped = False
            continue
        if id(line) in aligned or len(line.segments) > 1:
            out.append(aligned.get(id(line), line.text))
            wrapped = False
            continue
        seg = line.segments[0]
        at_left = seg.x0 - left < 0.5 * line.size
        if n == 0:
            starts_left = at_left
        if wrapped and at_left and out and not NUMBERING.match(seg.text):
            out[-1] = join_pieces([out[-1], seg.text])
        else:
            out.append(seg.text)
        wrapped = right - seg.x1 < 1.5 * line.size
    return "\n".join(out), starts_left, wrapped


def _right_margin(ends: list[float]) -> float:
    """Where justified lines end: the most common line end (a stray longer line, a URL
    or hanging punctuation, must not move it); the rightmost when none repeats."""
    if not ends:
        return 0.0
    common, count = Counter(round(x) for x in ends).most_common(1)[0]
    return float(common) if count >= 3 else max(ends)


def _continues(previous: _Page, page: _Page) -> bool:
    """Whether `page` opens with the rest of the table that closes `previous`: same
    column count and the same left and right edges (a table split by a page break)."""
    if previous.closes_with is None or page.opens_with is None:
        return False
    (_, a), (_, b) = previous.closes_with, page.opens_with
    return a[2] == b[2] and abs(a[0] - b[0]) < 3 and abs(a[1] - b[1]) < 3


def _join_continuation(previous: _Page, page: _Page) -> None:
    """Append the table opening `page` to the one closing `previous`, in place."""
    assert previous.closes_with is not None and page.opens_with is not None
    table, rest = previous.closes_with[0], page.opens_with[0]
    page.tables = [t for t in page.tables if t is not rest]
    if page.closes_with is not None and page.closes_with[0] is rest:
        page.closes_with = (table, page.closes_with[1])  # it may go on over the next page
    offset = len(table.rows)
    table.rows.extend(rest.rows)
    table.origin.extend([[(r + offset, c) for r, c in row] for row in rest.origin])


def _is_unmapped(text: str) -> bool:
    """pdfminer writes "(cid:N)" for a glyph its font gives no Unicode value; broken
    ToUnicode maps of Chinese fonts put glyphs in the private use area instead."""
    return text.startswith("(cid:") or "\ue000" <= text[0] <= "\uf8ff"


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop glyphs drawn twice a fraction of a point apart (fake bold). pdfplumber's own
    `dedupe_chars` does this too, at a fifth of the time of reading the page."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for ch in chars:
        key = (ch["text"], round(ch["x0"] / _DEDUPE_BIN), round(ch["top"] / _DEDUPE_BIN))
        if key not in seen:
            seen.add(key)
            out.append(ch)
    return out


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _group_lines(chars: list[dict]) -> list[_Line]:
    """Characters → lines (by vertical overlap) → segments split at column gaps."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if rows:
            last = rows[-1]
            top = min(c["top"] for c in last)
            bottom = max(c["bottom"] for c in last)
            if top <= mid <= bottom:
                last.append(ch)
                continue
        rows.append([ch])
    lines = [_line(row) for row in rows]
    return [ln for ln in lines if ln.segments]  # a row of spaces only is no line


def _line(row: list[dict]) -> _Line:
    row.sort(key=lambda c: c["x0"])
    line = _Line(top=min(c["top"] for c in row), bottom=max(c["bottom"] for c in row))
    line.size = max(row[0].get("size") or 0.0, 1.0)
    seg: _Segment | None = None
    prev: dict | None = None
    for ch in row:
        text = ch["text"]
        if text.isspace():
            continue  # explicit spaces: their width is in the gap measured below
        size = max(ch.get("size") or 0.0, 1.0)
        if seg is None or prev is None:
            seg = _Segment(ch["x0"], ch["x1"], text)
            line.segments.append(seg)
        else:
            gap = ch["x0"] - prev["x1"]
            if gap >= _COLUMN_GAP * size:
                seg = _Segment(ch["x0"], ch["x1"], text)
                line.segments.append(seg)
                prev = ch
                continue
            if gap > _WORD_GAP * size and not (is_cjk(prev["text"]) or is_cjk(text)):
                seg.text += " "
            seg.text += text
            seg.x1 = max(seg.x1, ch["x1"])
        prev = ch
    return line


def _page_label(lines: list[_Line]) -> _Line | None:
    """The page number line: the first or last line, a number alone ("- 3 -", "第3页")."""
    for line in (lines[-1], lines[0]) if lines else ():
        if len(line.segments) == 1 and _PAGE_LABEL.match(line.segments[0].text):
            return line
    return None


def _cell_text(chars: list[dict]) -> str:
    """The text of one table cell: its lines joined, without a space inside CJK (a label
    spread over its cell, 单　　位, is one word)."""
    return normalize_space(join_pieces([ln.text for ln in _group_lines(chars)]))


def _ruled_grid(found: object, chars: list[dict]) -> Table | None:
    """pdfplumber's table → span-expanded Table, each position mapped to its cell."""
    cells = list(found.cells)  # type: ignore[attr-defined]
    xs = sorted({round(c[0], 1) for c in cells})
    ys = sorted({round(c[1], 1) for c in cells})
    if len(xs) < 2 or len(ys) < 2:
        return None
    texts: dict[tuple[int, int], str] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for cell in cells:
        home = (ys.index(round(cell[1], 1)), xs.index(round(cell[0], 1)))
        inside = [ch for ch in chars if _inside(ch, cell)]
        texts[home] = _cell_text(inside)
        for r, y in enumerate(ys):
            for c, x in enumerate(xs):
                if cell[0] - 0.5 <= x < cell[2] - 0.5 and cell[1] - 0.5 <= y < cell[3] - 0.5:
                    owner.setdefault((r, c), home)
    rows: list[list[str]] = []
    origin: list[list[tuple[int, int]]] = []
    for r in range(len(ys)):
        row_origin = [owner.get((r, c), (r, c)) for c in range(len(xs))]
        rows.append([texts.get(o, "") for o in row_origin])
        origin.append(row_origin)
    return Table(rows=rows, origin=origin, source="pdf")


def _aligned_runs(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of consecutive lines that have column gaps: candidate unruled tables."""
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if len(line.segments) >= 2:
            current.append(line)
            continue
        if len(current) >= _MIN_ALIGNED_ROWS:
            runs.append(current)
        current = []
    if len(current) >= _MIN_ALIGNED_ROWS:
        runs.append(current)
    return runs


def _aligned_grid(run: list[_Line]) -> Table | None:
    """An unruled table: columns from where its numbers stand, labels to their left.

    The value columns are the union of the x-extents of the numeric segments over the
    run (numbers are short and aligned; headers are long and may straddle columns, so
    they do not define columns). Everything left of the first value column is the row
    label; any other segment goes to the value column it overlaps most. A value missing
    from a row leaves its column empty instead of shifting the rest, which gaps between
    segments alone cannot tell. Runs with fewer than two rows of numbers are not tables.
    """
    numeric = [[s for s in line.segments if parse_number(s.text) is not None] for line in run]
    if sum(1 for found in numeric if len(found) >= 1) < 2:
        return None
    columns: list[list[float]] = []
    for x0, x1 in sorted((s.x0, s.x1) for found in numeric for s in found):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    first = columns[0][0]
    rows: list[list[str]] = []
    for line in run:
        row = [""] * (len(columns) + 1)
        for seg in line.segments:
            col = 0 if seg.x1 <= first else 1 + _best_column(seg, columns)
            row[col] = join_pieces([row[col], seg.text])
        rows.append(row)
    origin = [[(r, c) for c in range(len(columns) + 1)] for r in range(len(rows))]
    return Table(rows=rows, origin=origin, source="pdf")


def _best_column(seg: _Segment, columns: list[list[float]]) -> int:
    """The column `seg` overlaps most; the nearest one by centre when it overlaps none."""
    overlaps = [min(seg.x1, b) - max(seg.x0, a) for a, b in columns]
    best = max(range(len(columns)), key=overlaps.__getitem__)
    if overlaps[best] > 0:
        return best
    mid = (seg.x0 + seg.x1) / 2
    return min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - mid))


def _table_lines(table: Table) -> list[str]:
    """A ruled grid as tabbed text lines; a spanned position is empty, as in a PDF export."""
    out = []
    for r, row in enumerate(table.rows):
        cells = [text if table.origin[r][c] == (r, c) else "" for c, text in enumerate(row)]
        out.append("\t".join(cells))
    return out


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(parts)
