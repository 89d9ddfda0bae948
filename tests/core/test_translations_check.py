import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_catalogues_of_this_tree_are_complete(capsys):
    call_command("translations_check")

    assert "French and Spanish catalogues are complete." in capsys.readouterr().out


def test_a_new_string_without_translation_fails_the_check(settings, tmp_path):
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.html").write_text(
        '{% load i18n %}{% translate "A sentence nobody has translated yet" %}'
    )
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError) as failure:
        call_command("translations_check")

    message = str(failure.value)
    assert "locale/fr/LC_MESSAGES/django.po: untranslated: A sentence nobody has translated" in (
        message
    )
    assert "locale/es/LC_MESSAGES/django.po: untranslated: A sentence nobody has translated" in (
        message
    )
    assert not (ROOT / "templates" / "new.html").exists()


def test_a_fuzzy_translation_fails_the_check(settings, tmp_path):
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}{% translate "Peace and security" %}'
    )
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    po.write_text(
        po.read_text().replace('msgid "Peace and security"', '#, fuzzy\nmsgid "Peace and security"')
    )
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError, match=r"fr/LC_MESSAGES/django\.po: fuzzy: Peace and security"):
        call_command("translations_check")
