"""DigComp 2.2 (JRC, 2022): 5 competence areas and their 21 competences.

Codes are DigComp's own numbering ("4.2"), stored on courses as a list; DigComp 3.0 (Nov 2025)
keeps the same 21 competences.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DigCompArea(models.TextChoices):
    INFORMATION = "1", _("1. Information and data literacy")
    COMMUNICATION = "2", _("2. Communication and collaboration")
    CONTENT = "3", _("3. Digital content creation")
    SAFETY = "4", _("4. Safety")
    PROBLEM_SOLVING = "5", _("5. Problem solving")


COMPETENCES: dict[str, object] = {
    "1.1": _("1.1 Browsing, searching and filtering data, information and digital content"),
    "1.2": _("1.2 Evaluating data, information and digital content"),
    "1.3": _("1.3 Managing data, information and digital content"),
    "2.1": _("2.1 Interacting through digital technologies"),
    "2.2": _("2.2 Sharing through digital technologies"),
    "2.3": _("2.3 Engaging citizenship through digital technologies"),
    "2.4": _("2.4 Collaborating through digital technologies"),
    "2.5": _("2.5 Netiquette"),
    "2.6": _("2.6 Managing digital identity"),
    "3.1": _("3.1 Developing digital content"),
    "3.2": _("3.2 Integrating and re-elaborating digital content"),
    "3.3": _("3.3 Copyright and licences"),
    "3.4": _("3.4 Programming"),
    "4.1": _("4.1 Protecting devices"),
    "4.2": _("4.2 Protecting personal data and privacy"),
    "4.3": _("4.3 Protecting health and well-being"),
    "4.4": _("4.4 Protecting the environment"),
    "5.1": _("5.1 Solving technical problems"),
    "5.2": _("5.2 Identifying needs and technological responses"),
    "5.3": _("5.3 Creatively using digital technologies"),
    "5.4": _("5.4 Identifying digital competence gaps"),
}


def competence_choices() -> list[tuple[object, list[tuple[str, object]]]]:
    """The competences grouped under their area, for a grouped checkbox list."""
    return [
        (area.label, [(code, label) for code, label in COMPETENCES.items() if code[0] == area])
        for area in DigCompArea
    ]


def competence_areas(codes: list[str]) -> list[str]:
    """The area codes ("1"…"5") the competences belong to, sorted, for filtering."""
    return sorted({code.split(".")[0] for code in codes})
