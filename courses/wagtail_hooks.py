from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms.pages import CopyForm

from .admin_trainers import CourseTrainerViewSet
from .models import CoursePage
from .services import course_copy


@hooks.register("before_copy_page")
def copy_course_with_a_new_code(request, page):
    """Copy courses through `course_copy`: Wagtail's copy would repeat the unique course code.

    Only a valid POST for a course is taken over; Wagtail's view shows the form and its errors.
    """
    if request.method != "POST" or page.specific_class is not CoursePage:
        return None
    form = CopyForm(request.POST, user=request.user, page=page)
    if not form.is_valid():
        return None
    if form.cleaned_data.get("alias"):
        messages.error(
            request, _("A course cannot be an alias: copy it instead, it gets its own code.")
        )
        return redirect("wagtailadmin_pages:copy", page.id)
    copy = course_copy(
        course=page.specific,
        parent=form.cleaned_data["new_parent_page"],
        title=form.cleaned_data["new_title"],
        slug=form.cleaned_data["new_slug"],
        recursive=bool(form.cleaned_data.get("copy_subpages")),
        user=request.user,
    )
    messages.success(
        request,
        _("Course copied as an unpublished draft with the code %(code)s.") % {"code": copy.code},
        buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=(copy.id,)), _("Edit"))],
    )
    return redirect("wagtailadmin_explore", copy.get_parent().id)


@hooks.register("insert_editor_js")
def editor_scripts():
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("js/admin-slug.js"),
        static("js/admin-choosers.js"),
    )


@hooks.register("register_admin_viewset")
def register_course_trainer_viewset():
    return CourseTrainerViewSet("course_trainers")
