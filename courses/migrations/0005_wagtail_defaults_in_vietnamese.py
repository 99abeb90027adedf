"""Wagtail's default workflow, its task and its two groups in Vietnamese.

Wagtail's migrations create the groups "Moderators" and "Editors" and name the default workflow
and its task after the group that may publish ("Moderators approval"): data, not msgids, so no
catalogue translates them, and the admin read "Gửi theo quy trình Moderators approval" and offered
"Moderators" in the privacy dialog. Only the default names are changed: a name someone chose
stays. This runs after every Wagtail migration that finds those groups by name.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
WORKFLOW_NAME = "Phê duyệt của ban biên tập"
TASK_NAME = "Ban biên tập duyệt"
GROUP_NAMES = {"Moderators": "Ban biên tập", "Editors": "Biên tập viên"}


def _rename(apps, names: dict[str, str], workflow: tuple[str, str], task: tuple[str, str]):
    Group = apps.get_model("auth", "Group")
    for old, new in names.items():
        # A group already carrying the new name (made by hand) is left alone, as unique names need.
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=workflow[0]).update(
        name=workflow[1]
    )
    apps.get_model("wagtailcore", "Task").objects.filter(name=task[0]).update(name=task[1])


def wagtail_defaults_vietnamese(apps, schema_editor):
    _rename(apps, GROUP_NAMES, (DEFAULT_NAME, WORKFLOW_NAME), (DEFAULT_NAME, TASK_NAME))


def wagtail_defaults_english(apps, schema_editor):
    _rename(
        apps,
        {new: old for old, new in GROUP_NAMES.items()},
        (WORKFLOW_NAME, DEFAULT_NAME),
        (TASK_NAME, DEFAULT_NAME),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_lesson_blocks"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0001_squashed_0021"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(wagtail_defaults_vietnamese, wagtail_defaults_english),
    ]
