"""Import past training (XLSX or CSV) from the command line: the same service HR's screen uses."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from compliance.records_import import RecordsImportRefused, records_import


class Command(BaseCommand):
    help = (
        "Import past training (completions before HọcSố) from an XLSX or CSV file. Nothing is "
        "written while any row has an error; --dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument("--by", help="import as this user, within their HR scope")

    def handle(self, *args, file: Path, dry_run, by, **options):
        # Operators read Vietnamese; the summary is the same text HR sees.
        with translation.override("vi"):
            self._import(file, dry_run, by)

    def _import(self, file: Path, dry_run: bool, by_username: str | None):
        by = None
        if by_username:
            User = get_user_model()
            by = User.objects.filter(**{User.USERNAME_FIELD: by_username}).first()
            if by is None:
                raise CommandError(_("No user is named %(name)s.") % {"name": by_username})
        try:
            with file.open("rb") as handle:
                result = records_import(handle, by=by, dry_run=dry_run, file_name=file.name)
        except OSError as error:
            raise CommandError(
                _("The file cannot be opened: %(reason)s") % {"reason": error.strerror}
            ) from error
        except RecordsImportRefused as error:
            raise CommandError(error.message) from error
        for error in result.errors:
            self.stderr.write(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        self.stdout.write(
            _("New: %(created)d · unchanged: %(unchanged)d · rows with errors: %(errors)d")
            % {
                "created": len(result.created),
                "unchanged": len(result.unchanged),
                "errors": result.error_rows,
            }
        )
        if result.errors:
            raise CommandError(_("Nothing was imported: correct the rows above and try again."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
