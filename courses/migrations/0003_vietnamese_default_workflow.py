"""Wagtail's default workflow and its task in Vietnamese.

Wagtail's migration 0048 names both after the group that may publish ("Moderators approval"):
data, not a msgid, so no catalogue translates it and the admin read "Gửi theo quy trình
Moderators approval". Only the default names are changed: a workflow someone renamed stays.
"""

from django.db import migrations

DEFAULT_NAME = "Moderators approval"
WORKFLOW_NAME = "Phê duyệt của ban biên tập"
TASK_NAME = "Ban biên tập duyệt"


def default_workflow_vietnamese(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=DEFAULT_NAME).update(
        name=WORKFLOW_NAME
    )
    apps.get_model("wagtailcore", "Task").objects.filter(name=DEFAULT_NAME).update(name=TASK_NAME)


def default_workflow_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(
        name=DEFAULT_NAME
    )
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=DEFAULT_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_quiz_feedback_and_attempt_rules"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [
        migrations.RunPython(default_workflow_vietnamese, default_workflow_english),
    ]
