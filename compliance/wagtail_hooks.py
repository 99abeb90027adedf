from wagtail import hooks

from .admin_requirements import ComplianceViewSetGroup


@hooks.register("register_admin_viewset")
def register_compliance_viewsets():
    return ComplianceViewSetGroup()
