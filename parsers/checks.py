"""The consistency checks every 2019/2021 report can be held to (REPORT_FORMATS.md).

The tables print their own arithmetic: a column balances (新收 + 结转 = 办理 + 结转下年), the
总计 column is the sum of the applicant columns, 三(七) 总计 is the sum of 三(一)…(六), and a
review/litigation group's 总计 is the sum of its four results. Agencies get these wrong
often enough that a failed check is a finding to publish, not a parsing error: checks are
returned as data ({name, expected, actual, ok}) and never raise.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.canonical import (
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    HANDLED_PARTS,
    REVIEW_GROUPS,
    REVIEW_RESULTS,
)

Number = int | float
TOLERANCE = 1e-6


def _check(name: str, expected: Number | None, actual: Number | None) -> dict:
    ok = None if expected is None or actual is None else abs(expected - actual) <= TOLERANCE
    return {"name": name, "expected": expected, "actual": actual, "ok": ok}


def _sum(values: Iterable[Number | None]) -> Number | None:
    """Sum, or None as soon as one term is unknown (a partial sum proves nothing)."""
    total: Number = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _all_null(values: Iterable[Number | None]) -> bool:
    return all(v is None for v in values)


def application_checks(apps: dict | None) -> list[dict]:
    """Balance per column, row totals, and 三(七) = sum of 三(一)…(六) per column."""
    if not apps:
        return []

    def cell(row: str, col: str) -> Number | None:
        return (apps.get(row) or {}).get(col)

    out: list[dict] = []
    for col in APPLICANT_COLUMNS:
        inputs = [cell(r, col) for r in ("new_received", "carried_over", "total_handled",
                                         "carried_forward")]
        if _all_null(inputs):
            continue
        out.append(_check(
            f"applications.balance.{col}",
            _sum(inputs[:2]),
            _sum(inputs[2:]),
        ))
    for row, cells in apps.items():
        if not isinstance(cells, dict) or "total" not in cells:
            continue
        parts = [cells.get(c) for c in APPLICANT_PARTS]
        if _all_null([*parts, cells.get("total")]):
            continue
        out.append(_check(f"applications.row_total.{row}", _sum(parts), cells.get("total")))
    present = [r for r in HANDLED_PARTS if r in apps]
    if "total_handled" in apps and present:
        for col in APPLICANT_COLUMNS:
            parts = [cell(r, col) for r in present]
            if _all_null([*parts, cell("total_handled", col)]):
                continue
            out.append(_check(
                f"applications.handled_sum.{col}", _sum(parts), cell("total_handled", col)
            ))
    return out


def review_checks(review: dict | None) -> list[dict]:
    """total == upheld + corrected + other + pending, per group."""
    if not review:
        return []
    out: list[dict] = []
    for group in REVIEW_GROUPS:
        cells = review.get(group) or {}
        values = [cells.get(k) for k in REVIEW_RESULTS]
        if _all_null(values):
            continue
        out.append(_check(
            f"review_litigation.total.{group}", _sum(values[:4]), cells.get("total")
        ))
    return out


def run_checks(applications: dict | None, review_litigation: dict | None) -> list[dict]:
    return application_checks(applications) + review_checks(review_litigation)
