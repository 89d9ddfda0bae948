"""Bank details: checked as a bank would, kept encrypted under `CFLI_DATA_KEYS`, shown masked."""

import re
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.crypto import key_ring
from core.text import words

ACCOUNT_NUMBER = re.compile(r"[A-Z0-9]{4,34}")
SWIFT_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")
IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def compact(value: str) -> str:
    """An account number or code as typed, without its spaces and dashes, in capitals."""
    return re.sub(r"[\s\-.]", "", value).upper()


def encrypt(value: str) -> str:
    return key_ring(tuple(settings.CFLI_DATA_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return key_ring(tuple(settings.CFLI_DATA_KEYS)).decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same value encrypted under the first key of the ring."""
    return key_ring(tuple(settings.CFLI_DATA_KEYS)).rotate(token.encode()).decode()


class Revealed(NamedTuple):
    """An account's full number and IBAN, decrypted for the officer who pays into it."""

    account_number: str
    iban: str


def reveal(account) -> Revealed:
    """The account's full details; the caller records the reveal (services.bank_account_reveal)."""
    iban = decrypt(account.iban_encrypted) if account.iban_encrypted else ""
    return Revealed(decrypt(account.account_number_encrypted), iban)


def validate_account_number(value: str) -> None:
    if not ACCOUNT_NUMBER.fullmatch(compact(value)):
        raise ValidationError(
            _("Enter the account number: 4 to 34 letters and digits (spaces and dashes are fine)."),
            code="invalid_account_number",
        )


def validate_swift_bic(value: str) -> None:
    if value and not SWIFT_BIC.fullmatch(compact(value)):
        raise ValidationError(
            _("A SWIFT/BIC code has 8 or 11 characters, such as BNMXMXMM."), code="invalid_swift"
        )


def validate_iban(value: str) -> None:
    """The IBAN's own check digits (ISO 13616, mod 97): a mistyped IBAN is caught here, not
    when a payment bounces."""
    iban = compact(value)
    if not iban:
        return
    if not IBAN.fullmatch(iban) or _iban_remainder(iban) != 1:
        raise ValidationError(
            _("This IBAN is not valid: check it against your bank's statement."),
            code="invalid_iban",
        )


def _iban_remainder(iban: str) -> int:
    """The IBAN, its first four characters moved to the end and each letter a number (A = 10),
    modulo 97; `iban` is letters and digits only (IBAN matched it)."""
    return int("".join(str(int(char, 36)) for char in iban[4:] + iban[:4])) % 97


def holder_is_organization(holder: str, organization_name: str) -> bool:
    """Whether the account is in the organization's own name: the same words, whatever their
    case, accents, spacing and punctuation."""
    return words(holder) == words(organization_name)
