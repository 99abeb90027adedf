"""The issuer's agency now lives in `agencies` (same table, renamed there): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("certificates", "0003_certificate_pending_state"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="issuer",
                    name="agency",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="agencies.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
