"""Agency, LearnerProfile and AgencyRole moved to `agencies` (agencies 0001 renamed the tables):
state only. It waits for `certificates` to point its foreign key there first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0006_exercise_state_version"),
        ("agencies", "0001_initial"),
        ("certificates", "0004_issuer_agency_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AgencyRole"),
                migrations.DeleteModel(name="LearnerProfile"),
                migrations.DeleteModel(name="Agency"),
            ],
            database_operations=[],
        ),
    ]
