"""Wagtail admin form data from block values, so tests post what the page editor posts."""

import json
import uuid

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.test.utils.form_data import rich_text

from courses.blocks.interactive import JSONValueBlock


def block_form_value(block: blocks.Block, value):
    """The nested form data the editor sends for `value` of `block` (flatten with nested_form_data)."""
    if isinstance(block, blocks.StreamBlock):
        data = {"count": str(len(value))}
        for index, (child_type, child_value) in enumerate(value):
            data[str(index)] = {
                "type": child_type,
                "value": block_form_value(block.child_blocks[child_type], child_value),
                "deleted": "",
                "order": str(index),
                "id": str(uuid.uuid4()),
            }
        return data
    if isinstance(block, blocks.ListBlock):
        data = {"count": str(len(value))}
        for index, item in enumerate(value):
            data[str(index)] = {
                "value": block_form_value(block.child_block, item),
                "deleted": "",
                "order": str(index),
                "id": str(uuid.uuid4()),
            }
        return data
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_value(child, value.get(name, child.get_default()))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value or "")
    if isinstance(block, JSONValueBlock):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    if isinstance(block, DocumentChooserBlock | ImageChooserBlock):
        return str(value.pk) if value is not None else ""
    return "" if value is None else str(value)
