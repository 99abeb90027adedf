from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.pki import test_pki_ensure


class Command(BaseCommand):
    help = (
        "Create a local test CA and a signer key (PKCS#12) for the demo and the tests, "
        "at CERTIFICATE_SIGNER_PKCS12. Never use these keys for real certificates."
    )

    def handle(self, *args, **options):
        directory = settings.CERTIFICATE_SIGNER_PKCS12.parent
        pki = test_pki_ensure(
            directory=directory,
            organisation="Sở KH&CN tỉnh Ninh Bình (TEST)",
            signer_common_name="HọcSố test signer",
            passphrase=settings.CERTIFICATE_SIGNER_PASSPHRASE.encode(),
        )
        self.stdout.write(f"Test root: {pki.root_cert}\nSigner: {pki.signer_p12}")
