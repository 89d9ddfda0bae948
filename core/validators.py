"""Validators shared by every form that limits what people write."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import ngettext_lazy

WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces (as in word processors)."""
    return len(WORD.findall(text or ""))


@deconstructible
class MaxWordsValidator:
    """Refuse a text longer than `limit` words, saying how many it has."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value: str) -> None:
        words = count_words(value)
        if words > self.limit:
            raise ValidationError(
                ngettext_lazy(
                    "Write at most %(limit)d word (this text has %(words)d).",
                    "Write at most %(limit)d words (this text has %(words)d).",
                    "limit",
                ),
                code="max_words",
                params={"limit": self.limit, "words": words},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxWordsValidator) and other.limit == self.limit
