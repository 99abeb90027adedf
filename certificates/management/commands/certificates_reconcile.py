from datetime import timedelta

from django.core.management.base import BaseCommand

from certificates.services import certificates_reconcile


class Command(BaseCommand):
    help = (
        "Issue the certificates of completed enrollments that have none yet: no certificate "
        "row (broker down, issuer missing) or one stuck pending (worker killed). Celery beat "
        "runs the same sweep every CERTIFICATE_RECONCILE_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the enrollments, issue nothing."
        )
        parser.add_argument(
            "--pending-older-than",
            type=int,
            metavar="MINUTES",
            help="Retry pending certificates reserved this long ago (default: the setting "
            "CERTIFICATE_PENDING_GRACE_MINUTES).",
        )

    def handle(self, *args, dry_run, pending_older_than, **options):
        grace = timedelta(minutes=pending_older_than) if pending_older_than is not None else None
        result = certificates_reconcile(dry_run=dry_run, pending_older_than=grace)
        if dry_run:
            for enrollment_id in result.due:
                self.stdout.write(f"Would issue: enrollment {enrollment_id}")
            self.stdout.write(f"{len(result.due)} certificates due (dry run, nothing issued).")
            return
        for certificate in result.issued:
            self.stdout.write(
                f"Issued {certificate.number} ({certificate.code}) for enrollment "
                f"{certificate.enrollment_id}"
            )
        for enrollment_id in result.waiting_for_issuer:
            self.stdout.write(f"Waiting for a default issuer: enrollment {enrollment_id}")
        for enrollment_id in result.failed:
            self.stderr.write(f"Failed (see the log; retried next run): enrollment {enrollment_id}")
        self.stdout.write(
            f"{len(result.issued)} issued, {len(result.waiting_for_issuer)} waiting for an "
            f"issuer, {len(result.failed)} failed."
        )
