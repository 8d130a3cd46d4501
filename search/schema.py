"""The full-text index each database keeps beside the ``search_entry`` table.

Django's schema editor knows nothing of these: they are created by the app's migrations for
the database they run on (:class:`RunSQLOn`), and named here so that the queries in
:mod:`search.index` and the migrations agree.

PostgreSQL: two generated ``tsvector`` columns (the text as read and as blind review shows
it), each with a GIN index; PostgreSQL keeps them in step with the row. SQLite: an FTS5
table over the same two columns, reading its text from ``search_entry`` (external content),
kept in step by triggers.

A later migration that alters ``search_entry`` on SQLite makes Django rebuild the table, which
drops the triggers: such a migration must create them again (``SQLITE_TRIGGERS``) and
``rebuild`` the FTS5 table.
"""

from __future__ import annotations

from django.db import migrations

# The text-search configuration of both generated columns and of every query: English
# stemming ("hydrological" finds "hydrology"), as the Porter tokenizer does on SQLite.
PG_CONFIG = "english"
PG_COLUMNS = {"text": "text_vector", "masked": "masked_vector"}

POSTGRESQL = [
    # The texts out of line: a search reads and ranks every matching row's vector, and rows
    # narrowed to ids and vectors take a quarter fewer pages to read (bench/search.py).
    "ALTER TABLE search_entry SET (toast_tuple_target = 256)",
    "ALTER TABLE search_entry ALTER COLUMN text SET STORAGE EXTERNAL, "
    "ALTER COLUMN masked SET STORAGE EXTERNAL",
    *(
        f"ALTER TABLE search_entry ADD COLUMN {vector} tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}', {column})) STORED"
        for column, vector in PG_COLUMNS.items()
    ),
    *(
        f"CREATE INDEX search_entry_{vector} ON search_entry USING gin ({vector})"
        for vector in PG_COLUMNS.values()
    ),
]
POSTGRESQL_REVERSE = [
    *(f"ALTER TABLE search_entry DROP COLUMN {vector}" for vector in PG_COLUMNS.values()),
    "ALTER TABLE search_entry RESET (toast_tuple_target)",
    "ALTER TABLE search_entry ALTER COLUMN text SET STORAGE EXTENDED, "
    "ALTER COLUMN masked SET STORAGE EXTENDED",
]

FTS_TABLE = "search_entry_fts"
FTS_COLUMNS = ("text", "masked")  # in this order: snippet() takes the column's position

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text, masked) VALUES (new.id, new.text, new.masked);
    END""",
    f"""CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, masked)
        VALUES ('delete', old.id, old.text, old.masked);
    END""",
    f"""CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text, masked)
        VALUES ('delete', old.id, old.text, old.masked);
        INSERT INTO {FTS_TABLE}(rowid, text, masked) VALUES (new.id, new.text, new.masked);
    END""",
]
SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, masked, content='search_entry', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    *SQLITE_TRIGGERS,
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER search_entry_{suffix}" for suffix in ("ai", "ad", "au")),
    f"DROP TABLE {FTS_TABLE}",
]


class RunSQLOn(migrations.RunSQL):
    """``RunSQL`` that runs only on one database vendor ("postgresql", "sqlite")."""

    def __init__(self, vendor: str, sql: list[str], reverse_sql: list[str]):
        super().__init__(tuple(sql), tuple(reverse_sql))
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {**kwargs, "vendor": self.vendor}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Raw SQL for {self.vendor}"
