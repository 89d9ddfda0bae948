"""Querysets compiled to SQL once per process and run again with new values: prepared statements
on Python's side (issue 20).

Building a queryset and compiling it (joins, select_related's columns, the scoping filters) cost
more than the database took to run it: 4 ms for a proposal and its call, mission, organization,
screening and decision, against 0.3 ms in PostgreSQL. A hot read whose SQL depends only on the
number of values it is given (not on the values) is written once as a module-level function of
ids, decorated with `@prepared`; the first call of each shape builds it with stand-in ids,
compiles it and keeps the compiler; every later call runs the kept SQL with the real ids and
builds the instances (select_related's too) and prefetches as the queryset itself would.

The queryset stays the one description of the read; only its compilation is kept. The SQL may
also depend on the active language (modeltranslation's rewriting), which is part of each shape's
key, and on the database, which is the process's one (the queryset's own alias).
"""

import copy
import functools
from collections.abc import Callable, Collection, Hashable
from typing import Any, cast

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ImproperlyConfigured
from django.db import connections
from django.db.models import (
    ForeignKey,
    ManyToOneRel,
    Model,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql import Query
from modeltranslation.utils import get_language as translation_language

# Stand-in ids, far below any primary key, so never confused with another parameter of the query
# (states, codes, dates).
STAND_IN = -(2**62)
_STAND_INS_PER_ARGUMENT = 2**20


class _BoundQuery(Query):
    """The kept query, handing its iterator the kept compiler bound to this call's values."""

    bound_compiler: Any = None

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.bound_compiler


class _Statement:
    """One shape of a prepared read: its queryset built with stand-ins, its compiler and SQL, and
    where each stand-in stands among the parameters."""

    def __init__(self, queryset: QuerySet, stand_ins: dict[int, tuple[int, int | None]]):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql, params = "", ()
        self.params = tuple(params)
        # What the builder asked to prefetch: `prefetch` reads it after the rows.
        self.lookups = tuple(getattr(queryset, "_prefetch_related_lookups", ()))
        # The converters of its columns, which Django would look up again for every run.
        columns = [column for column, *_ in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns) if self.sql else {}
        # (position among the parameters, argument, index in that argument's values, the type
        # the value is given as: a plain int, or the driver's Int2 / Int4 of a small column)
        self.slots = tuple(
            (position, *stand_ins[int(value)], type(value))
            for position, value in enumerate(self.params)
            if isinstance(value, int) and not isinstance(value, bool) and value in stand_ins
        )
        if self.sql and {slot[1:3] for slot in self.slots} != set(stand_ins.values()):
            raise ImproperlyConfigured(
                "A prepared read must pass each of its arguments to the query as a value: "
                f"{queryset.model.__name__}'s read used one in Python or not at all."
            )

    def run(self, arguments: tuple) -> QuerySet:
        """The kept queryset, bound to these values, not evaluated yet."""
        params = list(self.params)
        for position, argument, index, given_as in self.slots:
            value = arguments[argument] if index is None else arguments[argument][index]
            params[position] = value if given_as is int else given_as(value)
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[self.queryset.db]
        sql = self.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        converters = self.converters
        compiler.get_converters = lambda expressions: converters
        query = cast(_BoundQuery, copy.copy(self.queryset.query))
        query.__class__ = _BoundQuery
        query.bound_compiler = compiler
        queryset: Any = self.queryset.all()  # a copy, not evaluated
        iterable = queryset._iterable_class
        queryset.query = query
        queryset._iterable_class = iterable  # the setter makes a values_list() give dicts
        queryset._prefetch_related_lookups = ()  # done by `prefetch`, compiled once too
        return queryset


class Prepared[M: Model]:
    """A read decorated with `@prepared`: call `.list(...)` or `.get(...)` with its arguments."""

    def __init__(self, build: Callable[..., QuerySet[M]]):
        self.build = build
        self.__doc__ = build.__doc__
        self._statements: dict[tuple, _Statement] = {}

    def _shape(self, arguments: tuple) -> tuple:
        return tuple(None if type(value) is int else len(value) for value in arguments)

    def _statement(self, arguments: tuple, options: dict) -> _Statement:
        shape = self._shape(arguments)
        key = (shape, tuple(sorted(options.items())), translation_language())
        statement = self._statements.get(key)
        if statement is None:
            stand_ins: dict[int, tuple[int, int | None]] = {}
            built_with: list[int | list[int]] = []
            for argument, size in enumerate(shape):
                base = STAND_IN - argument * _STAND_INS_PER_ARGUMENT
                if size is None:
                    stand_ins[base] = (argument, None)
                    built_with.append(base)
                else:
                    values = [base - index for index in range(size)]
                    stand_ins.update({value: (argument, i) for i, value in enumerate(values)})
                    built_with.append(values)
            statement = _Statement(self.build(*built_with, **options), stand_ins)
            self._statements[key] = statement
        return statement

    def list(self, *arguments: int | Collection[int], **options: Hashable) -> list[M]:
        """The instances the built queryset would give for these ids, its prefetches done.
        `options` go to the builder as they are: each of their values is a shape of its own."""
        values = tuple(value if isinstance(value, int) else sorted(value) for value in arguments)
        statement = self._statement(values, options)
        if not statement.sql:
            return []
        found = list(statement.run(values))
        prefetch(found, *statement.lookups)
        return found

    def get(self, *arguments: int | Collection[int], **options: Hashable) -> M | None:
        """The one instance for these ids, or None."""
        found = self.list(*arguments, **options)
        if len(found) > 1:
            raise ValueError(f"{self.build.__name__} found {len(found)} rows, not one.")
        return found[0] if found else None


def prepared[M: Model](build: Callable[..., QuerySet[M]]) -> Prepared[M]:
    """Keep the compiled SQL of `build`, a function of ids (ints, or collections of them: their
    number is part of the shape) and of keyword options (hashable: each value is a shape),
    returning a queryset whose SQL depends on nothing else."""
    return Prepared(build)


def prefetch(instances: list[Model], *lookups) -> None:
    """`prefetch_related_objects(instances, *lookups)`, with the rows of each reverse foreign key
    named plainly (a proposal's "budget_lines"), or through a foreign key already joined by
    `select_related` (an agreement's "budget__lines"), or by a `Prefetch` whose queryset only
    joins more rows (`select_related`), read by a statement compiled once per process; other
    lookups go to Django's own."""
    if not instances or not lookups:
        return
    model = type(instances[0])
    others = []
    for lookup in lookups:
        if _prefetch_through_joined(instances, lookup):
            continue
        name, related = _plain_lookup(lookup)
        relation = _reverse_foreign_key(model, name) if related is not None else None
        if relation is None:
            others.append(lookup)
            continue
        field = relation.field
        children: dict[Any, list[Model]] = {instance.pk: [] for instance in instances}
        read = _children_of(model, name, related)
        for child in read.list([instance.pk for instance in instances]):
            children[getattr(child, field.attname)].append(child)
        for instance in instances:
            rows = children[instance.pk]
            for child in rows:
                field.set_cached_value(child, instance)
            # What Django's prefetch leaves: the relation's queryset, already evaluated.
            queryset = getattr(instance, name).get_queryset()
            queryset._result_cache = rows
            queryset._prefetch_done = True
            caches = instance.__dict__.setdefault("_prefetched_objects_cache", {})
            caches[field.remote_field.cache_name] = queryset
    if others:
        prefetch_related_objects(instances, *others)


def _prefetch_through_joined(instances: list[Model], lookup) -> bool:
    """Prefetch "relation__rest" on the objects of a forward foreign key every instance already
    holds (joined by select_related); False when the lookup is not of that kind."""
    if not isinstance(lookup, str) or LOOKUP_SEP not in lookup:
        return False
    head, rest = lookup.split(LOOKUP_SEP, 1)
    try:
        field = type(instances[0])._meta.get_field(head)
    except FieldDoesNotExist:
        return False
    if not isinstance(field, ForeignKey) or not all(field.is_cached(i) for i in instances):
        return False
    targets = {id(target): target for i in instances if (target := field.get_cached_value(i))}
    if targets:
        prefetch(list(targets.values()), rest)
    return True


def _plain_lookup(lookup) -> tuple[str, tuple[str, ...] | None]:
    """A lookup's relation name and the relations its rows are read with; None for those when
    a `Prefetch`'s queryset does more than join rows (filters, orders, stores elsewhere)."""
    if isinstance(lookup, str):
        return lookup, ()
    if not isinstance(lookup, Prefetch) or lookup.to_attr or lookup.queryset is None:
        return str(getattr(lookup, "prefetch_to", lookup)), None
    query = lookup.queryset.query
    plain = (
        not query.where
        and not query.order_by
        and not query.annotations
        and not query.distinct
        and query.low_mark == 0
        and query.high_mark is None
        and query.deferred_loading == (frozenset(), True)
        and isinstance(query.select_related, dict)
        and not lookup.queryset._prefetch_related_lookups
    )
    if not plain:
        return lookup.prefetch_to, None
    return lookup.prefetch_to, tuple(_joined_paths(query.select_related))


def _joined_paths(select_related: dict, prefix: str = ""):
    for name, deeper in select_related.items():
        path = f"{prefix}{name}"
        if deeper:
            yield from _joined_paths(deeper, path + LOOKUP_SEP)
        else:
            yield path


def _reverse_foreign_key(model: type[Model], lookup: str) -> ManyToOneRel | None:
    if LOOKUP_SEP in lookup:
        return None
    try:
        relation = model._meta.get_field(lookup)
    except FieldDoesNotExist:
        return None
    if (
        type(relation) is not ManyToOneRel
        or relation.field.remote_field.get_accessor_name() != lookup
    ):
        return None
    return relation


@functools.cache
def _children_of(model: type[Model], lookup: str, related: tuple[str, ...] = ()) -> Prepared:
    """The prepared read of the rows of `model`'s reverse foreign key `lookup`, for some parents,
    in the order of the relation's manager, joined to their `related` rows."""
    relation = cast(ManyToOneRel, model._meta.get_field(lookup))  # `prefetch` checked it
    field, children = relation.field, relation.related_model

    def build(parent_ids):
        rows = children._default_manager.filter(**{f"{field.name}__in": parent_ids})
        return rows.select_related(*related) if related else rows

    build.__name__ = f"{model.__name__}.{lookup}"
    return Prepared(build)


def attach[R: Model](rows: list[R], name: str, instance: Model) -> list[R]:
    """The rows read for `instance`, each with its foreign key `name` already set to it, as the
    instance's related manager would leave them (no query when a page follows it back)."""
    if rows:
        field = cast(ForeignKey, type(rows[0])._meta.get_field(name))
        for row in rows:
            field.set_cached_value(row, instance)
    return rows
