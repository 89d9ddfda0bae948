"""Search over submitted proposals: reference, title, organization, the proposal's texts and
its rows' (expected results, activities, budget lines, other funders).

The same results in the same order on PostgreSQL and on SQLite (the embedded default of `make
run`), because neither database folds anything (docs/decisions/0010). When a proposal is
submitted, `proposal_search_columns` folds what is searched with core.text (accents off, case
folded, punctuation out) into two columns: `search_text`, every word, and `search_heading`, the
words of the reference and title. An organization keeps the words of its name and acronym in
its own `search_text` (Organization.save()). The typed words are folded the same way and
compared as words, each whole, the last one as a prefix as the user types ("defens" finds
"defensoras"): "gestion" finds "Gestión", "CFLI-MEX-2026-27-0001" is five words on both sides.

A proposal is found when its words hold every typed word, or when its organization's name and
acronym hold them all. It ranks by the typed words found in its reference and title, plus
ORGANIZATION_RANK when its organization holds them all, then newest first.

On SQLite, words are compared with LIKE on the stored columns (" agua " for a whole word,
" agu" for a prefix). On PostgreSQL the same filter goes through GIN indexes (migration 0006),
on the `search_vector` that PostgreSQL generates from the proposals' and the organizations'
`search_text` with `array_to_tsvector`, which takes the stored words as they are (no parser,
no dictionary): `'agua' & 'defens':*` matches exactly what LIKE would. Ranking reads only
`search_heading`, a hundred bytes in the row, with LIKE on
both (the whole text, some KB out of line, would cost hundreds of milliseconds over thousands
of matches). `explain()` of a search shows the indexes; tests/proposals/test_search.py checks it.

Drafts are never indexed (their columns stay empty): they are private to their organization, no
search shows them, and their autosaves stay as cheap as before. A submitted proposal never
changes, so its columns stay right; whatever makes a proposal submitted without
`proposal_submit` (seed_volume's batches, the tests' factory) calls `proposals_index`.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from html import escape as html_escape
from itertools import chain
from operator import add, and_
from string import ascii_lowercase
from typing import TYPE_CHECKING, Any, cast

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    ForeignObjectRel,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Col
from django.db.models.functions import Cast
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language

from accounts.models import Organization
from core.models import field_label
from core.prepared import STAND_IN
from core.text import WORD as _WORD
from core.text import fold, search_text, words

from .models import Proposal

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Guards for callers that do not cut the query themselves (the pages cut it at 200 characters);
# a word is cut at core.text.MAX_WORD_LENGTH characters, like the stored ones.
MAX_QUERY_LENGTH = 1_000
MAX_WORDS = 32
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
# The texts of a proposal's rows that are searched too, by relation.
ROW_FIELDS = {
    "results": ("description", "indicator"),
    "activities": ("description",),
    "budget_lines": ("description",),
    "other_funders": ("name",),
}

# An organization whose name holds every word ranks below a proposal whose title holds one.
ORGANIZATION_RANK = 0.6


def search_words(q: str) -> list[str]:
    """The words of a query, folded as the stored ones are; punctuation alone gives none."""
    return words(q[:MAX_QUERY_LENGTH])[:MAX_WORDS]


# --- What is stored ---------------------------------------------------------------------------


def proposal_search_columns(
    proposal: Proposal, rows: Mapping[str, Iterable[Mapping[str, Any]]]
) -> dict[str, str]:
    """The search columns of a submitted proposal, given its rows' values by relation (as
    `.values()` reads them; the snapshot of its first revision holds them)."""
    heading = [getattr(proposal, name) for name in HEADING_FIELDS]
    texts = [getattr(proposal, name) for name in TEXT_FIELDS]
    row_texts = [
        row[field]
        for relation, fields in ROW_FIELDS.items()
        for row in rows.get(relation, ())
        for field in fields
    ]
    return {
        "search_heading": search_text(*heading),
        "search_text": search_text(*heading, *texts, *row_texts),
    }


def proposals_index(proposals: Sequence[Proposal]) -> None:
    """Write the search columns of proposals made submitted without `proposal_submit`
    (seed_volume's batches, the tests' factory), reading their rows with one query a kind.
    Drafts stay empty."""
    rows: dict[int, defaultdict[str, list]] = {
        proposal.pk: defaultdict(list) for proposal in proposals if not proposal.is_draft
    }
    if not rows:
        return
    for relation, fields in ROW_FIELDS.items():
        # ROW_FIELDS names reverse relations: each has its related model.
        model = cast(ForeignObjectRel, Proposal._meta.get_field(relation)).related_model
        values = (
            model._default_manager.filter(proposal_id__in=list(rows))
            .order_by("proposal_id", "position", "pk")
            .values("proposal_id", *fields)
        )
        for row in values:
            rows[row["proposal_id"]][relation].append(row)
    indexed = [proposal for proposal in proposals if proposal.pk in rows]
    for proposal in indexed:
        for name, value in proposal_search_columns(proposal, rows[proposal.pk]).items():
            setattr(proposal, name, value)
    Proposal.objects.bulk_update(indexed, ["search_heading", "search_text"], batch_size=500)


# --- Searching --------------------------------------------------------------------------------


def _tsquery(words: Sequence[str]) -> Cast:
    """Every word, the last one as a prefix: `'agua' & 'defens':*`, cast as it is (to_tsquery
    would parse and normalize the words again, unlike the stored ones). Words hold only letters
    and digits, so quoting them is enough: no input can be tsquery syntax."""
    *whole, last = words
    terms = [f"'{word}'" for word in whole]
    terms.append(f"'{last}':*" if len(last) >= PREFIX_MIN_LENGTH else f"'{last}'")
    return Cast(Value(" & ".join(terms)), SearchQueryField())


def _needles(words: Sequence[str]) -> list[str]:
    """The same words as LIKE looks for them in stored words (each has a space on both sides):
    " agua " whole, " defens" as a prefix."""
    *whole, last = words
    needles = [f" {word} " for word in whole]
    needles.append(f" {last}" if len(last) >= PREFIX_MIN_LENGTH else f" {last} ")
    return list(dict.fromkeys(needles))


def _holding(field: str, needles: Sequence[str]) -> Q:
    """The stored words of `field` hold every needle (LIKE)."""
    return reduce(and_, (Q(**{f"{field}__contains": needle}) for needle in needles))


class _Matches(Expression):
    """`vector @@ query`, as a condition (Django's lookup would wrap the query in
    plainto_tsquery)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, vector, query):
        super().__init__()
        self.vector, self.query = vector, query

    def get_source_expressions(self):
        return [self.vector, self.query]

    def set_source_expressions(self, exprs):
        self.vector, self.query = exprs

    def as_sql(self, compiler, connection):
        vector, vector_params = compiler.compile(self.vector)
        query, query_params = compiler.compile(self.query)
        return f"{vector} @@ {query}", (*vector_params, *query_params)


class _SearchVector(Expression):
    """The tsvector column `search_vector` that migration 0006 adds to the proposals' and the
    organizations' tables (generated from `search_text`); the models do not declare it, so it
    is named here, on the query's own alias for the table."""

    output_field = SearchVectorField()

    def __init__(self, model: type[Proposal | Organization]):
        super().__init__()
        self.model = model

    def resolve_expression(self, query=None, *args, **kwargs):
        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        field.model = self.model
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


def _organizations_holding(
    words: Sequence[str], *, postgresql: bool
) -> QuerySet[Organization, Mapping[str, object]]:
    """Ids of the organizations whose name and acronym hold every word (on PostgreSQL,
    through the index)."""
    if postgresql:
        organizations = Organization.objects.filter(
            _Matches(_SearchVector(Organization), _tsquery(words))
        )
    else:
        organizations = Organization.objects.filter(_holding("search_text", _needles(words)))
    return organizations.order_by().values("pk")


def proposal_search(proposals: QuerySet[Proposal], q: str) -> QuerySet[Proposal]:
    """The proposals of `proposals` whose words (reference, title, texts and rows) hold every
    word of `q`, the last one as a prefix, or whose organization's name and acronym hold them
    all. Drafts are never found; a query without a letter or a digit finds nothing. The same
    proposals in the same order on PostgreSQL and SQLite.

    Ordered by relevance (the typed words found in the reference or title, then whether the
    organization's name holds them), then newest first. The rank is an alias, not a column: a
    caller that orders otherwise, like the staff list, never computes it.
    """
    return proposals_holding(proposals, search_words(q))


def proposals_holding(proposals: QuerySet[Proposal], typed: Sequence[str]) -> QuerySet[Proposal]:
    """`proposal_search` for words already folded (`search_words`)."""
    if not typed:
        return proposals.none()
    postgresql = connections[proposals.db].vendor == "postgresql"
    needles = _needles(typed)
    organizations = _organizations_holding(typed, postgresql=postgresql)
    if postgresql:
        # Through the indexes; `= ANY(ARRAY(…))`, not `IN (…)`: both sides of the OR then scan
        # an index.
        found = _Matches(_SearchVector(Proposal), _tsquery(typed)) | _EqualsAny(
            F("organization_id"), ArraySubquery(organizations)
        )
    else:
        found = _holding("search_text", needles) | Q(organization_id__in=organizations)
    in_heading = (
        Case(
            When(search_heading__contains=needle, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for needle in needles
    )
    rank = reduce(add, in_heading) + Case(
        # `IN (…)` here: PostgreSQL hashes the ids once instead of scanning an array per row.
        When(organization_id__in=organizations, then=Value(ORGANIZATION_RANK)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return (
        proposals.exclude(status=Proposal.Status.DRAFT)
        .filter(found)
        .alias(search_rank=rank)
        .order_by(F("search_rank").desc(), F("submitted_at").desc(nulls_last=True), "-pk")
    )


# --- A page of results, compiled once per shape ---------------------------------------------


def _stand_in_word(index: int) -> str:
    """The index-th stand-in word: letters only, the length of every other, and found in no
    query's SQL or parameters."""
    return f"zqxstandin{ascii_lowercase[index // 26]}{ascii_lowercase[index % 26]}"


# Shapes kept per process at most: one per number of missions, pattern of words and page.
KEPT_SHAPES = 1_000


# A kept shape: its SQL, parameters, where the ids and words go among them, and its database.
type _Statement = tuple[str, tuple, tuple[tuple[int, int | None], ...], str]


class KeptSearch:
    """A search's page of rows, compiled once per shape and run with the real ids and words.

    Building and compiling a search's queryset (the words' filter on two indexes, the rank, the
    scope) took about as long as PostgreSQL took to run it. `build(ids, words, *options)` must
    return a `values_list()` queryset in which the ids (None: no filter on them) and the words
    go to the query as parameters; its SQL may depend on how many ids there are, which words are
    equal and `options`, nothing else. Folded words hold only letters and digits, so they are
    written into the parameters as they are (in a tsquery's quotes, in a LIKE pattern: nothing
    there to escape), and replacing a stand-in word by a real one gives what the queryset would
    have been given. A last word too short to be a prefix changes the SQL: that search is built
    as it is, every time."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._statements: dict[tuple, _Statement] = {}

    def rows(self, ids: Sequence[int] | None, typed: Sequence[str], *options) -> list[tuple]:
        if len(typed[-1]) < PREFIX_MIN_LENGTH:
            return list(self.build(ids, typed, *options))
        pattern = tuple(typed.index(word) for word in typed)
        key = (None if ids is None else len(ids), pattern, options)
        statement = self._statements.get(key)
        if statement is None:
            statement = self._compile(ids, pattern, options)
            if len(self._statements) >= KEPT_SHAPES:
                self._statements.clear()
            self._statements[key] = statement
        sql, params, slots, database = statement
        if not sql:
            return []
        values = list(params)
        words = {_stand_in_word(index): typed[index] for index in set(pattern)}
        for position, index in slots:
            if index is None:
                for stand_in, word in words.items():
                    values[position] = values[position].replace(stand_in, word)
            else:
                values[position] = cast(Sequence[int], ids)[index]
        with connections[database].cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()

    def _compile(self, ids, pattern: tuple[int, ...], options: tuple) -> "_Statement":
        stand_in_ids = None if ids is None else [STAND_IN - index for index in range(len(ids))]
        queryset = self.build(stand_in_ids, [_stand_in_word(index) for index in pattern], *options)
        try:
            sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            return "", (), (), queryset.db
        words = {_stand_in_word(index) for index in pattern}
        slots: list[tuple[int, int | None]] = []
        found_ids, found_words = set(), set()
        for position, value in enumerate(params):
            if type(value) is int and stand_in_ids and value in stand_in_ids:
                slots.append((position, stand_in_ids.index(value)))
                found_ids.add(value)
            elif isinstance(value, str) and (inside := {w for w in words if w in value}):
                slots.append((position, None))
                found_words |= inside
        if found_words != words or found_ids != set(stand_in_ids or ()):
            raise ImproperlyConfigured(
                f"{self.build.__name__} must pass every id and word to the query as a value."
            )
        return sql, tuple(params), tuple(slots), queryset.db


# --- Highlighted snippets ------------------------------------------------------------------

SNIPPET_BEFORE = 60  # characters of context shown before the first match
SNIPPET_AFTER = 180  # and after it


@dataclass(frozen=True)
class SearchHeadline:
    """What a search result shows of its proposal, every match in <mark>, all else escaped."""

    title: SafeString
    organization: SafeString
    section: "StrOrPromise"  # the label of the section the snippet comes from, or ""
    snippet: SafeString


def _variants() -> dict[str, str]:
    """Each folded letter or digit → a regex class of the characters that fold to it (é, É, è…
    for e), over the Latin and full-width ranges where proposals' letters live."""
    variants: defaultdict[str, set[str]] = defaultdict(set)
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
    # html.escape, as Django's escape() and format_html() do, without their wrapping per part.
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(html_escape(text[position : match.start()]))
        parts.append(f"<mark>{html_escape(match.group())}</mark>")
        position = match.end()
    parts.append(html_escape(text[position:]))
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
    before, after = "… " if start > 0 else "", " …" if end < len(text) else ""
    return mark_safe(f"{before}{window}{after}")  # noqa: S308 -- highlight() escapes the text


@cache
def _section_label(name: str, language: str | None) -> str:
    """A text's label in a language, as a snippet names its section: asked for each result."""
    return capfirst(str(field_label(Proposal, name)))


def search_headline(
    pattern: re.Pattern, title: str, organization: str, texts: Sequence[str]
) -> SearchHeadline:
    """A result's headline: its title and organization highlighted with `highlight_pattern`'s
    `pattern`, and a snippet of the first of `texts` (TEXT_FIELDS' values, in their order)
    that holds a match."""
    section: StrOrPromise = ""
    snippet = mark_safe("")
    for name, text in zip(TEXT_FIELDS, texts, strict=True):
        if (found := _snippet(text, pattern)) is not None:
            section, snippet = _section_label(name, get_language()), found
            break
    return SearchHeadline(
        title=highlight(title, pattern),
        organization=highlight(organization, pattern),
        section=section,
        snippet=snippet,
    )


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
    return {
        proposal.pk: search_headline(
            pattern,
            proposal.display_title,
            proposal.organization.name,
            texts.get(proposal.pk) or [getattr(proposal, name) for name in TEXT_FIELDS],
        )
        for proposal in proposals
    }
