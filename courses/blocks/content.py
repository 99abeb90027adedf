from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .assessment import CheckQuestionBlock
from .interactive import InteractiveExerciseBlock
from .media import AudioBlock, DocumentDownloadBlock, VideoBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"


class NoteBlock(blocks.StructBlock):
    """A highlighted tip or warning inside a lesson."""

    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Warning"))],
        default="tip",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "help"
        label = _("Note")
        template = "courses/blocks/note.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Figure")
        template = "courses/blocks/figure.html"


class TableBlock(blocks.StructBlock):
    """A simple table: a header row and rows of plain-text cells (no spreadsheet editor)."""

    caption = blocks.CharBlock(label=_("Caption"), help_text=_("What the table shows."))
    header = blocks.ListBlock(blocks.CharBlock(label=_("Column heading")), label=_("Columns"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(required=False, label=_("Cell")), label=_("Row")),
        label=_("Rows"),
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False, label=_("First column names the rows")
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = "courses/blocks/table.html"

    def clean(self, value):
        value = super().clean(value)
        columns = len(value["header"])
        if any(len(row) != columns for row in value["rows"]):
            raise StructBlockValidationError(
                block_errors={
                    "rows": ValidationError(
                        _("Every row needs as many cells as there are columns (%(columns)s)."),
                        params={"columns": columns},
                    )
                }
            )
        return value


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Question or title"))
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Item")


class AccordionBlock(blocks.StructBlock):
    """Questions and answers (FAQ) that open one at a time, built on <details>."""

    heading = blocks.CharBlock(required=False, label=_("Heading"))
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "courses/blocks/accordion.html"


class CodeBlock(blocks.StructBlock):
    """A command or code sample with a copy button (static/js/code-copy.js)."""

    language = blocks.ChoiceBlock(
        choices=[
            ("text", _("Plain text")),
            ("shell", _("Command line (Linux/macOS)")),
            ("powershell", "PowerShell"),
            ("cmd", _("Command prompt (Windows)")),
            ("python", "Python"),
            ("sql", "SQL"),
            ("json", "JSON"),
        ],
        default="shell",
        label=_("Language"),
    )
    code = blocks.TextBlock(label=_("Code or command"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "code"
        label = _("Code or command")
        template = "courses/blocks/code.html"


class LawReferenceBlock(blocks.StructBlock):
    """A callout citing a legal document, e.g. Nghị định 13/2023/NĐ-CP, Điều 9."""

    document = blocks.CharBlock(
        label=_("Document number"), help_text=_("e.g. Nghị định 13/2023/NĐ-CP")
    )
    title = blocks.CharBlock(
        required=False, label=_("Document title"), help_text=_("e.g. về bảo vệ dữ liệu cá nhân")
    )
    article = blocks.CharBlock(required=False, label=_("Article"), help_text=_("e.g. Điều 9"))
    excerpt = blocks.TextBlock(required=False, label=_("Excerpt"))
    url = blocks.URLBlock(required=False, label=_("Link to the full text"))

    class Meta:
        icon = "openquote"
        label = _("Law reference")
        template = "courses/blocks/law_reference.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["excerpt"] and not value["article"]:
            errors["article"] = ValidationError(_("Say which article the excerpt quotes."))
        if value["url"] and not value["url"].startswith("https://"):
            errors["url"] = ValidationError(_("Link to the text over https://."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class BodyBlock(blocks.StreamBlock):
    """The body shared by lessons and plain pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph"), icon="pilcrow"
    )
    note = NoteBlock()
    figure = FigureBlock()
    interactive = InteractiveExerciseBlock()
    video = VideoBlock()
    audio = AudioBlock()
    document = DocumentDownloadBlock()
    table = TableBlock()
    accordion = AccordionBlock()
    code = CodeBlock()
    law_reference = LawReferenceBlock()
    check_question = CheckQuestionBlock()
