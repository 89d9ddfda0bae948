"""How passwords are stored: Argon2id, at the first of OWASP's recommended settings.

Django's own Argon2 settings (100 MiB, 2 passes, 8 lanes) cost 0.17 s of CPU per login on our
2-core reference machine and PBKDF2's 1.5 million rounds 0.36 s: on deadline day hundreds of
people sign in within minutes, and password hashing took a third of the server (issue 9).
OWASP's Password Storage Cheat Sheet lists m=46 MiB, t=1, p=1 as a configuration of equal
strength to its others; it costs 0.04 s here. docs/decisions/0007 says more.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Same algorithm name ("argon2"): stored hashes carry their own parameters, and Django
    rehashes a password at login when they differ from these."""

    time_cost = 1
    memory_cost = 47104  # KiB: 46 MiB
    parallelism = 1
