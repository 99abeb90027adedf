from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and the browser tests. Imports every app; nothing imports it."""

    name = "demo"
    verbose_name = "Demo data"
