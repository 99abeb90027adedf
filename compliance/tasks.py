"""Compliance work done in the background: after staff changes, and once a day."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from . import export_jobs, reminders, services, snapshots
from .models import Requirement

RETRY = {"autoretry_for": (OSError, DatabaseError), "retry_backoff": True, "max_retries": 5}


@shared_task(acks_late=True, **RETRY)
def profiles_sync_task(profile_ids: list[int]) -> dict[str, int]:
    """Bring these people's assignments up to date; running it twice changes nothing more."""
    return services.profiles_sync(profile_ids).__dict__


@shared_task(acks_late=True, **RETRY)
def requirement_sync_task(requirement_id: int) -> dict[str, int]:
    """Assign a requirement created or changed to everyone its audience holds."""
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    return services.requirement_sync(requirement).__dict__ if requirement else {}


@shared_task(acks_late=True, **RETRY)
def compliance_daily_task() -> dict[str, int]:
    """The day's calendar changes (due soon, overdue, windows opening), then the repair: every
    requirement's audience and statuses again, and the counts recounted from the assignments."""
    moved = services.due_changes_apply()
    repaired = services.SyncResult()
    for requirement in Requirement.objects.order_by("pk"):
        repaired += services.requirement_sync(requirement)
    wrong = services.counts_rebuild()
    return {
        "moved": moved.changed,
        "repaired": repaired.created + repaired.changed,
        "recounted": wrong,
    }


@shared_task(acks_late=True, **RETRY)
def reminders_daily_task() -> dict[str, int]:
    """Today's reminder digests; each person's and each manager's is claimed before it is sent,
    so a retry or a second run the same day sends only what was not sent yet."""
    return reminders.reminders_send()


@shared_task(acks_late=True, **RETRY)
def snapshot_month_task(today: str | None = None) -> int | None:
    """On the month's last day, keep its compliance figures (beat runs it on days 28-31);
    `today` (ISO date) only for running it by hand. Returns the snapshot's id, if taken."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    snapshot = snapshots.snapshot_month_end(today=day)
    return snapshot.pk if snapshot else None


@shared_task(acks_late=True, **RETRY)
def export_run_task(job_id: str) -> str | None:
    """Make one export file; run again after a crash, it writes the file again from the start."""
    job = export_jobs.export_job_run(job_id)
    return job.status if job else None


@shared_task(acks_late=True, **RETRY)
def export_cleanup_task() -> int:
    """Delete export files and their jobs past their keeping date (7 days)."""
    return export_jobs.exports_expired_delete()


@shared_task(acks_late=True, **RETRY)
def report_subscriptions_task() -> int:
    """Queue the scheduled reports due today; each period is claimed before its report is made,
    so a second run the same day sends nothing."""
    return export_jobs.subscriptions_send()
