"""Create the role groups. Permissions are checked in annotations.permissions by
group membership, so the groups carry no model permissions of their own."""

from django.db import migrations

ROLE_GROUPS = ("Reviewers", "Moderators")  # annotations.permissions.ROLE_GROUPS, frozen here


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
