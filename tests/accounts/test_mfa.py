import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code, computed independently of allauth: what an authenticator app shows."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_totp_activation_then_login_asks_for_a_code_and_accepts_a_recovery_code(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    # Adding a second factor asks for the password again, whatever the age of the session.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    right = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret)})

    assert wrong.status_code == 200
    assert right.status_code == 302
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    recovery_code = (
        Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()[0]
    )

    client.post("/accounts/logout/")
    first_step = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert first_step["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    second_step = client.post("/accounts/2fa/authenticate/", {"code": recovery_code})
    assert second_step.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
