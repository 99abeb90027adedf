"""What the compliance app does when learning announces progress."""

from . import services


def on_enrollment_completed(sender, enrollment, **kwargs):
    services.record_from_enrollment(enrollment=enrollment)


def on_enrollment_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.enrollment_started(enrollment=instance)


def on_staff_changed(sender, profile_ids, **kwargs):
    """Staff records changed: their assignments follow, in the background, after the commit."""
    from django.db import transaction

    from .tasks import profiles_sync_task

    ids = sorted(set(profile_ids))
    for start in range(0, len(ids), services.CHUNK):
        chunk = ids[start : start + services.CHUNK]
        transaction.on_commit(lambda chunk=chunk: profiles_sync_task.delay(chunk))
