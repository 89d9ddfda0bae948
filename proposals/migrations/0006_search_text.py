"""Search reads words folded in Python, the same on PostgreSQL and SQLite (docs/decisions/0010).

Two columns that the proposal's submission writes (proposals/search.py): `search_text`, the
folded words of the reference, title, texts and the rows' texts (expected results, activities,
budget lines, other funders), and `search_heading`, those of the reference and title; both
filled here for every proposal already submitted. Drafts keep them empty.

On PostgreSQL, the columns that 0004 made PostgreSQL generate (folded in SQL, from the
proposal's own fields only) are dropped with their indexes. Instead, proposals and
organizations (accounts 0006) each get a `search_vector`, STORED GENERATED from their
`search_text` by `array_to_tsvector` (the stored words as they are: no parser, no dictionary),
with a GIN index, which searches filter on. Stored, not an expression index: PostgreSQL counts
array_to_tsvector as cheap and would rather compute it for every organization (5 ms at 4,000)
than read the index (0.3 ms). No statistics are kept for them (STATISTICS 0), as in 0004: with
them, the planner sees that a common word matches half the proposals and reads the table,
where the index is faster for every word. The generated columns read one column that no form
writes: changing the type of a proposal's text or an organization's name no longer needs to
drop them first.

The folding and the lists of fields are frozen copies of core.text's and proposals.search's,
so this migration gives the same rows whatever becomes of them.
"""

import importlib
import re
import unicodedata
from collections import defaultdict

from django.db import migrations, models

from core.postgresql import postgresql_only

MARKS = re.compile(r"[\u0300-\u036f]+")
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i"})
WORD = re.compile(r"[^\W_]+")
HEADING_FIELDS = ("reference", "title")
TEXT_FIELDS = (
    "context",
    "objectives",
    "beneficiaries_description",
    "gba_differential_impacts",
    "gba_consultation_influence",
    "gba_do_no_harm",
    "gba_womens_organizations",
    "risks",
    "sustainability",
    "environment",
)
ROWS = {
    "ProposalResult": ("description", "indicator"),
    "ProposalActivity": ("description",),
    "BudgetLine": ("description",),
    "OtherFunder": ("name",),
}
BATCH = 500


def fold(text):
    return MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())).translate(LETTERS)


def search_text(*texts):
    found = dict.fromkeys(word[:100] for text in texts if text for word in WORD.findall(fold(text)))
    return f" {' '.join(found)} " if found else ""


def fill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    submitted = Proposal.objects.exclude(status="draft").order_by("pk")
    ids = list(submitted.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(
            submitted.filter(pk__in=ids[start : start + BATCH]).only(
                "pk", *HEADING_FIELDS, *TEXT_FIELDS
            )
        )
        row_texts = defaultdict(list)
        for model_name, fields in ROWS.items():
            rows = (
                apps.get_model("proposals", model_name)
                .objects.filter(proposal_id__in=[proposal.pk for proposal in batch])
                .order_by("proposal_id", "position", "pk")
                .values_list("proposal_id", *fields)
            )
            for proposal_id, *texts in rows:
                row_texts[proposal_id].extend(texts)
        for proposal in batch:
            heading = [getattr(proposal, name) for name in HEADING_FIELDS]
            texts = [getattr(proposal, name) for name in TEXT_FIELDS]
            proposal.search_heading = search_text(*heading)
            proposal.search_text = search_text(*heading, *texts, *row_texts[proposal.pk])
        Proposal.objects.bulk_update(batch, ["search_heading", "search_text"])


VECTOR = "array_to_tsvector(string_to_array(btrim(search_text), ' '))"
TABLES = ("proposals_proposal", "accounts_organization")
DROP_0004 = [
    "DROP INDEX IF EXISTS accounts_organization_search_vector",
    "DROP INDEX IF EXISTS proposals_proposal_search_vector",
    "ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_heading, "
    "DROP COLUMN IF EXISTS search_vector",
]
FORWARD = [
    f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    for table in TABLES
] + [
    statement
    for table in TABLES
    for statement in (
        f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS 0",
        f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)",
    )
]
BACKWARD = [f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector" for table in TABLES]


def restore_0004():
    """0004's columns and indexes, as 0004 made them (going back past this migration)."""
    return importlib.import_module("proposals.migrations.0004_search").FORWARD


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organization_search_text"),
        ("proposals", "0005_staff_list_indexes"),
    ]

    operations = [
        postgresql_only(DROP_0004, restore_0004),
        migrations.AddField(
            model_name="proposal",
            name="search_heading",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="proposal",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        postgresql_only(FORWARD, BACKWARD),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
