"""DOCX → Document with python-docx: paragraphs and tables in body order, merges expanded.

The package is checked by parsers.ooxml first (zip bomb, DTD/entity declarations), then
python-docx opens it and this module walks the body XML itself, because python-docx's
`Paragraph.text` skips text inside tracked insertions, smart tags and fields, and its
`Table` API hides where a merged cell starts.

Tables come out twice, as the statistics parsers expect:
- in `tables`, as span-expanded grids: `w:gridSpan` repeats a cell across the columns it
  covers, `w:vMerge` continuation cells repeat the cell above, `w:gridBefore` shifts a
  row right; `origin` points at the cell that holds the text;
- in `text`, where the table stood, one cell per line indented by a tab, a blank line
  between rows (the DOCX-converter shape of seed 004 that parsers.textgrid reads): a
  merged cell once, a vMerge continuation as an empty cell, a cell's further paragraphs
  on the following lines without the tab.
Paragraphs are separated by blank lines, as in that seed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from parsers.document import Document, Table
from parsers.docx_numbering import Numbering
from parsers.grid import join_pieces, normalize_space
from parsers.limits import DocumentError
from parsers.ooxml import open_package

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"}
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}
_TEXT_TAGS[f"{_W}noBreakHyphen"] = "-"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_docx(data: bytes) -> Document:
    """Text and tables of a DOCX; DocumentError for unsafe, encrypted or broken files."""
    open_package(data).close()
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"not a Word document: {exc}") from exc
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"malformed DOCX XML: {exc}") from exc
    except zipfile.BadZipFile as exc:  # a member whose header lies about its size
        raise DocumentError(f"damaged ZIP package: {exc}") from exc
    body = document.element.body
    numbering = Numbering.of(document)
    blocks: list[str] = []
    tables: list[Table] = []
    for item in _contents(body, numbering):
        if isinstance(item, str):
            blocks.append(item)
            continue
        grid, cell_lines = read_table(item, numbering)
        if grid.rows:
            tables.append(grid)
            blocks.append(cell_lines)
    # The package's title property is kept as meta only: it is often a template's or an
    # earlier document's ("关于…的通知"), while the title in the text is what was published.
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title), ("author", props.author)) if v}
    if props.created:
        meta["created"] = props.created.isoformat()
    return Document(
        text="\n\n".join(blocks),
        tables=tables,
        source_format="docx",
        meta=meta,
    )


def _block_items(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in document order, through content controls and wrappers."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _block_items(child)


def _contents(parent: etree._Element, numbering: Numbering) -> Iterator[str | etree._Element]:
    """The non-empty paragraph texts and the w:tbl elements of `parent`, in order."""
    for element in _block_items(parent):
        if element.tag == _TBL:
            yield element
        elif text := paragraph_text(element, numbering):
            yield text


def paragraph_text(p: etree._Element, numbering: Numbering | None = None) -> str:
    """The visible text of a w:p: its list number, runs, hyperlinks, insertions, fields;
    not deletions."""
    chunks: list[str] = []
    # a text box is written twice, as DrawingML and as a VML fallback: read it once
    fallback = {id(n) for fb in p.iter(_FALLBACK) for n in fb.iter()}
    for node in p.iter(*_TEXT_TAGS):
        if fallback and id(node) in fallback:
            continue
        fixed = _TEXT_TAGS[node.tag]
        chunks.append((node.text or "") if fixed is None else fixed)
    # a leading tab is indentation, and would read as a table cell in the text stream
    text = "".join(chunks).strip(" \t\u3000\xa0\r\n")
    label = numbering.label(p) if numbering is not None else ""
    return label + text if text else text


def _cell_paragraphs(tc: etree._Element, numbering: Numbering) -> list[str]:
    """The paragraphs of a cell, nested tables flattened to their cell texts."""
    out: list[str] = []
    for item in _contents(tc, numbering):
        if isinstance(item, str):
            out.append(item)
        else:
            for cell in item.iter(_TC):
                out.extend(_cell_paragraphs(cell, numbering))
    return out


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(f"{_W}val", default)), 1)
    except ValueError:
        return default


def read_table(tbl: etree._Element, numbering: Numbering) -> tuple[Table, str]:
    """A w:tbl → (span-expanded grid, its one-cell-per-line text)."""
    rows: list[list[str]] = []
    origin: list[list[tuple[int, int]]] = []
    text_rows: list[str] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list[str] = []
        row_origin: list[tuple[int, int]] = []
        lines: list[str] = []
        before = _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for _ in range(before):
            row_origin.append((r, len(row)))
            row.append("")
        for tc in _row_cells(tr):
            pr = tc.find(f"{_W}tcPr")
            span = _int_attr(pr.find(f"{_W}gridSpan") if pr is not None else None, 1)
            vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
            continues = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            col = len(row)
            paragraphs = _cell_paragraphs(tc, numbering)
            if continues and r > 0 and col < len(rows[r - 1]):
                home = origin[r - 1][col]
                text = rows[home[0]][home[1]]
                lines.append("\t")
            else:
                home = (r, col)
                text = normalize_space(join_pieces(paragraphs))
                lines.append("\t" + (paragraphs[0] if paragraphs else ""))
                lines.extend(paragraphs[1:])
            for _ in range(span):
                row.append(text)
                row_origin.append(home)
        rows.append(row)
        origin.append(row_origin)
        text_rows.append("\n".join(lines))
    width = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows):
        for c in range(len(row), width):
            row.append("")
            origin[r].append((r, c))
    return Table(rows=rows, origin=origin, source="docx"), "\n\n".join(text_rows)


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _row_cells(child)
