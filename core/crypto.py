"""Key rings for what is kept encrypted at rest: each a list of Fernet keys, the current one
first, the older ones still decrypting while a rotation re-encrypts (docs/operations.md)."""

from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet


@lru_cache(maxsize=8)
def key_ring(keys: tuple[str, ...]) -> MultiFernet:
    """Encrypts with the first key and decrypts with any of them."""
    return MultiFernet([Fernet(key) for key in keys])
