"""Words as searches see them: one folding, done in Python, for every search and every database.

A search must give the same results on PostgreSQL and on SQLite (the embedded default), and
their own folding differs (SQLite's LIKE ignores the case of ASCII letters only; PostgreSQL's
depends on its locale and extensions). So no database folds anything: a model keeps the words
of what is searched in a column of its own (`search_text`), folded here, and the words typed
are folded the same way before they are compared.

Folding: compatibility decomposition (NFKD: "ﬁ" is "fi", "½" is "1⁄2"), accents off, case
folded ("É" is "e", "ß" is "ss"), and the Latin letters that NFKD keeps whole spelled as a
keyboard without them spells them ("œ" is "oe", "ø" is "o"). A word is a run of letters and
digits, so punctuation, the underscore and symbols only separate words.

The stored form is the distinct words between single spaces, with a space before and after
(" agua potable "): a word is found whole with LIKE '% agua %', the start of one with
LIKE '% agu%', and PostgreSQL indexes the same words as they are (`array_to_tsvector`), with
no parser or dictionary of its own in between.
"""

import re
import unicodedata

MARKS = re.compile(r"[\u0300-\u036f]+")  # combining accents, once NFKD has split "é" into e + ´
# Latin letters that NFKD keeps whole, as a keyboard without them spells them ("cœur": "coeur").
LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i"})
WORD = re.compile(r"[^\W_]+")
# A longer word is cut, the same way where it is stored and where it is typed.
MAX_WORD_LENGTH = 100


def fold(text: str) -> str:
    """`text` case folded, decomposed, without its accents, and "œ" spelled "oe"."""
    return MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())).translate(LETTERS)


def words(text: str) -> list[str]:
    """The folded words of `text`, in order, each cut to MAX_WORD_LENGTH characters."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(text))]


def search_text(*texts: str) -> str:
    """What a model stores for search: the distinct words of `texts`, in order of appearance,
    between spaces (" agua potable "); "" when there is none."""
    found = dict.fromkeys(word for text in texts if text for word in words(text))
    return f" {' '.join(found)} " if found else ""
