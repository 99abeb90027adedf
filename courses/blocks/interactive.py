"""The "Interactive exercise" block: an installed XBlock type with its authored fields.

Only the XBlock's `Scope.content` and `Scope.settings` fields are authored here, through a form
generated from the class's field declarations; learner state lives in `learning`, keyed by the
page id and this block's stable `id`. The stored value is plain JSON:
`[{"type": "<xblock tag with _>", "value": {<field>: <json value>}, "id": …}]`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from xblock import fields as xfields
from xblock.core import XBlock

from courses.xblock_types import xblock_types

# Fields every XBlock has that trainers have no use for (names, tags, tree links).
HIDDEN_FIELDS = frozenset({"name", "tags", "parent", "children"})
AUTHORED_SCOPES = (xfields.Scope.content, xfields.Scope.settings)


def child_name(tag: str) -> str:
    """Wagtail block names are identifiers: `drag-and-drop-v2` is stored as `drag_and_drop_v2`."""
    return tag.replace("-", "_")


class JSONValueBlock(blocks.FieldBlock):
    """A list or a dictionary edited as JSON text, stored as JSON."""

    def __init__(self, kind: type, required=False, help_text=None, **kwargs):
        self.kind = kind
        self.field = forms.JSONField(
            required=required,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 8, "class": "monospace"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            value = super().clean(value)
        except ValidationError as error:
            raise ValidationError(
                _("This is not valid JSON: check quotes, commas and brackets.")
            ) from error
        if value is None:
            return value
        if self.kind is list and not isinstance(value, list):
            raise ValidationError(_('Enter a JSON list, for example ["one", "two"].'))
        if self.kind is dict and not isinstance(value, dict):
            raise ValidationError(_('Enter a JSON object, for example {"key": "value"}.'))
        return value

    def deconstruct(self):
        return ("courses.blocks.interactive.JSONValueBlock", (self.kind,), {})


def _choices(field: xfields.Field) -> list[tuple] | None:
    values = field.values
    if not isinstance(values, list | tuple) or not values:
        return None
    if all(isinstance(value, dict) and "value" in value for value in values):
        return [(value["value"], value.get("display_name", value["value"])) for value in values]
    return None


def field_block(field: xfields.Field) -> blocks.Block:
    """The Wagtail block that edits one XBlock field: a matching input, JSON for the rest."""
    options = {
        "required": False,
        "label": field.display_name or field.name,
        "help_text": field.help or "",
    }
    default = field.default
    if isinstance(field, xfields.Boolean):
        return blocks.BooleanBlock(default=bool(default), **options)
    choices = _choices(field)
    if isinstance(field, xfields.String) and choices:
        return blocks.ChoiceBlock(choices=choices, default=default, **options)
    if isinstance(field, xfields.String):
        return blocks.TextBlock(default=default or "", **options)
    if isinstance(field, xfields.Integer):
        return blocks.IntegerBlock(default=default, **options)
    if isinstance(field, xfields.Float):
        return blocks.FloatBlock(default=default, **options)
    kind = list if isinstance(field, xfields.List) else dict
    return JSONValueBlock(kind, default=default, **options)


def authored_fields(cls: type[XBlock]) -> dict[str, xfields.Field]:
    """The XBlock's content and settings fields a trainer edits, in declaration order."""
    return {
        name: field
        for name, field in cls.fields.items()
        if field.scope in AUTHORED_SCOPES and name not in HIDDEN_FIELDS
    }


def _fields_block(tag: str) -> blocks.StructBlock:
    xblock_type = xblock_types()[tag]
    children = [
        (name, field_block(field)) for name, field in authored_fields(xblock_type.cls).items()
    ]
    return blocks.StructBlock(children, label=xblock_type.label, icon="form")


class InteractiveExerciseBlock(blocks.StreamBlock):
    """Exactly one XBlock of an installed type; the learner sees it rendered by `learning`.

    The child blocks come from the `HOCSO_XBLOCK_TYPES` registry, so the definition frozen into
    migrations is this class alone: installing or removing an XBlock package needs no migration.
    """

    def __init__(self, local_blocks=None, **kwargs):
        generated = [(child_name(tag), _fields_block(tag)) for tag in xblock_types()]
        super().__init__([*generated, *(local_blocks or [])], **kwargs)

    def deconstruct(self):
        return ("courses.blocks.interactive.InteractiveExerciseBlock", (), {})

    def deconstruct_with_lookup(self, lookup):
        return self.deconstruct()

    @classmethod
    def construct_from_lookup(cls, lookup, *args, **kwargs):
        return cls(*args, **kwargs)

    class Meta:
        icon = "pick"
        label = _("Interactive exercise")
        template = "courses/blocks/interactive.html"
        min_num = 1
        max_num = 1


def exercise_content(value) -> tuple[str, dict] | None:
    """(xblock tag, authored fields) of an interactive block's value; None when it is empty.

    The tag comes back with its hyphens: the registry's key, not the Wagtail child name.
    """
    for child in value:
        tags = {child_name(tag): tag for tag in xblock_types()}
        tag = tags.get(child.block_type)
        if tag is None:
            return None
        return tag, child.block.get_prep_value(child.value)
    return None
