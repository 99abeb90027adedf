"""The Wagtail admin screen for course trainers: who may edit which course.

Only superusers and the editorial board (moderators) see it. Adding and removing go through
`courses.services`, which check the caller again and record who and why; a row is never edited
in place (remove it and add another).
"""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import CoursePage, CourseTrainer
from .services import REASON_MAX, course_trainer_add, course_trainer_remove, course_trainers_manager


def _manages(user) -> bool:
    """Read once per request (cached on the user object, which lives as long as the request)."""
    allowed = getattr(user, "_hocso_course_trainers_manager", None)
    if allowed is None:
        allowed = course_trainers_manager(user)
        user._hocso_course_trainers_manager = allowed
    return allowed


class CourseTrainerPermissionPolicy(BasePermissionPolicy):
    """Add, view and delete (remove) for superusers and moderators; never change."""

    def user_has_permission(self, user, action):
        return action in {"add", "view", "delete"} and _manages(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in {"view", "delete"} or not _manages(user):
            return False
        return not (action == "delete" and instance.user_id == user.pk)

    def instances_user_has_permission_for(self, user, action):
        if action not in {"view", "delete"} or not _manages(user):
            return CourseTrainer.objects.none()
        return CourseTrainer.objects.all()


register_permission_policy(
    CourseTrainer, CourseTrainerPermissionPolicy(CourseTrainer), exact_class=True
)


def _reasons_refused(form, error) -> None:
    """A service's refusal (not a manager, oneself, twice) shown as a form error."""
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    for message in messages:
        form.add_error(None, message)


class CourseTrainerAddForm(WagtailAdminModelForm):
    person = forms.CharField(
        label=_("Person"),
        max_length=150,
        help_text=_("Their username."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea)

    class Meta:
        model = CourseTrainer
        fields = ["course"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.order_by("code")
        self.fields["course"].label_from_instance = lambda course: f"{course.code} · {course.title}"

    def clean_person(self):
        username = "".join(self.cleaned_data["person"].split())
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise ValidationError(_("No one has this username."))
        return person


class CourseTrainerCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return course_trainer_add(
            by=self.request.user, user=data["person"], course=data["course"], reason=data["reason"]
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            _reasons_refused(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return _("%(person)s now trains %(course)s.") % {
            "person": instance.user,
            "course": instance.course.code,
        }


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea)


class CourseTrainerDeleteView(generic.DeleteView):
    form_class = RemoveForm
    template_name = "admin/confirm_with_reason.html"
    confirm_label = _("Yes, remove")
    page_title = _("Remove a course trainer")
    success_message = _("%(model_name)s '%(object)s' removed.")

    def get_object(self, queryset=None):
        found = getattr(self, "object", None)
        if found is None:
            found = (
                CourseTrainer.objects.select_related("user", "course")
                .filter(pk=self.kwargs["pk"])
                .first()
            )
        if found is None:
            raise Http404
        return found

    def get_form_kwargs(self):
        # Django's DeleteView binds the form to the object; ours is a plain form.
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    @property
    def confirmation_message(self):
        return _(
            "Remove this trainer from the course? They can no longer edit it; the history keeps "
            "who trained it and why it ended."
        )

    def form_valid(self, form):
        try:
            course_trainer_remove(
                by=self.request.user, trainer=self.object, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            _reasons_refused(form, error)
            return self.form_invalid(form)
        flash.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())


class CourseTrainerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CourseTrainer.objects.select_related("user", "course")


class CourseTrainerViewSet(ModelViewSet):
    model = CourseTrainer
    icon = "user"
    menu_label = _("Course trainers")
    menu_order = 620
    add_to_admin_menu = True
    url_prefix = "giang-vien-khoa-hoc"
    form_class = CourseTrainerAddForm
    index_view_class = CourseTrainerIndexView
    add_view_class = CourseTrainerCreateView
    delete_view_class = CourseTrainerDeleteView
    inspect_view_enabled = False
    # Wagtail's copy view would save its form directly: no reason, no history, no group.
    copy_view_enabled = False
    list_display = ["user", "course", "created_at"]
    list_filter = ["course"]
    search_fields = ["user__username", "course__title", "course__code"]
    ordering = ["course__code", "user__username"]

    def get_form_class(self, for_update=False):
        return CourseTrainerAddForm
