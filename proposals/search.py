"""Search over submitted proposals: reference, title, organization and the proposal's text.

On PostgreSQL, full-text search with the `simple` configuration (proposals are written in
English, French or Spanish: no stemming or stop words, so one index serves all three), accents
and case ignored, the last word matched as a prefix, results ranked by relevance. Migration
0004 adds two columns that PostgreSQL generates from each proposal (the model does not declare
them): `search_vector`, all its words, with a GIN index, which searches filter on; and
`search_heading`, its reference and title, which results are ranked by (the full vector is
some 8 KB out of line: ranking thousands of matches by it would take 300 ms). It also indexes
the organizations' name and acronym, folded the same way. `explain()` of a search shows the
indexes; tests/proposals/test_search.py checks it.

Folding is done the same way on both sides: the index folds the text in SQL (`fold_sql`), and
the typed words are folded in Python (`fold`) with the same two patterns, so that "Défense"
finds "defense" and "CFLI-MEX-2026-27-0001" is five words on both sides. Punctuation becomes a
space before PostgreSQL's parser sees the text; otherwise the parser keeps "cfli-mex", "-27" or
"ana@example.org" as whole tokens that no typed word would ever equal.

On SQLite (the embedded default of `make run`) every word must be contained in one of the same
fields (`proposal_search_contains`): slower, case-sensitive beyond ASCII, good enough there.

Drafts are never indexed (their vectors are NULL): they are private to their organization, no
search shows them, and their autosaves stay as cheap as before.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from itertools import chain
from operator import and_, or_

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import Lexeme, SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col, RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from accounts.models import Organization

from .models import Proposal

# The same two patterns serve PostgreSQL's regular expressions and Python's `re`.
MARKS = r"[\u0300-\u036f]+"  # combining accents, once NFKD has split "é" into "e" + "´"
PUNCTUATION = (
    r"[!-/:-@\[-`{-~\u00a1\u00ab\u00b7\u00bb\u00bf\u2010-\u2027]+"  # ASCII, ¡«·»¿, dashes…
)
_MARKS = re.compile(MARKS)
_PUNCTUATION = re.compile(PUNCTUATION)
_WORD = re.compile(r"[^\W_]+")

# Guards for callers that do not cut the query themselves (the pages cut it at 200 characters).
MAX_QUERY_LENGTH = 1_000
MAX_WORDS = 32
MAX_WORD_LENGTH = 100
# The last word is a prefix ("defens" finds "defensoras") once it has this many characters:
# a one-letter prefix would match nearly every proposal.
PREFIX_MIN_LENGTH = 2

HEADING_FIELDS = ("reference", "title")
TEXT_FIELDS = (
    "context",
    "objectives",
    "beneficiaries_description",
    "gba_differential_impacts",
    "gba_consultation_influence",
    "gba_do_no_harm",
    "gba_womens_organizations",
    "risks",
    "sustainability",
    "environment",
)
ORGANIZATION_FIELDS = ("organization__name", "organization__acronym")

# An organization whose name holds every word ranks like a proposal whose title holds one
# (ts_rank gives about 0.6 to one word found once with weight A).
ORGANIZATION_RANK = 0.6


def fold_sql(text_sql: str) -> str:
    """SQL that folds a text expression like `fold`: accents off, punctuation to spaces (case
    is left to the `simple` configuration). IMMUTABLE, so usable in indexes and generated
    columns; migration 0004 holds a frozen copy of what it produced."""
    return (
        f"regexp_replace(regexp_replace(normalize({text_sql}, NFKD), "
        f"'{MARKS}', '', 'g'), '{PUNCTUATION}', ' ', 'g')"
    )


# Indexed by migration 0004: a query must use this exact expression for the index to serve it.
ORGANIZATION_VECTOR_SQL = f"to_tsvector('simple'::regconfig, {fold_sql("name || ' ' || acronym")})"


def fold(text: str) -> str:
    """Lower case, accents off and punctuation as spaces: what the index holds of a text."""
    text = unicodedata.normalize("NFKD", text)
    return _PUNCTUATION.sub(" ", _MARKS.sub("", text)).lower()


def search_words(q: str) -> list[str]:
    """The words of a query as the index splits them; punctuation alone gives none."""
    words = _WORD.findall(fold(q[:MAX_QUERY_LENGTH]))
    return [word[:MAX_WORD_LENGTH] for word in words[:MAX_WORDS]]


def _tsquery(words: Sequence[str]) -> SearchQuery:
    """Every word, the last one as a prefix: `'agua' & 'defens':*`. Lexeme quotes each word,
    and words hold only letters and digits anyway: no input can be tsquery syntax."""
    *whole, last = words
    lexemes = [Lexeme(word) for word in whole]
    lexemes.append(Lexeme(last, prefix=len(last) >= PREFIX_MIN_LENGTH))
    return SearchQuery(reduce(and_, lexemes), config="simple", search_type="raw")


class _GeneratedColumn(Expression):
    """A tsvector column that migration 0004 adds to proposals_proposal; the model does not
    declare it, so it is named here, on the query's own alias for the table."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def resolve_expression(self, query=None, *args, **kwargs):
        field = SearchVectorField()
        field.set_attributes_from_name(self.column)
        field.model = Proposal
        return Col(query.get_initial_alias(), field)


class _EqualsAny(Expression):
    """`lhs = ANY(ARRAY(SELECT …))`: PostgreSQL runs the subquery once and looks its ids up in
    an index, so this condition can be OR-ed with the text search and both sides use an index
    (with `IN (SELECT …)`, the OR would be a filter on every row instead)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, lhs, array):
        super().__init__()
        self.lhs, self.array = lhs, array

    def get_source_expressions(self):
        return [self.lhs, self.array]

    def set_source_expressions(self, exprs):
        self.lhs, self.array = exprs

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        array, array_params = compiler.compile(self.array)
        return f"{lhs} = ANY({array})", (*lhs_params, *array_params)


def _organizations_matching(query: SearchQuery) -> QuerySet[Organization]:
    """Ids of the organizations whose name and acronym hold every word (through the index)."""
    return (
        Organization.objects.alias(
            # A constant expression, the index's own; the words go in as parameters.
            search_vector=RawSQL(ORGANIZATION_VECTOR_SQL, (), output_field=SearchVectorField())  # noqa: S611
        )
        .filter(search_vector=query)
        .order_by()
        .values("pk")
    )


def proposal_search(proposals: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    """The proposals of `proposals` that hold every word of `q` (the last one as a prefix) in
    their reference, title or text together, or whose organization's name and acronym hold
    them all. Drafts are never found; a query without a letter or a digit finds nothing.

    Ordered by relevance (words in the reference or title, then the organization's name), then
    newest first. The rank is an alias, not a column: a caller that orders otherwise, like the
    staff list, never computes it.
    """
    if connections[proposals.db].vendor != "postgresql":
        return proposal_search_contains(proposals, q)
    words = search_words(q)
    if not words:
        return proposals.none()
    query = _tsquery(words)
    return (
        proposals.exclude(status=Proposal.Status.DRAFT)
        .alias(search_vector=_GeneratedColumn("search_vector"))
        # `= ANY(ARRAY(…))`, not `IN (…)`: both sides of the OR then scan an index.
        .filter(
            Q(search_vector=query)
            | _EqualsAny(F("organization_id"), ArraySubquery(_organizations_matching(query)))
        )
        .alias(
            search_rank=SearchRank(_GeneratedColumn("search_heading"), query)
            # `IN (…)` here: PostgreSQL hashes the ids once instead of scanning an array per row.
            + Case(
                When(organization_id__in=_organizations_matching(query), then=ORGANIZATION_RANK),
                default=0.0,
                output_field=FloatField(),
            )
        )
        .order_by(F("search_rank").desc(), F("submitted_at").desc(nulls_last=True), "-pk")
    )


def proposal_search_contains(proposals: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    """The SQLite fallback: every word (split on spaces) is contained in one of the searched
    fields; a word in the reference or title ranks before one in the organization's name,
    which ranks before the text."""
    words = q.split()[:MAX_WORDS]
    if not words:
        return proposals.none()

    def anywhere(fields: Iterable[str], word: str) -> Q:
        return reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))

    every = (*HEADING_FIELDS, *ORGANIZATION_FIELDS, *TEXT_FIELDS)
    proposals = proposals.exclude(status=Proposal.Status.DRAFT).filter(
        reduce(and_, (anywhere(every, word) for word in words))
    )
    rank = Case(
        When(reduce(or_, (anywhere(HEADING_FIELDS, word) for word in words)), then=Value(1.0)),
        When(
            reduce(or_, (anywhere(ORGANIZATION_FIELDS, word) for word in words)),
            then=Value(ORGANIZATION_RANK),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return proposals.alias(search_rank=rank).order_by(
        F("search_rank").desc(), F("submitted_at").desc(nulls_last=True), "-pk"
    )


# --- Highlighted snippets ------------------------------------------------------------------

SNIPPET_BEFORE = 60  # characters of context shown before the first match
SNIPPET_AFTER = 180  # and after it


@dataclass(frozen=True)
class SearchHeadline:
    """What a search result shows of its proposal, every match in <mark>, all else escaped."""

    title: SafeString
    organization: SafeString
    section: str  # the label of the section the snippet comes from, or ""
    snippet: SafeString


def _variants() -> dict[str, str]:
    """Each folded letter or digit → a regex class of the characters that fold to it (é, É, è…
    for e), over the Latin and full-width ranges where proposals' letters live."""
    variants = defaultdict(set)
    for code in chain(range(0x30, 0x250), range(0x1E00, 0x1F00), range(0xFF10, 0xFF5B)):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and _WORD.fullmatch(folded):
            variants[folded] |= {char, folded}
    return {
        letter: "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"
        for letter, chars in variants.items()
    }


_VARIANTS = _variants()
_WORD_START = r"(?<![^\W_])(?<![\u0300-\u036f])"
_WORD_REST = r"(?:[^\W_]|[\u0300-\u036f])*"
_WORD_END = r"(?![^\W_])(?![\u0300-\u036f])"


def highlight_pattern(words: Sequence[str]) -> re.Pattern:
    """A regex that finds, in the original text, the tokens the search matched: whole words,
    the last one as a prefix, whatever their accents or case."""

    def spelled(word: str) -> str:
        return "".join(_VARIANTS.get(char, re.escape(char)) + r"[\u0300-\u036f]*" for char in word)

    *whole, last = words
    alternatives = sorted({spelled(word) + _WORD_END for word in whole}, key=len, reverse=True)
    if len(last) >= PREFIX_MIN_LENGTH:
        alternatives.insert(0, spelled(last) + _WORD_REST)
    else:
        alternatives.append(spelled(last) + _WORD_END)
    return re.compile(_WORD_START + "(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern) -> SafeString:
    """`text` HTML-escaped, each match wrapped in <mark>: the only markup is ours."""
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every part above is escaped


def _snippet(text: str, pattern: re.Pattern) -> SafeString | None:
    match = pattern.search(text)
    if match is None:
        return None
    start, end = max(0, match.start() - SNIPPET_BEFORE), match.end() + SNIPPET_AFTER
    if start > 0:  # begin and end on whole words
        start = next((m.end() for m in re.finditer(r"\s", text[start : match.start()])), 0) + start
    if end < len(text):
        cut = text.rfind(" ", match.end(), end)
        end = cut if cut > 0 else end
    window = highlight(text[start:end], pattern)
    return format_html("{}{}{}", "… " if start > 0 else "", window, " …" if end < len(text) else "")


def proposal_search_headlines(proposals: Sequence[Proposal], q: str) -> dict[int, SearchHeadline]:
    """For one page of search results: each one's highlighted title and organization, and a
    snippet of the first section whose text holds a match. Rows whose texts were deferred have
    them read in one query for the whole page; rows with their texts cost none."""
    words = search_words(q)
    if not words or not proposals:
        return {}
    pattern = highlight_pattern(words)
    deferred = [p.pk for p in proposals if p.get_deferred_fields().intersection(TEXT_FIELDS)]
    texts = {}
    if deferred:
        rows = Proposal.objects.filter(pk__in=deferred).values_list("pk", *TEXT_FIELDS)
        texts = {pk: values for pk, *values in rows}
    headlines = {}
    for proposal in proposals:
        values = texts.get(proposal.pk) or [getattr(proposal, name) for name in TEXT_FIELDS]
        section, snippet = "", mark_safe("")
        for name, text in zip(TEXT_FIELDS, values, strict=True):
            if (found := _snippet(text, pattern)) is not None:
                section, snippet = capfirst(Proposal._meta.get_field(name).verbose_name), found
                break
        headlines[proposal.pk] = SearchHeadline(
            title=highlight(proposal.display_title, pattern),
            organization=highlight(proposal.organization.name, pattern),
            section=section,
            snippet=snippet,
        )
    return headlines
