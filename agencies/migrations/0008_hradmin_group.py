"""The group HR managers join (HOCSO_ROLE_GROUPS["hr_manager"]): it opens the Wagtail admin, where
the staff screens are, and nothing else; what they see there is scoped by the screens themselves.

People who already hold the HR manager role join it here; later grants and revocations keep
membership in step (agencies.services._group_sync). Reversing deletes the group, and with it
every membership.
"""

from django.db import migrations

# Written out rather than read from settings: a migration must do the same thing whenever it runs.
GROUP_NAME = "Cán bộ tổ chức, nhân sự"
ROLE = "hr_manager"


def hr_group_create(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission = apps.get_model("auth", "Permission")
    role = apps.get_model("agencies", "AgencyRole")
    group, _created = group_model.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    holders = role.objects.filter(role=ROLE).values_list("user_id", flat=True).distinct()
    group.user_set.add(*holders)


def hr_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_staffadmin"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's migrations that give every group opening the admin the right to choose any
        # image and document (and to manage collections) must have run before this group exists:
        # HR has no business with either.
        ("wagtailcore", "0066_collection_management_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(hr_group_create, hr_group_delete)]
