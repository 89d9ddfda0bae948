"""Migration steps that only PostgreSQL runs: its indexes with INCLUDE, partial indexes and
generated columns, which SQLite (the embedded default) has no need of or cannot express."""

from collections.abc import Callable

from django.db import migrations

Statements = list[str] | Callable[[], list[str]]


def _statements(statements: Statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements() if callable(statements) else statements:
            schema_editor.execute(statement)

    return operation


def postgresql_only(forward: Statements, backward: Statements) -> migrations.RunPython:
    """Run `forward` (undone by `backward`) on PostgreSQL, nothing on another database. Either
    may be a function giving the statements when they run (another migration's, say)."""
    return migrations.RunPython(_statements(forward), _statements(backward), elidable=False)
