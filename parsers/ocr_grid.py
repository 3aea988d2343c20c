"""Ruled tables of a scanned page: where their rows and cells are, from the page's rules.

Tesseract run on a whole page reads a table badly: with `--psm 6` it looks for uniform
lines, and a label wrapped over two lines in its cell sits between the baselines of the
single-line rows around it, so lines get cut through and labels come out garbled or
joined to the wrong numbers. A statistics table is ruled, and parsers.ocr finds the rules
anyway (it erases them before recognition), so the table is rebuilt from them, lattice
style: rows are the bands between horizontal rules, and in each row the cells are the
spans between the vertical rules present in that row (a cell spanning columns has no
rule inside it). parsers.ocr then recognises each cell on its own and writes each row as
one line of cells separated by runs of spaces, the shape parsers.textgrid reads.

Rebuilding full span-expanded grids from the rules was tried and scored worse on the
rendered seeds: the physical lattice of a table rendered from colspans has more columns
than the logical one, and a table split over two pages comes out as two grids.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

_SAME_RULE = 12  # px at 300 dpi, 1 mm
_MIN_PRESENT = 0.5  # share of a cell edge a rule must cover to separate two cells
CELL_GAP = "    "  # what parsers.textgrid reads as a cell boundary
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


@dataclass
class Rule:
    """One straight rule: its position across, and where along its length it has ink."""

    at: int
    cover: np.ndarray  # bool along the rule's direction

    @property
    def start(self) -> int:
        return int(np.argmax(self.cover))

    @property
    def end(self) -> int:
        return int(len(self.cover) - np.argmax(self.cover[::-1]))


@dataclass
class Box:
    """A recognised word and where it sits on its image."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int


def find_rules(mask: np.ndarray, axis: int) -> list[Rule]:
    """Rules of a rule mask: `axis=1` for horizontal ones (rows of ink), 0 for vertical."""
    m = mask if axis == 1 else mask.T
    rows = np.flatnonzero(m.any(axis=1))
    rules: list[Rule] = []
    if rows.size == 0:
        return rules
    # rows of one rule are adjacent; a rule drawn per cell can sit a few pixels off its
    # neighbour's line after scanning, so bands closer than _SAME_RULE px are one rule
    groups = np.split(rows, np.flatnonzero(np.diff(rows) > _SAME_RULE) + 1)
    for group in groups:
        rules.append(Rule(int(group.mean()), m[group].any(axis=0)))
    return rules


@dataclass
class RuledTable:
    """One ruled table: its band on the page and, per row, its cells' boxes (x0, y0, x1, y1)."""

    top: int
    bottom: int
    rows: list[list[tuple[int, int, int, int]]]


def ruled_tables(h_mask: np.ndarray, v_mask: np.ndarray) -> list[RuledTable]:
    """Every ruled table on a page, top to bottom."""
    horizontal = find_rules(h_mask, axis=1)
    vertical = find_rules(v_mask, axis=0)
    found = []
    for group in _stacks(vertical):
        top = min(v.start for v in group)
        bottom = max(v.end for v in group)
        left = min(v.at for v in group)
        right = max(v.at for v in group)
        ys = sorted(
            h.at
            for h in horizontal
            if top - 8 <= h.at <= bottom + 8 and h.end > left and h.start < right
        )
        xs = sorted(v.at for v in group)
        if len(xs) < 2 or len(ys) < 2 or not _framed(ys, xs, horizontal):
            continue
        found.append(RuledTable(ys[0], ys[-1], _cell_boxes(ys, group, horizontal)))
    return found


def _framed(ys: list[int], xs: list[int], horizontal: list[Rule]) -> bool:
    """A table is closed by rules across its full width at top and bottom.

    This tells a ruled table from the long strokes of a large title, which also pass as
    short rules but never make a frame.
    """
    h_at = {h.at: h for h in horizontal}
    return all(_present(h_at[y].cover, xs[0], xs[-1]) for y in (ys[0], ys[-1]))


def _stacks(vertical: list[Rule]) -> list[list[Rule]]:
    """Vertical rules grouped into tables: rules whose spans overlap belong together."""
    groups: list[list[Rule]] = []
    for rule in sorted(vertical, key=lambda r: r.start):
        if groups and rule.start <= max(r.end for r in groups[-1]) + 4:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return [g for g in groups if len(g) >= 2]


def _present(cover: np.ndarray, lo: int, hi: int) -> bool:
    margin = max((hi - lo) // 6, 1)
    span = cover[lo + margin : hi - margin]
    return span.size > 0 and float(span.mean()) >= _MIN_PRESENT


def _cell_boxes(
    ys: list[int], vertical: list[Rule], horizontal: list[Rule]
) -> list[list[tuple[int, int, int, int]]]:
    """Per row band, its cells: bounded by the vertical rules present in that row, and
    extended down while the rule under them is missing (a cell spanning rows).

    A spanning cell belongs to its top row; cutting it at a row line would cut its text
    (a label written 结果 / 维持 over two lines) in half.
    """
    edges = sorted(vertical, key=lambda v: v.at)
    h_at = {h.at: h for h in horizontal}
    claimed: list[tuple[int, int, int, int]] = []
    rows = []
    for r, (y0, y1) in enumerate(itertools.pairwise(ys)):
        inner = [v.at for v in edges[1:-1] if _present(v.cover, y0, y1)]
        xs = [edges[0].at, *inner, edges[-1].at]
        row = []
        for x0, x1 in itertools.pairwise(xs):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if any(a <= cx <= c and b <= cy <= d for a, b, c, d in claimed):
                continue
            k = r + 1
            while k < len(ys) - 1 and not _present(h_at[ys[k]].cover, x0, x1):
                k += 1
            box = (x0, y0, x1, ys[k])
            claimed.append(box)
            row.append(box)
        rows.append(row)
    return rows


def cell_text(boxes: list[Box]) -> str:
    """A cell's words in reading order, visual lines top to bottom, each left to right."""
    words = [b.text for line in group_lines(boxes) for b in line]
    return CJK_SPACE.sub("", " ".join(words))


def group_lines(words: list[Box]) -> list[list[Box]]:
    """Words into printed lines (by vertical overlap), top to bottom, each left to right."""
    lines: list[list[Box]] = []
    for word in sorted(words, key=lambda w: w.top + w.height / 2):
        centre = word.top + word.height / 2
        if lines:
            first = lines[-1][0]
            if abs(centre - (first.top + first.height / 2)) < 0.5 * max(first.height, word.height):
                lines[-1].append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]
