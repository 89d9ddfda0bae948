"""The dashboards' figures read from one index instead of the proposals' rows: every column they
add up (state, amounts, beneficiaries, catalogues, submission time) rides in an index on the call,
so a mission's call is an index-only scan of a few dozen pages where it read a page a proposal
(headquarters, 10,000 proposals: 5,000 pages → 173; the figures' SQL about 3× cheaper).

PostgreSQL only, like proposals 0005 (INCLUDE is PostgreSQL's); the model does not declare it
for the same reason. It lives here, beside the only pages that read it.
"""

from django.db import migrations

from core.postgresql import postgresql_only

BENEFICIARIES = ", ".join(
    f"{reach}_{group}"
    for reach in ("direct", "indirect")
    for group in ("women", "girls", "men", "boys", "other_adults", "other_minors")
)
FORWARD = [
    "CREATE INDEX reporting_dashboard_figures ON proposals_proposal (call_id) INCLUDE "
    "(id, status, amount_requested_cad, submitted_at, call_priority_id, sub_theme_id, "
    f"{BENEFICIARIES})"
]
BACKWARD = ["DROP INDEX IF EXISTS reporting_dashboard_figures"]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_export_files_deleted"),
        ("proposals", "0007_constraint_messages"),
    ]

    operations = [postgresql_only(FORWARD, BACKWARD)]
