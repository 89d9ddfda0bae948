"""Two web nodes share nothing but PostgreSQL and the bucket (docs/operations.md).

Two gunicorn processes, each on its own port with its own working folder, on the test database,
with a moto server standing in for the S3 endpoint: a partner who signs in and uploads through
one node is signed in on the other, which serves the file's exact bytes from the bucket.
"""

import os
import re
import signal
import socket
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import boto3
import pytest
import requests
from django.db import connection

from proposals.models import Attachment
from tests.accounts.factories import PASSWORD
from tests.core.test_uploads import PDF_BYTES
from tests.services import ROOT, free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

BUCKET = "cfli-two-nodes"
S3 = {
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "two-nodes",
    "AWS_SECRET_ACCESS_KEY": "two-nodes-secret",
}


def listening(port: int) -> bool:
    with suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


def start(command: list[str], cwd: Path, env: dict) -> subprocess.Popen:
    with open(cwd / "server.log", "wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def started(process: subprocess.Popen, port: int, cwd: Path) -> None:
    wait_until(lambda: listening(port) or process.poll() is not None, timeout=60)
    assert listening(port), (cwd / "server.log").read_text(errors="replace")


@pytest.fixture
def nodes(transactional_db, tmp_path):
    """A moto S3 server and two gunicorn nodes on the test database (committed rows, so the
    nodes see them); yields the nodes' URLs and folders, and the bucket's client."""
    processes = []
    s3_folder, s3_port = tmp_path / "s3", free_port()
    s3_folder.mkdir()
    endpoint = f"http://127.0.0.1:{s3_port}"
    database = connection.settings_dict
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key != "PRIVATE_FILES_ROOT" and not key.startswith("AWS_")
    }
    try:
        moto = start(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
            s3_folder,
            base_env,
        )
        processes.append(moto)
        started(moto, s3_port, s3_folder)
        bucket = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=S3["AWS_S3_REGION_NAME"],
            aws_access_key_id=S3["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3["AWS_SECRET_ACCESS_KEY"],
        )
        bucket.create_bucket(Bucket=BUCKET)
        urls, folders = [], []
        for name in ("a", "b"):
            folder, port = tmp_path / f"node-{name}", free_port()
            folder.mkdir()
            env = {
                **base_env,
                **S3,
                "AWS_S3_ENDPOINT_URL": endpoint,
                "DJANGO_SETTINGS_MODULE": "cfli.settings.test",
                "DATABASE_URL": (
                    f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                    f"{database['HOST']}:{database['PORT']}/{database['NAME']}"
                ),
                # Each node's own var/: where its private files would go without the bucket.
                "CFLI_VAR_DIR": str(folder / "var"),
                "PYTHONPATH": str(ROOT),
            }
            gunicorn = Path(sys.executable).with_name("gunicorn")
            node = start(
                [
                    *(str(gunicorn), "cfli.wsgi:application"),
                    *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
                ],
                folder,
                env,
            )
            processes.append(node)
            started(node, port, folder)
            urls.append(f"http://127.0.0.1:{port}")
            folders.append(folder)
        yield urls, folders, bucket
    finally:
        for process in reversed(processes):
            stop(process)


def csrf_token(page: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_session_and_an_upload_made_through_one_node_are_served_by_the_other(
    nodes, draft_oaxaca, partner_oaxaca
):
    (node_a, node_b), folders, bucket = nodes
    browser = requests.Session()

    login = browser.get(f"{node_a}/accounts/login/", timeout=30)
    signed_in = browser.post(
        f"{node_a}/accounts/login/",
        data={
            "csrfmiddlewaretoken": csrf_token(login),
            "login": partner_oaxaca.email,
            "password": PASSWORD,
        },
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text
    checklist = browser.get(f"{node_a}/proposals/{draft_oaxaca.pk}/checklist/", timeout=30)
    uploaded = browser.post(
        f"{node_a}/proposals/{draft_oaxaca.pk}/attachments/new/",
        data={"csrfmiddlewaretoken": csrf_token(checklist), "kind": "budget"},
        files={"file": ("presupuesto.pdf", PDF_BYTES, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert uploaded.status_code == 302, uploaded.text
    attachment = Attachment.objects.get(proposal=draft_oaxaca)

    # Node B knows the session node A opened: the dashboard, not a redirect to the login page.
    dashboard = browser.get(f"{node_b}/proposals/", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200
    assert f"Acting for {draft_oaxaca.organization.name}" in dashboard.text
    download = browser.get(
        f"{node_b}/proposals/{draft_oaxaca.pk}/attachments/{attachment.pk}/", timeout=30
    )
    assert download.status_code == 200
    assert download.content == PDF_BYTES
    assert download.headers["Content-Disposition"].startswith("attachment")

    # The file is an object in the bucket, and on neither node's disk.
    listed = bucket.list_objects_v2(Bucket=BUCKET)
    assert [item["Key"] for item in listed.get("Contents", [])] == [attachment.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read() == PDF_BYTES
    for folder in folders:
        assert [path.name for path in folder.rglob("*") if path.is_file()] == ["server.log"]


def sign_in(node: str, user) -> requests.Session:
    """A browser of its own, signed in through `node`."""
    browser = requests.Session()
    login = browser.get(f"{node}/accounts/login/", timeout=30)
    response = browser.post(
        f"{node}/accounts/login/",
        data={"csrfmiddlewaretoken": csrf_token(login), "login": user.email, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text
    return browser


def is_signed_in(browser: requests.Session, node: str) -> bool:
    """The partner's own page opens, rather than sending the browser to sign in."""
    page = browser.get(f"{node}/proposals/", allow_redirects=False, timeout=30)
    assert page.status_code in (200, 302), page.status_code
    return page.status_code == 200


def test_signing_out_or_a_new_password_on_one_node_ends_the_session_on_the_other_at_once(
    nodes, partner_oaxaca
):
    (node_a, node_b), _folders, _bucket = nodes
    laptop, phone = sign_in(node_a, partner_oaxaca), sign_in(node_b, partner_oaxaca)
    assert is_signed_in(laptop, node_b)
    assert is_signed_in(phone, node_a)

    # A new password, chosen on the laptop through node A: the phone's session ends on both
    # nodes with the next request; the laptop, which chose it, stays signed in.
    form = laptop.get(f"{node_a}/accounts/password/change/", timeout=30)
    changed = laptop.post(
        f"{node_a}/accounts/password/change/",
        data={
            "csrfmiddlewaretoken": csrf_token(form),
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 2026",
            "password2": "a new long passphrase 2026",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert changed.status_code == 302, changed.text
    assert not is_signed_in(phone, node_b)
    assert not is_signed_in(phone, node_a)
    assert is_signed_in(laptop, node_b)

    # Signing out through node B: node A refuses the same cookie at once.
    page = laptop.get(f"{node_b}/accounts/logout/", timeout=30)
    signed_out = laptop.post(
        f"{node_b}/accounts/logout/",
        data={"csrfmiddlewaretoken": csrf_token(page)},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_out.status_code == 302
    assert not is_signed_in(laptop, node_a)
