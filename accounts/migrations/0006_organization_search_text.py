"""The words of each organization's name and acronym as searches compare them (core.text), for
the organizations that exist; Organization.save() keeps them from now on.

The folding is a frozen copy of core.text's, so this migration gives the same rows whatever
becomes of that module.
"""

import re
import unicodedata

from django.db import migrations, models

MARKS = re.compile(r"[\u0300-\u036f]+")
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i"})
WORD = re.compile(r"[^\W_]+")


def fold(text):
    return MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())).translate(LETTERS)


def search_text(*texts):
    found = dict.fromkeys(word[:100] for text in texts if text for word in WORD.findall(fold(text)))
    return f" {' '.join(found)} " if found else ""


def fill(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    organizations = list(Organization.objects.only("pk", "name", "acronym"))
    for organization in organizations:
        organization.search_text = search_text(organization.name, organization.acronym)
    Organization.objects.bulk_update(organizations, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_user_time_zone")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
