"""Scanned reports (a PDF without a text layer, or page images) → `Document` via Tesseract.

Many agencies post their report as a scan or as （图片版） page images; without OCR the
crawler archives them and learns nothing. Pages are rendered with pypdfium2 (already a
pdfplumber dependency), prepared, and read by the Debian `tesseract` CLI with its
`chi_sim` model. What is recovered:

- text in reading order, one printed line per line, with the spaces Tesseract puts
  between Chinese characters removed (it treats each character as a word);
- statistics tables as lines whose cells are separated by runs of spaces, the
  "space-aligned rows" shape `parsers.textgrid` already reads from pdftotext output. To get
  there the table rules are erased before recognition: Tesseract reads a ruling as `|`,
  `I` or `1` and swallows the 0 next to it, and with `--psm 6` (one uniform block) a table
  row stays one line from its label to its last number;
- `meta["ocr"]` (engine and model), `meta["ocr_mean_confidence"]` (mean word confidence,
  weighted by characters, 0-100) and a warning saying the text is OCR output, so a reader
  of the data knows how far to trust it.

Limits: at most `MAX_OCR_PAGES` pages (more are skipped with a warning) and
`OCR_PAGE_SECONDS` per page; Tesseract runs with one thread (OMP_THREAD_LIMIT=1): with
OpenMP threads on a shared 2-core machine a page took 17-34 s instead of 1.6 s.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from parsers.document import Document
from parsers.external import require, run_tool, stderr_line
from parsers.limits import DocumentError, check_size
from parsers.ocr_grid import (
    CELL_GAP,
    CJK_SPACE,
    Box,
    RuledTable,
    cell_text,
    group_lines,
    ruled_tables,
)

OCR_LANG = "chi_sim"
OCR_DPI = 300  # Tesseract's models are trained on ~300 dpi text
MAX_OCR_PAGES = 60
OCR_PAGE_SECONDS = 60.0
MAX_IMAGE_PIXELS = 60_000_000  # a 300 dpi A3 page is 17.5 M pixels
# Page images narrower than this are scaled up: a 150 dpi A4 scan (1240 px) puts Chinese
# characters at ~20 px, below what the chi_sim model reads reliably.
MIN_PAGE_WIDTH = 2400
_CELL_INSET = 4  # px kept off a cell's rules when it is cut out
_PAD = 12  # white margin around a cut-out cell: Tesseract misreads text touching the edge
_INK = 160
_RULE_INK = 200
_THICK = 10  # px at ~300 dpi: scanned rules are up to 6 px thick, strokes of large type 10+


def ocr_pdf(data: bytes) -> Document:
    """OCR every page of a PDF (meant for one without a text layer)."""
    check_size(data)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise DocumentError("encrypted PDF (password protected)") from exc
        raise DocumentError(f"unreadable PDF: {reason}") from exc
    try:
        count = len(pdf)
        warnings = _page_cap_warning(count)
        images = (
            pdf[i].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            for i in range(min(count, MAX_OCR_PAGES))
        )
        return _ocr_pages(images, "pdf", warnings)
    finally:
        pdf.close()


def ocr_image(data: bytes) -> Document:
    """OCR one page image (PNG/JPEG/GIF/BMP), or every frame of a multi-page TIFF."""
    check_size(data)
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow raises DecompressionBombError past 2x
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise DocumentError(f"unreadable image: {exc}") from exc
    frames = getattr(image, "n_frames", 1)
    warnings = _page_cap_warning(frames)
    frames_read = itertools.islice(ImageSequence.Iterator(image), MAX_OCR_PAGES)
    pages = (frame.copy() for frame in frames_read)
    return _ocr_pages(pages, "image", warnings)


def _page_cap_warning(count: int) -> list[str]:
    if count > MAX_OCR_PAGES:
        return [f"OCR read the first {MAX_OCR_PAGES} of {count} pages"]
    return []


def _ocr_pages(images, source_format: str, warnings: list[str]) -> Document:
    tesseract = require("tesseract", "tesseract-ocr, tesseract-ocr-chi-sim")
    pages: list[str] = []
    words: list[Box] = []
    for image in images:
        page, h_rules, v_rules = prepare_page(image)
        text, page_words = read_page(page, ruled_tables(h_rules, v_rules), tesseract)
        pages.append(text)
        words += page_words
    if not pages:
        raise DocumentError("no pages to OCR")
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError("OCR recognised no text (blank or unreadable scan)")
    chars = sum(len(w.text) for w in words)
    mean = round(sum(w.conf * len(w.text) for w in words) / chars, 1) if chars else 0.0
    warnings.append(
        f"text recognised by OCR (Tesseract {OCR_LANG}) from {len(pages)} page(s), "
        f"mean confidence {mean}"
    )
    return Document(
        text=text,
        source_format=source_format,
        meta={
            "ocr": f"tesseract {OCR_LANG}",
            "ocr_mean_confidence": str(mean),
            "ocr_pages": str(len(pages)),
        },
        warnings=warnings,
    )


def read_page(page: Image.Image, tables: list[RuledTable], tesseract: str) -> tuple[str, list[Box]]:
    """The page's text in reading order, each ruled table as one line per row.

    The page minus its tables and every non-blank table cell go to Tesseract in one call
    (a list of images: the model loads once), the cells with `--psm 6` on their own so a
    wrapped label is read as the block it is.
    """
    pixels = np.asarray(page)
    body = pixels.copy()
    crops: list[Image.Image] = [page]
    cells: list[tuple[int, int, int]] = []  # (table, row, index in crops)
    for t, table in enumerate(tables):
        body[table.top : table.bottom + 1, :] = 255
        for r, row in enumerate(table.rows):
            for x0, y0, x1, y1 in row:
                crop = pixels[
                    y0 + _CELL_INSET : y1 - _CELL_INSET, x0 + _CELL_INSET : x1 - _CELL_INSET
                ]
                if crop.size == 0 or crop.min() >= _INK:
                    continue  # an empty cell: nothing to read
                padded = np.full(
                    (crop.shape[0] + 2 * _PAD, crop.shape[1] + 2 * _PAD), 255, np.uint8
                )
                padded[_PAD:-_PAD, _PAD:-_PAD] = crop
                cells.append((t, r, len(crops)))
                crops.append(Image.fromarray(padded))
    crops[0] = Image.fromarray(body)
    recognised = recognise(crops, tesseract)
    placed: list[tuple[float, list[str]]] = []
    for line in group_lines(recognised[0]):
        placed.append((sum(w.top + w.height / 2 for w in line) / len(line), [join_line(line)]))
    for t, table in enumerate(tables):
        rows: dict[int, list[str]] = {}
        for tt, r, index in cells:
            if tt == t:
                text = cell_text(recognised[index])
                if text:
                    rows.setdefault(r, []).append(text)
        lines = [CELL_GAP.join(rows[r]) for r in sorted(rows)]
        placed.append((table.top, lines))
    placed.sort(key=lambda item: item[0])
    words = [w for ws in recognised for w in ws]
    return "\n".join(line for _, lines in placed for line in lines), words


def prepare_page(image: Image.Image) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """Grey page at a readable size, straightened, with its table rules erased.

    Also returns the masks of its horizontal and vertical rules, for the table grids.
    """
    page = image.convert("L")
    if page.width < MIN_PAGE_WIDTH:
        scale = min(MIN_PAGE_WIDTH / page.width, 3.0)
        page = page.resize((round(page.width * scale), round(page.height * scale)), Image.LANCZOS)
    angle = skew_angle(page)
    if angle:
        page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return erase_rules(page)


def skew_angle(page: Image.Image, limit: float = 2.0, step: float = 0.1) -> float:
    """The rotation (degrees) that makes the page's lines horizontal.

    Paper fed askew tilts every line; rules erased pixel row by pixel row then break into
    short runs that survive as `|` and `1`. The angle whose rows of ink are most uneven
    (text lines and rules line up with pixel rows) is the straight one; searched on a
    small copy, so it costs a few milliseconds.
    """
    small = page.resize((page.width // 4, page.height // 4))
    ink = (np.asarray(small) < _INK).astype(np.float32)
    if ink.sum() == 0:
        return 0.0
    best, best_score = 0.0, -1.0
    for k in range(round(-limit / step), round(limit / step) + 1):
        angle = k * step
        turned = small.rotate(angle, resample=Image.NEAREST, fillcolor=255) if angle else small
        rows = (np.asarray(turned) < _INK).sum(axis=1).astype(np.float64)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def erase_rules(page: Image.Image) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """Whiten long straight runs of ink (table rules, not characters); return their masks.

    A run counts as a rule when it is thin (under _THICK px across: a character stroke
    of large or bold type is thicker) and longer than any stroke inside one character at
    report sizes: 1/40 of the page width. Pale ink counts here
    (_RULE_INK): a rule of a low-resolution grey page image is a light grey line.
    """
    pixels = np.asarray(page)
    ink = pixels < _RULE_INK
    # longer than a stroke of body text; a rule in a narrow cell or a one-line row's
    # height is not much longer, and large type is told apart by thickness instead
    across = down = max(page.width // 40, 20)
    # thickness is measured without the long runs of the other direction, so where two
    # rules cross the crossing does not make either of them thick
    thick_down = _runs(ink & ~_runs(ink, down, axis=0), _THICK, axis=0)
    thick_across = _runs(ink & ~_runs(ink, across, axis=1), _THICK, axis=1)
    h_rules = _runs(ink & ~thick_down, across, axis=1)
    v_rules = _runs(ink & ~thick_across, down, axis=0)
    if not (h_rules.any() or v_rules.any()):
        return page, h_rules, v_rules
    # the grey fringe a rule leaves after scanning and resampling still reads as `|` or
    # `_`, so each rule is widened by 2 px across its direction before it is erased
    cleaned = pixels.copy()
    cleaned[_widen(h_rules, axis=0) | _widen(v_rules, axis=1)] = 255
    return Image.fromarray(cleaned), h_rules, v_rules


def _widen(mask: np.ndarray, axis: int, by: int = 2) -> np.ndarray:
    out = mask.copy()
    for shift in range(1, by + 1):
        for sign in (1, -1):
            out |= np.roll(mask, sign * shift, axis=axis)
    return out


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels of `mask` that lie in a run of at least `length` along `axis`."""
    m = mask if axis == 1 else mask.T
    padded = np.concatenate(
        [np.zeros((m.shape[0], 1), np.int32), m.cumsum(axis=1, dtype=np.int32)], axis=1
    )
    window = padded[:, length:] - padded[:, :-length]  # ink count in [j, j+length)
    starts = (window == length).astype(np.int32)
    # a pixel is covered if a full window starts in (j-length, j]
    cover = np.concatenate(
        [np.zeros((m.shape[0], 1), np.int32), starts.cumsum(axis=1, dtype=np.int32)], axis=1
    )
    n = m.shape[1]
    idx = np.arange(n)
    hi = np.minimum(idx + 1, starts.shape[1])
    lo = np.maximum(idx - length + 1, 0)
    lo = np.minimum(lo, hi)
    covered = (cover[:, hi] - cover[:, lo]) > 0
    return covered if axis == 1 else covered.T


def recognise(images: list[Image.Image], tesseract: str) -> list[list[Box]]:
    """Tesseract's words for each image, from one run over all of them."""
    with tempfile.TemporaryDirectory(prefix="nianbao-ocr-") as tmp:
        work = Path(tmp)
        names = []
        for i, image in enumerate(images):
            path = work / f"{i:05d}.png"
            image.save(path)
            names.append(str(path))
        listing = work / "images.txt"
        listing.write_text("\n".join(names) + "\n", "utf-8")
        result = run_tool(
            [tesseract, str(listing), "stdout", "-l", OCR_LANG, "--psm", "6", "tsv"],
            timeout=OCR_PAGE_SECONDS,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    if result.returncode != 0:
        raise DocumentError(f"tesseract failed: {stderr_line(result)}")
    found: list[list[Box]] = [[] for _ in images]
    rows = csv.DictReader(
        io.StringIO(result.stdout.decode("utf-8", "replace")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        box = Box(
            text,
            max(float(row["conf"]), 0.0),
            int(row["left"]),
            int(row["top"]),
            int(row["width"]),
            int(row["height"]),
        )
        words = found[int(row["page_num"]) - 1]
        # Tesseract can report one word twice, in the same columns, as two overlapping text lines
        # (seen on narrow table cells holding a single 0): that is one word
        if not any(_same_place(box, w) for w in words[-3:]):
            words.append(box)
    return found


def _same_place(a: Box, b: Box) -> bool:
    """Same text over the same columns, overlapping vertically."""
    overlap = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return (
        a.text == b.text
        and abs(a.left - b.left) <= 2
        and abs(a.width - b.width) <= 2
        and overlap > 0
    )


def join_line(words: list[Box]) -> str:
    """One printed line: words joined by what the gap between them means.

    A gap wider than a character height is a jump to another column and becomes a run of
    spaces (textgrid's cell separator); a normal gap becomes one space, which is then
    dropped between two Chinese characters, where Tesseract invents it.
    """
    if not words:
        return ""
    height = sorted(w.height for w in words)[len(words) // 2]
    parts = [words[0].text]
    for prev, word in itertools.pairwise(words):
        gap = word.left - (prev.left + prev.width)
        parts.append(CELL_GAP if gap > height else " ")
        parts.append(word.text)
    return CJK_SPACE.sub("", "".join(parts))
