"""Media storage with the same rules on local disk and in an S3-compatible bucket.

Two rules hold whichever backend the settings select:

- A certificate's PDF lives under a name derived from the certificate, and writing it again (a
  retried or reconciled issuance) replaces the file: the database row keeps pointing at it.
- Any other name is never replaced: Wagtail names uploads after the uploaded file, so two trainers'
  `logo.png` would otherwise overwrite each other. The second one gets a suffixed name.
"""

from django.core.files.storage import FileSystemStorage, Storage
from storages.backends.s3 import S3Storage
from storages.utils import clean_name, get_available_overwrite_name

# Certificate.pdf's upload_to starts with this.
REPLACEABLE_PREFIX = "certificates/"


def _replaceable(name: str) -> bool:
    return name.replace("\\", "/").startswith(REPLACEABLE_PREFIX)


class MediaFileSystemStorage(FileSystemStorage):
    """Local media for one machine (`make run`, the tests without S3)."""

    def __init__(self, **kwargs):
        # Lets _save open certificate files for rewriting; other names stay unique (below).
        kwargs.setdefault("allow_overwrite", True)
        super().__init__(**kwargs)

    def is_name_available(self, name, max_length=None):
        if _replaceable(name):
            return super().is_name_available(name, max_length=max_length)
        return Storage.is_name_available(self, name, max_length=max_length)

    def get_alternative_name(self, file_root, file_ext):
        return Storage.get_alternative_name(self, file_root, file_ext)


class MediaS3Storage(S3Storage):
    """Media in a private S3-compatible bucket, for more than one node."""

    def get_default_settings(self):
        # Certificates are personal data: objects are private and any URL the storage hands out
        # is signed and short-lived. Our download view streams the file after its own permission
        # check, so nothing depends on these URLs.
        return {
            **super().get_default_settings(),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            # Signature version 4: the only one newer AWS regions and most S3 servers accept.
            "signature_version": "s3v4",
        }

    def get_available_name(self, name, max_length=None):
        name = clean_name(name)
        if _replaceable(name):
            # What S3Storage does for every name with file_overwrite on.
            return get_available_overwrite_name(name, max_length)
        return super().get_available_name(name, max_length=max_length)
