from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy


class AdministratorUnlockPolicy(BasePermissionPolicy):
    """Only administrators see lockouts, and the only change they make is lifting one.

    A lockout row holds usernames and addresses of failed sign-ins: not for HR or trainers.
    Deleting the row is the unlock; nobody creates or edits failure counts by hand.
    """

    actions = frozenset({"view", "delete"})

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in self.actions

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if self.actions.intersection(actions) else users.none()


register_permission_policy(AccessAttempt, AdministratorUnlockPolicy(AccessAttempt))


class LockoutIndexView(IndexView):
    # axes names its model "access attempts" in English only; admins look for lockouts.
    page_title = _("Sign-in lockouts")


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    index_view_class = LockoutIndexView
    icon = "lock"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    copy_view_enabled = False
    # Required by ModelViewSet even though the policy refuses adding and editing.
    form_fields = ["username"]
    list_display = [
        Column("username", label=_("Username")),
        Column("ip_address", label=_("IP address")),
        Column("failures_since_start", label=_("Failed sign-ins")),
        DateColumn("attempt_time", label=_("Last attempt")),
        Column("path_info", label=_("Sign-in page")),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")


# Admin hardening sits with the lockouts: the one app of ours that is about the admin's security.
@hooks.register("insert_global_admin_js")
def csp_safe_widget_initialisers():
    return format_html('<script src="{}"></script>', static("js/admin-widgets.js"))
