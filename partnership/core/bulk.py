"""Fast insertion of many rows, for bulk loads (the demo registry, the corporation master).

``QuerySet.bulk_create`` compiles every value of every row through the SQL compiler, which costs
more than the database itself once rows number in the hundreds of thousands. These helpers keep
Django's field conversions (so datetimes, dates and JSON are stored exactly as the ORM stores
them) but send the rows on the engine's bulk path: ``COPY … FROM STDIN`` on PostgreSQL,
``executemany`` of one prepared INSERT on SQLite.

Primary keys are assigned by the caller (see :func:`reserve_ids`) so that related rows can be
written in the same pass without reading keys back; :func:`reset_sequences` must then be called
so that the ORM's next ``INSERT`` does not collide. Both are meant for a single loader running
alone (a management command), not for concurrent web requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models

# Fields whose Python value is already what the driver wants (None included).
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.ForeignKey,
)


def _converter(field: models.Field[Any, Any], using: str) -> Callable[[Any], Any] | None:
    if isinstance(field, _PLAIN_FIELDS):
        return None
    connection = connections[using]
    if type(field) is models.DateField:
        # The common case of a loader's dates, without the field's generic (and, over millions
        # of values, costly) preparation; anything else than a date goes the usual way.
        adapt = connection.ops.adapt_datefield_value

        def convert_date(value: Any) -> Any:
            if type(value) is dt.date:
                return adapt(value)
            return None if value is None else field.get_db_prep_save(value, connection)

        return convert_date

    def convert(value: Any) -> Any:
        return None if value is None else field.get_db_prep_save(value, connection)

    return convert


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert ``rows`` (tuples of Python values in the order of ``columns``, which are field
    names or attnames such as ``company_id``) into ``model``'s table; return the row count.

    Columns left out get their field's default (the same value for every row); ``auto_now``
    and ``save()`` logic do not run. Database constraints still apply and raise Django's
    ``IntegrityError`` as the ORM would.
    """
    fields: list[Any] = [model._meta.get_field(name) for name in columns]
    given = {f.attname for f in fields}
    missing = [
        f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key
    ]
    defaults = [f.get_default() for f in missing]
    fields += missing
    converters = [_converter(f, using) for f in fields]
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)

    # Only the columns that need a conversion are touched (most need none).
    active = [(index, convert) for index, convert in enumerate(converters) if convert is not None]
    width = len(fields)

    def prepared() -> Iterable[Sequence[Any]]:
        for row in rows:
            values = [*row, *defaults]
            if len(values) != width:
                raise ValueError(f"a row has {len(row)} values for {len(columns)} columns")
            for index, convert in active:
                values[index] = convert(values[index])
            yield values

    count = 0
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            batch: list[Sequence[Any]] = []
            for row in prepared():
                batch.append(row)
                if len(batch) >= 10_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def reserve_ids(model: type[models.Model], count: int, *, using: str = DEFAULT_DB_ALIAS) -> range:
    """The next ``count`` integer primary keys after the largest one in use."""
    largest = model._default_manager.using(using).aggregate(m=models.Max("pk"))["m"] or 0
    return range(largest + 1, largest + 1 + count)


def reset_sequences(*model_list: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> None:
    """Move each table's id sequence past the keys written by :func:`insert_rows` (PostgreSQL;
    SQLite's rowid needs nothing)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
