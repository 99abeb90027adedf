from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("xac-thuc/", views.verify_lookup, name="verify_lookup"),
    path("xac-thuc/<str:code>/", views.verify, name="verify"),
    path("chung-chi/", views.my_certificates, name="mine"),
    path("chung-chi/<str:code>/tai-ve/", views.download, name="download"),
]
