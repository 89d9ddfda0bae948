import runpy
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

from core.storage import PrivateFileSystemStorage, private_storage, private_storage_config

ROOT = Path(__file__).resolve().parent.parent.parent
S3_ENVIRONMENT = {
    "AWS_STORAGE_BUCKET_NAME": "cfli-attachments",
    "AWS_S3_ENDPOINT_URL": "https://s3.ca-central-1.example.org",
    "AWS_S3_REGION_NAME": "ca-central-1",
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
}


def settings_module(monkeypatch, environment: dict[str, str]) -> dict:
    """Run cfli/settings/base.py afresh with these variables, leaving the loaded one alone."""
    for name in ("PRIVATE_FILES_ROOT", *S3_ENVIRONMENT):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "cfli" / "settings" / "base.py"))


@pytest.fixture
def private_folder(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": private_storage_config({}, default_location=tmp_path / "private"),
    }
    return tmp_path / "private"


def test_a_saved_attachment_reads_back_from_the_private_folder(private_folder, settings):
    storage = private_storage()

    name = storage.save("proposals/12/budget.pdf", ContentFile(b"%PDF-1.7 budget"))
    with storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.7 budget"

    path = Path(storage.path(name)).resolve()
    assert path.is_relative_to(private_folder.resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STORAGES["default"]["OPTIONS"]["location"]))


def test_a_second_file_of_the_same_name_never_replaces_the_first(private_folder):
    storage = private_storage()

    first = storage.save("budget.pdf", ContentFile(b"first"))
    second = storage.save("budget.pdf", ContentFile(b"second"))

    assert first != second
    assert storage.open(first).read() == b"first"


def test_a_private_file_has_no_url(private_folder):
    storage = private_storage()
    name = storage.save("budget.pdf", ContentFile(b"x"))

    with pytest.raises(ValueError, match="Private files have no URL"):
        storage.url(name)


def test_by_default_the_private_folder_is_apart_from_every_public_one(monkeypatch):
    base = settings_module(monkeypatch, {})

    private = base["STORAGES"]["private"]
    assert private["BACKEND"] == "core.storage.PrivateFileSystemStorage"
    location = Path(private["OPTIONS"]["location"]).resolve()
    assert location == (base["VAR_DIR"] / "private").resolve()
    public = [base["STATIC_ROOT"], base["STORAGES"]["default"]["OPTIONS"]["location"]]
    for folder in [*public, *base["STATICFILES_DIRS"]]:
        folder = Path(folder).resolve()
        assert not location.is_relative_to(folder)
        assert not folder.is_relative_to(location)


def test_private_files_root_moves_the_folder(tmp_path):
    config = private_storage_config(
        {"PRIVATE_FILES_ROOT": str(tmp_path / "attachments")}, default_location=Path("/unused")
    )

    assert config["OPTIONS"] == {"location": tmp_path / "attachments", "base_url": None}
    name = PrivateFileSystemStorage(**config["OPTIONS"]).save("letter.pdf", ContentFile(b"%PDF"))
    assert (tmp_path / "attachments" / name).read_bytes() == b"%PDF"


def test_a_bucket_name_in_the_environment_switches_the_settings_to_s3(monkeypatch):
    base = settings_module(monkeypatch, S3_ENVIRONMENT)

    assert base["STORAGES"]["private"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "cfli-attachments",
            "endpoint_url": "https://s3.ca-central-1.example.org",
            "region_name": "ca-central-1",
            "access_key": "AKIDEXAMPLE",
            "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def test_without_keys_s3_leaves_credentials_to_boto3():
    config = private_storage_config(
        {"AWS_STORAGE_BUCKET_NAME": "cfli-attachments", "AWS_ACCESS_KEY_ID": ""},
        default_location=Path("/unused"),
    )

    assert config["OPTIONS"] == {
        "bucket_name": "cfli-attachments",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }


def test_s3_objects_are_private_and_their_urls_signed_and_expiring():
    config = private_storage_config(S3_ENVIRONMENT, default_location=Path("/unused"))

    storage = S3Storage(**config["OPTIONS"])
    url = storage.url("proposals/12/budget.pdf")

    assert storage.default_acl == "private"
    assert storage.file_overwrite is False
    assert url.startswith("https://s3.ca-central-1.example.org/cfli-attachments/proposals/12/")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=" in url
