"""HR's compliance screens for one person (compliance.views_hr). Their own namespace: the HR
report and its exports are `compliance.urls`."""

from django.urls import path

from . import views_hr

app_name = "compliance_hr"

urlpatterns = [
    path("quan-ly/tuan-thu/nguoi/<int:pk>/", views_hr.person_compliance, name="person"),
    path(
        "quan-ly/tuan-thu/giao/<int:pk>/gia-han/",
        views_hr.assignment_extend,
        name="assignment_extend",
    ),
    path(
        "quan-ly/tuan-thu/giao/<int:pk>/mien/", views_hr.assignment_exempt, name="assignment_exempt"
    ),
]
