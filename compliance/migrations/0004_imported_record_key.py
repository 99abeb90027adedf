"""Imported past training gets a key (its course, or its training's name as compared), unique per
person and date, so importing a file twice, even from two requests at once, records it once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("compliance", "0003_reminders_snapshots")]

    operations = [
        migrations.AddField(
            model_name="trainingrecord",
            name="import_key",
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddConstraint(
            model_name="trainingrecord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", "imported")),
                fields=("profile", "import_key", "completed_on"),
                name="uniq_imported_record",
            ),
        ),
    ]
