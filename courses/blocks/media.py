"""Video, audio and downloadable documents in a lesson.

Media files are Wagtail documents: trainers upload them once and choose them in any lesson.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from courses.embeds import embed_src

VIDEO_EXTENSIONS = {"mp4", "webm", "m4v", "ogv"}
AUDIO_EXTENSIONS = {"mp3", "m4a", "ogg", "oga", "opus", "wav"}
CAPTION_EXTENSIONS = {"vtt"}


def _extension_error(document, allowed: set[str]) -> ValidationError | None:
    if document is None or document.file_extension.lower() in allowed:
        return None
    return ValidationError(
        _("This file type cannot be played here; use one of: %(types)s."),
        params={"types": ", ".join(sorted(allowed))},
    )


class VideoValue(blocks.StructValue):
    @property
    def embed_src(self) -> str | None:
        return embed_src(self["embed_url"]) if self["embed_url"] else None

    @property
    def mime_type(self) -> str:
        extension = self["video"].file_extension.lower() if self["video"] else ""
        return {"m4v": "video/mp4", "ogv": "video/ogg"}.get(extension, f"video/{extension}")


class VideoBlock(blocks.StructBlock):
    """An uploaded video (watched time is recorded) or an allow-listed provider's player."""

    title = blocks.CharBlock(label=_("Title"))
    video = DocumentChooserBlock(
        required=False,
        label=_("Video file"),
        help_text=_("An MP4 or WebM document. Leave empty to embed a video instead."),
    )
    embed_url = blocks.URLBlock(
        required=False,
        label=_("Video address (YouTube or Vimeo)"),
        help_text=_("The video's page address, e.g. https://www.youtube.com/watch?v=…"),
    )
    captions = DocumentChooserBlock(
        required=False,
        label=_("Captions (VTT file)"),
        help_text=_("Vietnamese captions for an uploaded video, as a WebVTT document."),
    )
    transcript = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "ol", "ul"], label=_("Transcript")
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"
        value_class = VideoValue

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value["video"]) == bool(value["embed_url"]):
            errors["video"] = ValidationError(
                _("Choose a video file or give a video address, not both.")
            )
        if value["embed_url"] and not embed_src(value["embed_url"]):
            errors["embed_url"] = ValidationError(
                _("Only YouTube and Vimeo video addresses (https) can be embedded.")
            )
        if error := _extension_error(value["video"], VIDEO_EXTENSIONS):
            errors["video"] = error
        if error := _extension_error(value["captions"], CAPTION_EXTENSIONS):
            errors["captions"] = error
        if value["captions"] and value["embed_url"]:
            errors["captions"] = ValidationError(
                _("Captions files go with uploaded videos; embedded players bring their own.")
            )
        if not value["captions"] and not value["transcript"].source.strip():
            # WCAG 2.1 1.2.2 / 1.2.3: learners who cannot hear the video need one of them.
            errors["transcript"] = ValidationError(
                _("Give a transcript or a captions file for learners who cannot hear the video.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class AudioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    audio = DocumentChooserBlock(label=_("Audio file"), help_text=_("An MP3, M4A or OGG document."))
    transcript = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul"],
        label=_("Transcript"),
        help_text=_("Required: learners who cannot hear the recording read it instead."),
    )

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "courses/blocks/audio.html"

    def clean(self, value):
        value = super().clean(value)
        if error := _extension_error(value["audio"], AUDIO_EXTENSIONS):
            raise StructBlockValidationError(block_errors={"audio": error})
        return value


class DownloadValue(blocks.StructValue):
    @property
    def file_type(self) -> str:
        return self["document"].file_extension.upper()

    @property
    def label(self) -> str:
        return self["title"] or self["document"].title


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False, label=_("Link text"), help_text=_("Defaults to the document's title.")
    )
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document_download.html"
        value_class = DownloadValue
