"""The figures of the mission and headquarters dashboards.

Every figure is a GROUP BY in the database, read from one index (migration reporting 0003):
the rows that come back are groups (a state and a gender-equality code, a priority area, a day),
never proposals, so a page makes the same few queries for ten proposals or ten thousand. Python
only adds up those groups and turns them into rows, bars and shares.

Scope is the caller's business: views pass a mission from `dashboard_mission_list_for(user)` and
calls of that mission, or use the headquarters figures for administrators only.

The package is divided by figure family, because that is how the code divides: the mission and
headquarters dashboards differ only in their scope (a few lines each) and share every figure, so
a module per dashboard would split nothing but those lines. Each figure, though, is its own
query or its own reading of one, with its own value types:

- `scope.py`: what the user may see (missions, calls, fiscal years of the filters);
- `charts.py`: the bar every chart is drawn with, and the share and width helpers;
- `totals.py`: the query grouped by state and final gender-equality code, and what it adds up to;
- `money.py`: the envelope against requests and approvals;
- `gender_equality.py`: approved projects and CAD by code, against Canada's targets;
- `beneficiaries.py`: planned beneficiaries by sex and age;
- `catalogues.py`: submitted proposals by priority area and sub-theme (one query);
- `daily.py`: submissions per day of one call (one query);
- `awards.py`: the largest awards (one query);
- `payments.py`: what the agreements commit, what was paid and what remains (two queries);
- `reports.py`: reports by standing, people reached, results and spending (three queries);
- `dashboard.py`: a dashboard put together, for a mission's calls or for headquarters;
- `compiled.py`: the figures' querysets compiled once per process and scope shape, run on a
  plain cursor (their compilation cost more than the queries).

This index re-exports what other code imports: the views, the tests and the benchmarks.
"""

from .beneficiaries import BENEFICIARY_FIELDS
from .dashboard import headquarters_dashboard, mission_dashboard
from .scope import (
    dashboard_call_list,
    dashboard_fiscal_years,
    dashboard_headquarters_calls,
    dashboard_mission_list_for,
)

__all__ = [
    "BENEFICIARY_FIELDS",
    "dashboard_call_list",
    "dashboard_fiscal_years",
    "dashboard_headquarters_calls",
    "dashboard_mission_list_for",
    "headquarters_dashboard",
    "mission_dashboard",
]
