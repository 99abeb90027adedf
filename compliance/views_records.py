"""HR's past-training import: upload, read the check, confirm. Thin: the work is in
`compliance.records_import`; every view asks `user_is_hr` first, and the import keeps to the
user's HR scope.

The checked file is kept in media storage under a random token that the user's session holds, so
the confirmation imports exactly the file that was checked; confirming twice (a double click)
imports it twice, which finds every row already there.
"""

import datetime
import logging
import re
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies.selectors import user_is_hr
from agencies.tabular import max_bytes

from .records_import import RecordsImportRefused, records_import
from .records_template import records_template_xlsx

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STORAGE_DIR = "records-imports"
SESSION_KEY = "records_imports"
# Checked files a session remembers, and how long a checked file is kept for its confirmation.
KEPT_PER_SESSION = 5
KEPT_FOR = datetime.timedelta(days=1)
# Rows and errors of the check shown on the page; the counts are always complete.
ROWS_SHOWN = 200
ERRORS_SHOWN = 1000
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class RecordsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Past training (XLSX or CSV)"),
        help_text=gettext_lazy("Download the template to see the columns the import reads."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The help text below the field names the template: read with the field's label.
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file-help"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": max_bytes() // (1024 * 1024)}
            )
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        return upload

    def file_name(self) -> str:
        """The uploaded name as shown back to HR: no control characters, at most 255."""
        return _UNSAFE_NAME.sub("", self.cleaned_data["file"].name)[:255] or "tep-tai-len"


class RecordsConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)


def _hr_only(request) -> None:
    if not user_is_hr(user=request.user):
        raise PermissionDenied


def _stored_path(user, token: str, file_name: str) -> str:
    extension = ".csv" if file_name.lower().endswith(".csv") else ".xlsx"
    return f"{STORAGE_DIR}/{user.pk}/{token}{extension}"


def _old_files_remove(user) -> None:
    """Checked files of this user older than a day: their confirmation is long abandoned."""
    folder = f"{STORAGE_DIR}/{user.pk}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - KEPT_FOR
    for name in files:
        path = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            logger.warning("Could not remove the old past-training file %s", path)


def _render(request, *, form, result=None, confirm=None, file_name="", status=200):
    rows, errors = [], []
    if result is not None:
        errors = result.errors
        rows = [(record, True) for record in result.created] + [
            (record, False) for record in result.unchanged
        ]
        rows.sort(key=lambda item: item[0].row)
    return render(
        request,
        "compliance/records_import.html",
        {
            "form": form,
            "result": result,
            "rows": rows[:ROWS_SHOWN],
            "rows_hidden": max(len(rows) - ROWS_SHOWN, 0),
            "errors": errors[:ERRORS_SHOWN],
            "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
            "confirm": confirm,
            "file_name": file_name,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def records_import_view(request):
    """Upload a file and see its check (a dry run): nothing is written here."""
    _hr_only(request)
    form = RecordsUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, form=form)
    upload = form.cleaned_data["file"]
    file_name = form.file_name()
    try:
        result = records_import(upload, by=request.user, dry_run=True, file_name=file_name)
    except RecordsImportRefused as refusal:
        form.add_error("file", refusal.message)
        return _render(request, form=form)
    confirm = None
    if not result.errors and result.created:
        # Kept for the confirmation: the import then reads exactly the file HR has checked.
        _old_files_remove(request.user)
        token = str(uuid.uuid4())
        upload.seek(0)
        default_storage.save(_stored_path(request.user, token, file_name), upload)
        kept = dict(request.session.get(SESSION_KEY, {}))
        kept[token] = file_name
        request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT_PER_SESSION:])
        confirm = RecordsConfirmForm(initial={"token": token})
    return _render(
        request, form=RecordsUploadForm(), result=result, confirm=confirm, file_name=file_name
    )


@login_required
@require_POST
def records_import_confirm(request):
    """Import the checked file. Run again (a double click), it finds every row already there."""
    _hr_only(request)
    form = RecordsConfirmForm(request.POST)
    kept = request.session.get(SESSION_KEY, {})
    token = str(form.cleaned_data["token"]) if form.is_valid() else ""
    file_name = kept.get(token) if token else None
    path = _stored_path(request.user, token, file_name) if file_name else ""
    if not path or not default_storage.exists(path):
        messages.error(request, _("The checked file is no longer available: upload it again."))
        return redirect("compliance_records:records_import")
    with default_storage.open(path, "rb") as stored:
        try:
            result = records_import(stored, by=request.user, dry_run=False, file_name=file_name)
        except RecordsImportRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("compliance_records:records_import")
    if result.errors:
        # Something changed since the check (a person moved out of scope, a course removed):
        # nothing was written, and the page says which rows.
        return _render(request, form=RecordsUploadForm(), result=result, file_name=file_name)
    messages.success(
        request,
        _(
            "Imported. New training records: %(created)d; already recorded: %(unchanged)d; "
            "people whose compliance is being updated: %(people)d."
        )
        % {
            "created": len(result.created),
            "unchanged": len(result.unchanged),
            "people": result.people,
        },
    )
    return redirect("compliance_records:records_import")


@login_required
@require_safe
def records_template(request):
    _hr_only(request)
    response = HttpResponse(records_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-qua-trinh-dao-tao.xlsx"'
    return response
