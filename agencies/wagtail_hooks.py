from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission

from .admin_agencies import AgencyViewSet
from .admin_roles import AgencyRoleViewSet
from .admin_staff import StaffPanel, StaffViewSet, _reaches_staff


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return AgencyRoleViewSet("agency_roles")


@hooks.register("register_admin_viewset")
def register_agency_viewset():
    return AgencyViewSet("agency_tree")


@hooks.register("register_admin_viewset")
def register_staff_viewset():
    return StaffViewSet("staff")


# HR managers and agency administrators open the admin for the screens above and hold no page
# permission. What Wagtail offers everyone else in the admin is about pages: the hooks below take
# it away from people who may open no page, so they meet no screen that only refuses them.


@hooks.register("construct_homepage_panels")
def staff_panel(request, panels):
    if _reaches_staff(request.user):
        panels.append(StaffPanel())


@hooks.register("construct_main_menu")
def help_only_for_page_editors(request, menu_items):
    """Wagtail's Help menu is its editor guide (editing pages, in English) and its release notes:
    nothing in it is about the staff screens."""
    if not user_has_any_page_permission(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "help"]


@hooks.register("construct_page_chooser_queryset")
def pages_only_for_page_editors(pages, request):
    """Wagtail's page chooser answers anyone with admin access, drafts' titles included; someone
    who may edit no page has nothing to link a page from."""
    if not user_has_any_page_permission(request.user):
        return pages.none()
    return pages
