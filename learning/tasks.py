from celery import shared_task

from .idempotency import progress_posts_purge


@shared_task
def progress_posts_purge_task() -> int:
    return progress_posts_purge()
