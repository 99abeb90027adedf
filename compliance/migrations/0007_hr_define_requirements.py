"""HR managers define training requirements: their group (agencies/0008, HOCSO_ROLE_GROUPS
["hr_manager"]) gets the permissions to add, change, delete and view them. Which requirements each
may touch is their HR role's agencies (compliance.admin_requirements); the permissions say whether
HR defines requirements at all, so a deployment can take them away from the group.

Reversing takes the permissions away from the group again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Written out rather than read from settings: a migration must do the same thing whenever it runs.
GROUP_NAME = "Cán bộ tổ chức, nhân sự"
CODENAMES = ("add_requirement", "change_requirement", "delete_requirement", "view_requirement")


def _permissions(apps):
    # Permissions are made after the last migration of a run; this one needs them now.
    config = apps.get_app_config("compliance")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="compliance", codename__in=CODENAMES
    )


def hr_may_define_requirements(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


def hr_may_not_define_requirements(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0006_exportjob"),
        ("agencies", "0008_hradmin_group"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(hr_may_define_requirements, hr_may_not_define_requirements)]
