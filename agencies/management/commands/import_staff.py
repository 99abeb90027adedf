"""Import a staff list (XLSX or CSV) from the command line: the same service HR's screen uses."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.imports import StaffImportRefused, staff_import
from agencies.models import Agency


class Command(BaseCommand):
    help = (
        "Import staff from an XLSX or CSV file. Nothing is written while any row has an error; "
        "--dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", help="code of the agency whose full staff list the file is")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--confirm-left",
            action="store_true",
            help="mark people of --agency missing from the file as left",
        )
        parser.add_argument("--by", help="import as this user, within their HR scope")

    def handle(self, *args, file: Path, agency, dry_run, confirm_left, by, **options):
        # Operators read Vietnamese; the summary is the same text HR sees.
        with translation.override("vi"):
            self._import(file, agency, dry_run, confirm_left, by)

    def _import(self, file: Path, agency_code, dry_run, confirm_left, by_username):
        if confirm_left and not agency_code:
            raise CommandError(
                _("--confirm-left needs --agency: the agency whose full list it is.")
            )
        by = None
        if by_username:
            User = get_user_model()
            by = User.objects.filter(**{User.USERNAME_FIELD: by_username}).first()
            if by is None:
                raise CommandError(_("No user is named %(name)s.") % {"name": by_username})
        agency = None
        if agency_code:
            agency = Agency.objects.filter(code=agency_code).first()
            if agency is None:
                raise CommandError(_("No agency has the code “%(code)s”.") % {"code": agency_code})
        try:
            with file.open("rb") as handle:
                result = staff_import(
                    handle, by=by, agency=agency, dry_run=dry_run, confirm_left=confirm_left
                )
        except OSError as error:
            raise CommandError(
                _("The file cannot be opened: %(reason)s") % {"reason": error.strerror}
            ) from error
        except StaffImportRefused as error:
            raise CommandError(error.message) from error
        for error in result.errors:
            self.stderr.write(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
        summary = _(
            "New: %(created)d · updated: %(updated)d · unchanged: %(unchanged)d · "
            "rows with errors: %(errors)d"
        ) % {
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
            "errors": len({error.row for error in result.errors}),
        }
        self.stdout.write(summary)
        if result.missing:
            self.stdout.write(
                ngettext(
                    "%(count)d person of %(agency)s is not in the file:",
                    "%(count)d people of %(agency)s are not in the file:",
                    len(result.missing),
                )
                % {"count": len(result.missing), "agency": agency.code}
            )
            for person in result.missing:
                self.stdout.write(
                    f"  {person.employee_code}\t{person.full_name}\t{person.agency_code}"
                )
        if result.marked_left:
            self.stdout.write(
                ngettext(
                    "%(count)d person was marked as left.",
                    "%(count)d people were marked as left.",
                    result.marked_left,
                )
                % {"count": result.marked_left}
            )
        if result.errors:
            raise CommandError(_("Nothing was imported: correct the rows above and try again."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.missing and not confirm_left:
            self.stdout.write(_("To mark them as left, run again with --confirm-left."))
