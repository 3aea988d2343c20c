"""Per province and year totals, kept as tables so that charts and canned queries stay fast.

The dashboards' trend and outcome-mix charts and the applications-by-province query sum the
statistics tables of every report: at 200,000 reports that is millions of `applications`
cells per page view, past Datasette's time limit. These tables hold the same sums, one row
per province, year (and outcome), recomputed whole at the end of every `nianbao process`
(a few seconds at that size), so a chart reads a few hundred rows.

- `summary_applications`: reports giving an application count, and `new_received`, the
  applications they received in the year: the 2019/2021 tables' 本年新收 total and the
  2008 format's 收到申请数 (both count the applications received that year);
- `summary_outcomes`: the applications handled, by the 三(一)-(七) outcome groups.

Removed reports are left out of both, as they are of the published counts.
"""

from __future__ import annotations

import sqlite_utils

APPLICATIONS = "summary_applications"
OUTCOMES = "summary_outcomes"

# The outcome groups of the 2019/2021 tables' section 三, in their printed order.
OUTCOME_GROUPS = """
  case
    when a.[row] = 'granted' then '1 予以公开'
    when a.[row] = 'partially_granted' then '2 部分公开'
    when a.[row] like 'denied%' then '3 不予公开'
    when a.[row] like 'unable%' then '4 无法提供'
    when a.[row] like 'not_processed%' then '5 不予处理'
    else '6 其他处理'
  end"""
# Rows of the applications table that are not an outcome: intake and carry-over lines.
NOT_OUTCOMES = ("new_received", "carried_over", "total_handled", "carried_forward")

_APPLICATIONS_SQL = f"""
insert into {APPLICATIONS} (province, year, reports, new_received)
select province, year, count(*), sum(received)
from (
  select r.province, r.year, a.value as received
  from applications a cross join reports r on r.id = a.report_id
  where a.[row] = 'new_received' and a.[column] = 'total'
    and coalesce(r.status, '') != 'removed'
  union all
  select r.province, r.year, l.value
  from legacy_stats l cross join reports r on r.id = l.report_id
  where l.key = 'requests_received' and coalesce(r.status, '') != 'removed'
)
where year is not null
group by province, year
"""
_OUTCOMES_SQL = f"""
insert into {OUTCOMES} (province, year, outcome, applications)
select r.province, r.year, {OUTCOME_GROUPS} as outcome, sum(a.value)
from applications a cross join reports r on r.id = a.report_id
where a.[column] = 'total' and a.[row] not in ({", ".join(f"'{r}'" for r in NOT_OUTCOMES)})
  and coalesce(r.status, '') != 'removed' and r.year is not null
group by r.province, r.year, outcome
"""


def refresh_summaries(db: sqlite_utils.Database) -> None:
    """Recompute both summary tables from the reports as they are now, in one transaction."""
    with db.conn:
        for name, columns, sql in (
            (APPLICATIONS, {"province": str, "year": int, "reports": int, "new_received": float},
             _APPLICATIONS_SQL),
            (OUTCOMES, {"province": str, "year": int, "outcome": str, "applications": float},
             _OUTCOMES_SQL),
        ):  # fmt: skip
            if not db[name].exists():
                db[name].create(columns)
                db[name].create_index(["province", "year"])
            db.execute(f"delete from {name}")
            db.execute(sql)


def has_summaries(db: sqlite_utils.Database) -> bool:
    return db[APPLICATIONS].exists() and db[OUTCOMES].exists()
