from django.core.management.base import BaseCommand

from compliance.tasks import compliance_daily_task


class Command(BaseCommand):
    help = (
        "Run the daily compliance work now: statuses the calendar moved, every requirement's "
        "audience again, and the counts recounted from the assignments (what Celery beat runs "
        "each night)."
    )

    def handle(self, *args, **options):
        result = compliance_daily_task()
        self.stdout.write(
            f"Moved by the calendar: {result['moved']} · repaired: {result['repaired']} · "
            f"counts corrected: {result['recounted']}"
        )
