"""Requests per minute, counted in the shared cache: per token's user, and per address for the
public schema.

DRF's throttles copy the rates once, when the module is imported; these read them on every
request, so a changed setting (a test's override, a reloaded configuration) takes effect.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
