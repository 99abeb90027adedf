"""Writes over authored content that Wagtail's own actions do not cover.

Course trainers: a superuser or a moderator lets a person edit one course, with a reason kept in
the history; the course's own group carries the Wagtail permissions.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .models import CoursePage, CourseTrainer

COPY_SUFFIX = "-BANSAO"


def course_copy_code(*, code: str) -> str:
    """A free course code for a copy: "ATTT-01" → "ATTT-01-BANSAO", then "-BANSAO2"…"""
    max_length = CoursePage._meta.get_field("code").max_length
    number = 1
    while True:
        suffix = COPY_SUFFIX if number == 1 else f"{COPY_SUFFIX}{number}"
        candidate = code[: max_length - len(suffix)] + suffix
        if not CoursePage.objects.filter(code=candidate).exists():
            return candidate
        number += 1


def course_copy(
    *, course: CoursePage, parent: Page, title: str, slug: str, recursive: bool, user
) -> CoursePage:
    """Copy a course (with its lessons and quizzes when `recursive`) as an unpublished draft.

    The copy gets a new code, since codes are unique and name the course in reports and
    certificates, and stays unpublished until a trainer has adapted it and it is reviewed.
    """
    action = CopyPageAction(
        page=course,
        to=parent,
        recursive=recursive,
        update_attrs={"title": title, "slug": slug, "code": course_copy_code(code=course.code)},
        keep_live=False,
        user=user,
    )
    return action.execute().specific


# --- trainers scoped to courses ---------------------------------------------------------------

# Wagtail's "Moderators" group, renamed by migration 0005: it approves what trainers submit, and
# it decides who trains which course.
MODERATORS_GROUP = "Ban biên tập"
COURSE_GROUP_PREFIX = "Giảng viên khóa "
REASON_MAX = 255
# simple-history's change-reason column.
HISTORY_REASON_MAX = 100
# What a trainer needs beyond pages (as the demo's "Giảng viên" group): the admin, and images and
# documents, which Wagtail grants per collection.
UPLOAD_CODENAMES = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
# No publish_page: a scoped trainer's changes go live through the moderators' review.
COURSE_PAGE_CODENAMES = ("add_page", "change_page")


def course_trainers_manager(user) -> bool:
    """May `user` decide who trains which course: a superuser or a moderator."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def _may_manage(by) -> None:
    if not course_trainers_manager(by):
        raise PermissionDenied(
            _("Only the editorial board (Ban biên tập) decides who trains which course.")
        )


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if "\x00" in reason:
        raise ValidationError(_("The reason contains a character that is not allowed."))
    if not reason:
        raise ValidationError(_("Give the reason for this change: it is kept in the history."))
    return reason[:REASON_MAX]


def _history_label(instance, *, by, reason: str) -> None:
    """Who and why, read by simple-history when the row is saved or deleted."""
    instance._history_user = by
    if len(reason) > HISTORY_REASON_MAX:
        reason = reason[: HISTORY_REASON_MAX - 1] + "…"
    instance._change_reason = reason


def course_trainer_group(*, course: CoursePage) -> Group:
    """The course's own group, with what a trainer of that course needs, made on first use.

    Found through its page permission on the course rather than by name, so a course whose code
    changed keeps the group its trainers are already in.
    """
    group = (
        Group.objects.filter(page_permissions__page=course, name__startswith=COURSE_GROUP_PREFIX)
        .order_by("pk")
        .first()
    )
    if group is not None:
        return group
    group, _created = Group.objects.get_or_create(name=f"{COURSE_GROUP_PREFIX}{course.code}")
    uploads = list(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=UPLOAD_CODENAMES,
        )
    )
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *uploads,
    )
    root = Collection.get_first_root_node()
    for permission in uploads:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    for codename in COURSE_PAGE_CODENAMES:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=course,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def course_trainer_add(*, by, user, course: CoursePage, reason: str) -> CourseTrainer:
    """Let `user` edit `course` (its page and everything below it), and only through review."""
    _may_manage(by)
    if user.pk == by.pk:
        raise PermissionDenied(_("You cannot make yourself a trainer of a course."))
    if not user.is_active:
        raise ValidationError(_("This account is disabled: enable it before granting a role."))
    reason = _reason_clean(reason)
    already = ValidationError(_("This person already trains this course."))
    if CourseTrainer.objects.filter(user=user, course=course).exists():
        raise already
    trainer = CourseTrainer(user=user, course=course)
    _history_label(trainer, by=by, reason=reason)
    try:
        with transaction.atomic():
            trainer.save()
            course_trainer_group(course=course).user_set.add(user)
    except IntegrityError:  # added by someone else at the same moment
        raise already from None
    return trainer


def course_trainer_remove(*, by, trainer: CourseTrainer, reason: str) -> None:
    """End a course trainer's scope: they leave the course's group and can no longer edit it."""
    _may_manage(by)
    if trainer.user_id == by.pk:
        raise PermissionDenied(_("You cannot remove yourself from a course's trainers."))
    reason = _reason_clean(reason)
    with transaction.atomic():
        _history_label(trainer, by=by, reason=reason)
        trainer.delete()
        groups = Group.objects.filter(
            page_permissions__page_id=trainer.course_id, name__startswith=COURSE_GROUP_PREFIX
        )
        trainer.user.groups.remove(*groups)
