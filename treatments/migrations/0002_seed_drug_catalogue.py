from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from treatments.catalogue import CATALOGUE


def seed(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Drug = apps.get_model("treatments", "Drug")
    for entry in CATALOGUE:
        Drug.objects.update_or_create(
            name=entry.name,
            defaults={
                "drug_class": entry.drug_class,
                "usual_line": entry.usual_line,
                "default_unit": entry.default_unit,
            },
        )


def unseed(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Drug = apps.get_model("treatments", "Drug")
    Drug.objects.filter(name__in=[entry.name for entry in CATALOGUE], courses=None).delete()


class Migration(migrations.Migration):
    dependencies = [("treatments", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
