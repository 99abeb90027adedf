from wagtail import hooks

from .admin_agencies import AgencyViewSet
from .admin_roles import AgencyRoleViewSet
from .admin_staff import StaffViewSet


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return AgencyRoleViewSet("agency_roles")


@hooks.register("register_admin_viewset")
def register_agency_viewset():
    return AgencyViewSet("agency_tree")


@hooks.register("register_admin_viewset")
def register_staff_viewset():
    return StaffViewSet("staff")
