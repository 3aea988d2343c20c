"""Recover the cells of a row that lost some of them, but only what the table proves.

PDF extraction drops cells: seed 001 prints seven 0s per applications row and the text
holds six. Which one is missing is unknowable from the text, so a naive reading shifts
every later value one column left. What *is* knowable comes from the table's own
arithmetic (the 总计 column is the sum of the applicant columns; a review group's 总计 is the
sum of its four results): try every placement of the missing cells, solve each placement
with the sums, drop the placements that break a sum, and keep a cell only where every
surviving placement agrees. Six 0s with a 总计 column recover to seven 0s (wherever the
lost cell was, it must be 0); "2 0 0 0 0 2" does not (it could be 2 0 0 0 0 0 2 or
2 0 0 0 0 2 4), so those cells stay None. Rows without a sum (article20) never fill.

The mirror case is a row that *gained* a cell: a page number printed between two rows of a
PDF page break, or the first characters of the next label ("2" of "2.其他法律…") left on a
line of their own, join the row as one more value. `drop_surplus` tries every choice of
the extra cells, keeps the readings the sums allow and takes the row only when they agree.
"""

from __future__ import annotations

from itertools import combinations
from math import comb

Value = int | float | None
Constraint = tuple[str, tuple[str, ...]]  # (total key, part keys): total == sum(parts)

MAX_PLACEMENTS = 5000
TOLERANCE = 1e-6


def _solve(cells: dict[str, Value], unknown: set[str], constraints: list[Constraint]) -> bool:
    """Fill unknown cells from the sums, in place; False when a sum is broken or a solved
    count would be negative."""
    progress = True
    while progress:
        progress = False
        for total, parts in constraints:
            keys = (total, *parts)
            missing = [k for k in keys if k in unknown or cells.get(k) is None]
            solvable = [k for k in missing if k in unknown]
            if not missing:
                if abs(cells[total] - sum(cells[p] for p in parts)) > TOLERANCE:  # type: ignore[operator]
                    return False
                continue
            if len(missing) == 1 and solvable:
                k = solvable[0]
                if k == total:
                    value = sum(cells[p] for p in parts)  # type: ignore[misc]
                else:
                    value = cells[total] - sum(cells[p] for p in parts if p != k)  # type: ignore[operator]
                if value < -TOLERANCE:
                    return False
                cells[k] = value
                unknown.discard(k)
                progress = True
    return True


def recover(values: list[Value], keys: tuple[str, ...] | list[str],
            constraints: list[Constraint]) -> dict[str, Value] | None:
    """Place `values` (fewer than `keys`, in printed order) into `keys`.

    Returns the cells every consistent placement agrees on (None elsewhere), or None when
    no placement is consistent or there are too many to try.
    """
    keys = list(keys)
    n, m = len(keys), len(values)
    if m >= n or m == 0 or comb(n, n - m) > MAX_PLACEMENTS:
        return None
    constraints = [(t, p) for t, p in constraints if t in keys and all(k in keys for k in p)]
    agreed: dict[str, Value] | None = None
    for missing in combinations(range(n), n - m):
        it = iter(values)
        cells: dict[str, Value] = {}
        for idx, key in enumerate(keys):
            cells[key] = None if idx in missing else next(it)
        unknown = {keys[i] for i in missing}
        if not _solve(cells, unknown, constraints):
            continue
        if agreed is None:
            agreed = dict(cells)
        else:
            for key in keys:
                a, b = agreed[key], cells[key]
                if a is None or b is None or abs(a - b) > TOLERANCE:
                    agreed[key] = None
    if agreed is not None:
        for key, value in agreed.items():
            if isinstance(value, float) and value.is_integer():
                agreed[key] = int(value)
    return agreed


MAX_SURPLUS = 2


def drop_surplus(values: list[Value], keys: tuple[str, ...] | list[str],
                 constraints: list[Constraint]) -> dict[str, Value] | None:
    """Place `values` (more than `keys`, in printed order) into `keys` by leaving out the
    surplus cells; None unless the table's sums single out one reading of every cell.

    Without a sum to test every reading is as good as another, so rows of tables without
    one (article20) are never read this way.
    """
    keys = list(keys)
    n, m = len(keys), len(values)
    constraints = [(t, p) for t, p in constraints if t in keys and all(k in keys for k in p)]
    if m <= n or m - n > MAX_SURPLUS or not constraints or any(v is None for v in values):
        return None
    readings: list[dict[str, Value]] = []
    for extra in combinations(range(m), m - n):
        kept = [v for i, v in enumerate(values) if i not in extra]
        cells = dict(zip(keys, kept, strict=True))
        if _solve(cells, set(), constraints):
            readings.append(cells)
    if not readings:
        return None
    first = readings[0]
    if any(abs(r[k] - first[k]) > TOLERANCE for r in readings[1:] for k in keys):  # type: ignore[operator]
        return None
    return {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in first.items()}
