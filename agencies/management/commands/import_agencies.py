"""Import an agency list (XLSX or CSV) from the command line: the same service as the admin."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.agency_import import AgencyImportRefused, agency_import


class Command(BaseCommand):
    help = (
        "Import agencies from an XLSX or CSV file. Nothing is written while any row has an "
        "error; --dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument("--by", help="import as this user, within their administrator scope")

    def handle(self, *args, file: Path, dry_run, by, **options):
        with translation.override("vi"):
            self._import(file, dry_run, by)

    def _import(self, file: Path, dry_run, by_username):
        by = None
        if by_username:
            User = get_user_model()
            by = User.objects.filter(**{User.USERNAME_FIELD: by_username}).first()
            if by is None:
                raise CommandError(_("No user is named %(name)s.") % {"name": by_username})
        try:
            with file.open("rb") as handle:
                result = agency_import(handle, by=by, dry_run=dry_run)
        except OSError as error:
            raise CommandError(
                _("The file cannot be opened: %(reason)s") % {"reason": error.strerror}
            ) from error
        except AgencyImportRefused as error:
            raise CommandError(error.message) from error
        for error in result.errors:
            self.stderr.write(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        self.stdout.write(
            _(
                "New: %(created)d · updated: %(updated)d · unchanged: %(unchanged)d · "
                "rows with errors: %(errors)d"
            )
            % {
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
                "errors": len({error.row for error in result.errors}),
            }
        )
        if result.errors:
            raise CommandError(_("Nothing was imported: correct the rows above and try again."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
