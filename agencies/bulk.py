"""Writing thousands of new rows at once, as a staff import does."""

from django.db import connection


def bulk_insert(model, objs: list, *, key: str) -> None:
    """Insert `objs` and give them their primary keys, as `bulk_create` does.

    On PostgreSQL the rows go through COPY, which psycopg feeds in C: `bulk_create` has psycopg
    quote every value in Python, the largest part of the writes of a 20,000-row import. Elsewhere
    (SQLite) it is `bulk_create`. `key` names a unique field the new keys are read back by.
    """
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for obj in objs:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
            )
    keys = dict(
        model._default_manager.filter(
            **{f"{key}__in": [getattr(obj, key) for obj in objs]}
        ).values_list(key, "pk")
    )
    for obj in objs:
        obj.pk = keys[getattr(obj, key)]
        obj._state.adding = False
        obj._state.db = connection.alias
