"""On PostgreSQL, refuse UPDATE and DELETE on the security log in the database itself.

SQLite gets no trigger: the test suite's flush of transactional tests deletes rows there,
and the model and its queryset already refuse changes through the app.
"""

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_securityevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the security log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_securityevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_securityevent
    FOR EACH ROW EXECUTE FUNCTION accounts_securityevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_securityevent_append_only ON accounts_securityevent;
DROP FUNCTION IF EXISTS accounts_securityevent_refuse_change();
"""


def create_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
