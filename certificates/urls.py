from django.urls import path, register_converter

from . import views
from .converters import CertificateCodeConverter

app_name = "certificates"

register_converter(CertificateCodeConverter, "certcode")

urlpatterns = [
    path("xac-thuc/", views.verify_lookup, name="verify_lookup"),
    path("xac-thuc/<certcode:code>/", views.verify, name="verify"),
    path("chung-chi/", views.my_certificates, name="mine"),
    path("chung-chi/<certcode:code>/tai-ve/", views.download, name="download"),
]
