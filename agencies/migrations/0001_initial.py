"""Agency, LearnerProfile and AgencyRole move here from `learning`, rows and ids unchanged.

The tables are renamed (learning_* → agencies_*) and the models' content types relabelled, so
permissions and admin log entries that point at them follow. `learning` drops the models from its
state in its migration 0007, after `certificates` points its foreign key here (0004).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLES = {
    "agency": ("learning_agency", "agencies_agency"),
    "learnerprofile": ("learning_learnerprofile", "agencies_learnerprofile"),
    "agencyrole": ("learning_agencyrole", "agencies_agencyrole"),
}
OLD_MODELS = {"agency": "Agency", "learnerprofile": "LearnerProfile", "agencyrole": "AgencyRole"}


def _rename(apps, schema_editor, *, forward: bool):
    for name, (old, new) in TABLES.items():
        # The schema editor, not raw SQL: SQLite needs its care for tables other tables reference.
        model = apps.get_model("learning", OLD_MODELS[name])
        schema_editor.alter_db_table(model, *((old, new) if forward else (new, old)))


def tables_forward(apps, schema_editor):
    _rename(apps, schema_editor, forward=True)


def tables_backward(apps, schema_editor):
    _rename(apps, schema_editor, forward=False)


def _relabel(apps, *, source: str, target: str):
    content_type = apps.get_model("contenttypes", "ContentType")
    for name in TABLES:
        if not content_type.objects.filter(app_label=target, model=name).exists():
            content_type.objects.filter(app_label=source, model=name).update(app_label=target)


def content_types_forward(apps, schema_editor):
    _relabel(apps, source="learning", target="agencies")


def content_types_backward(apps, schema_editor):
    _relabel(apps, source="agencies", target="learning")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("learning", "0006_exercise_state_version"),
        # Every migration that creates a foreign key to the old table runs before the rename, or
        # on a fresh database it would point at a table that is gone.
        ("certificates", "0003_certificate_pending_state"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(tables_forward, tables_backward)],
            state_operations=[
                migrations.CreateModel(
                    name="Agency",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("path", models.CharField(max_length=255, unique=True)),
                        ("depth", models.PositiveIntegerField()),
                        ("numchild", models.PositiveIntegerField(default=0)),
                        (
                            "code",
                            models.CharField(
                                help_text="Mã đơn vị: used in certificate numbers and imports.",
                                max_length=32,
                                unique=True,
                                verbose_name="agency code",
                            ),
                        ),
                        ("name", models.CharField(max_length=255, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("province", "Province"),
                                    ("department", "Department (sở)"),
                                    ("division", "Division (phòng)"),
                                    ("commune", "Commune / ward"),
                                    ("unit", "Public service unit"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                    ],
                    options={"verbose_name": "agency", "verbose_name_plural": "agencies"},
                ),
                migrations.CreateModel(
                    name="LearnerProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        (
                            "birth_date",
                            models.DateField(blank=True, null=True, verbose_name="date of birth"),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("can_bo", "Cadre (cán bộ)"),
                                    ("cong_chuc", "Civil servant (công chức)"),
                                    ("vien_chuc", "Public employee (viên chức)"),
                                    ("nguoi_lao_dong", "Contract staff (người lao động)"),
                                ],
                                max_length=16,
                                verbose_name="category",
                            ),
                        ),
                        (
                            "position",
                            models.CharField(blank=True, max_length=150, verbose_name="position"),
                        ),
                        (
                            "employee_code",
                            models.CharField(max_length=32, unique=True, verbose_name="employee code"),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="agencies.agency",
                                verbose_name="agency",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "learner profile",
                        "verbose_name_plural": "learner profiles",
                    },
                ),
                migrations.CreateModel(
                    name="AgencyRole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[("hr_manager", "HR manager")],
                                max_length=16,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="agencies.agency",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agency_roles",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agency role",
                        "verbose_name_plural": "agency roles",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "agency", "role"), name="uniq_agency_role"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
