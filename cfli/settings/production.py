"""Production: every secret and address comes from the environment, and is required."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CFLI_DATA_KEYS, CFLI_MFA_KEYS, env, env_bool, smtp_mailers

_missing = [
    name
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CFLI_MFA_KEYS", "CFLI_DATA_KEYS")
    if not env(name)
]
if _missing:
    raise ImproperlyConfigured(
        f"Production settings need these environment variables: {', '.join(_missing)}."
    )

for _name, _keys in (("CFLI_MFA_KEYS", CFLI_MFA_KEYS), ("CFLI_DATA_KEYS", CFLI_DATA_KEYS)):
    try:
        for _key in _keys:
            Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"{_name} must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated."
        ) from None

DEBUG = False
CFLI_STAFF_MFA_REQUIRED = env_bool("CFLI_STAFF_MFA_REQUIRED", True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer probes /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

MAILERS = smtp_mailers(env("EMAIL_HOST", "localhost"))
