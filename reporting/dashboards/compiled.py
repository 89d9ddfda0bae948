"""The figures' querysets, compiled to SQL once per process and run on a plain cursor.

Building and compiling a dashboard's grouped querysets (two dozen sums, a union, subqueries)
cost more than running them: 1.8 ms for the figures by state alone, against 0.4 ms in the
database for a mission's call. Their SQL depends only on the shape of the scope (how many calls,
or every proposal) and on the active language (the catalogues' names), never on the user, so each
shape is compiled once, with stand-in call ids, and run with the real ones as parameters. The
querysets stay the single description of each figure; only their compilation is kept.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from proposals.models import Proposal

# Stand-in ids, one per call of the scope: below any primary key, so never confused with a
# parameter of the query itself (its other parameters are states, codes, names).
STAND_IN = -(2**62)


def proposals_of(call_ids: list[int] | None) -> QuerySet[Proposal]:
    """The proposals of these calls (None: every proposal): the scope every figure reads."""
    proposals = Proposal.objects.all()
    return proposals if call_ids is None else proposals.filter(call__in=call_ids)


def _stand_ins(count: int) -> list[int]:
    return [STAND_IN - index for index in range(count)]


@functools.cache
def _compiled(build: Callable, calls: int | None, *shape) -> tuple | None:
    """`build`'s SQL and parameters for a scope of `calls` calls (None: every proposal), the
    positions of the stand-in ids among the parameters, the columns' names, and the converters
    the ORM would apply to them (no-ops on PostgreSQL, whose driver already gives ints,
    Decimals and dates; SQLite needs them); None when the query can match nothing."""
    queryset = build(None if calls is None else _stand_ins(calls), *shape)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    positions = tuple(
        (position, STAND_IN - value)
        for position, value in enumerate(params)
        if type(value) is int and STAND_IN - (calls or 0) < value <= STAND_IN
    )
    query = queryset.query  # a .values() queryset: its names, as ValuesIterable reads them
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    converters = tuple(compiler.get_converters([column for column, *_ in compiler.select]).items())
    return sql, tuple(params), positions, names, converters


def rows(build: Callable[..., QuerySet], call_ids: list[int] | None, *shape) -> list[dict]:
    """The rows of `build(call_ids, *shape)` as dictionaries, as `.values()` would give them.

    `build` must be a module-level function whose `.values()` queryset depends only on its
    arguments; `shape` holds what else its SQL depends on (a time zone, the language):
    hashable values."""
    if call_ids is not None and not call_ids:
        return []
    compiled = _compiled(build, None if call_ids is None else len(call_ids), *shape)
    if compiled is None:
        return []
    sql, params, positions, names, converters = compiled
    params = list(params)
    for position, index in positions:
        params[position] = call_ids[index]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    # PostgreSQL already gives what these converters make (ints, Decimals, dates): skip them.
    if connection.vendor == "postgresql":
        return result
    for position, (functions, expression) in converters:
        name = names[position]
        for row in result:
            for function in functions:
                row[name] = function(row[name], expression, connection)
    return result
