"""Settings of the system under test: production's, with what a loopback benchmark needs.

Every difference from `cfli.settings.production` is here and is said in README.md:
plain HTTP on 127.0.0.1 (no TLS terminator in front, so no HTTPS redirect and no Secure-only
cookies, which an HTTP client would not send back), allauth's per-IP rate limits off (every
simulated person comes from 127.0.0.1), staff second factor off for the bench's staff
accounts (CFLI_STAFF_MFA_REQUIRED=0 is set by the runner), and the bench's own URLs (a bare
view beside the real ones).
"""

from cfli.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.deadline_day.urls"

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# Thousands of people behind one address (127.0.0.1): per-IP limits would refuse the load.
ACCOUNT_RATE_LIMITS = False
