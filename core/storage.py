"""Private storage for proposal attachments: a local folder, or an S3-compatible bucket.

The settings import `private_storage_config`, so this module imports nothing that needs
settings or the app registry.
"""

from collections.abc import Mapping
from pathlib import Path

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no web server serves; `url()` refuses instead of falling back to MEDIA_URL.

    Django's FileSystemStorage with `base_url=None` still builds URLs from MEDIA_URL; a
    template that printed one would link to a path that must never exist.
    """

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


class PrivateStorage(Storage):
    """The "private" storage, looked up at each use.

    A FileField evaluates its storage callable once, when models load; looking the backend up
    each time lets settings (a deployment's, a test's override) decide where files go.
    """

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)


def private_storage() -> Storage:
    """Files are only served by views that check access: no public URL, signed ones on S3."""
    return PrivateStorage()


def private_storage_config(environ: Mapping[str, str], *, default_location: Path) -> dict:
    """Return the STORAGES entry: the S3 bucket when AWS_STORAGE_BUCKET_NAME is set, else a folder.

    Objects in the bucket are private and their URLs are signed and expire, so a leaked link
    stops working; the folder defaults to `default_location` (PRIVATE_FILES_ROOT overrides it).
    """

    def env(name: str) -> str | None:
        return environ.get(name) or None

    if env("AWS_STORAGE_BUCKET_NAME"):
        options = {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }
        # Unset keys fall back to boto3's own chain (instance role, ~/.aws).
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {key: value for key, value in options.items() if value is not None},
        }
    return {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": Path(env("PRIVATE_FILES_ROOT") or default_location),
            "base_url": None,
        },
    }
