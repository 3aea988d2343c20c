"""The document model every reader produces and every parser consumes.

Readers (HTML, text, and later PDF/DOCX/XLS/OCR) differ in what they can recover; the
report parsers must not care which one ran. So every reader hands over the same shape:
text in reading order, tables as rectangular cell grids (rowspan/colspan already
expanded), and whatever page metadata the source carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A table after span expansion: every row has the same number of cells.

    A cell covered by a rowspan/colspan repeats the text of the cell that spans it, so a
    label that spans three rows is visible on each of them; `origin[r][c]` gives the
    (row, col) of the cell that actually holds the text, which lets a parser tell a
    repeated label from two equal labels.
    """

    rows: list[list[str]]
    origin: list[list[tuple[int, int]]] = field(default_factory=list)
    source: str = ""  # "html", "text", "pdf", "docx", ... : where the grid came from

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Document:
    """What a reader recovered from one file or HTTP response."""

    text: str
    tables: list[Table] = field(default_factory=list)
    source_format: str = "text"  # html, text, pdf, docx, doc, xls, image
    title: str | None = None
    # <meta name=...> tags of the page (ArticleTitle, PubDate, SiteName, ...)
    meta: dict[str, str] = field(default_factory=dict)
    # the 信息公开目录 table of a detail page (索引号, 发布机构, 发布日期, ...), labels
    # with all whitespace removed
    catalog: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
