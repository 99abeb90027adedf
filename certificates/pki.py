"""A throwaway two-level PKI for development and tests.

Production seals come from a licensed CA (e.g. a VGCA-issued agency
certificate); this module only exists so signing can be exercised end to end
without one. Never use these keys for real certificates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# RFC 9336 id-kp-documentSigning. NSS (pdfsig) validates signers for the
# "email signer" usage, so emailProtection must stay alongside it.
_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")

# RSA rather than ECDSA because every PDF reader in use in Vietnamese
# agencies verifies RSA signatures, while ECDSA support is patchy.
_KEY_SIZE = 3072

ROOT_CERT_NAME = "root.pem"
ROOT_KEY_NAME = "root.key.pem"
SIGNER_P12_NAME = "signer.p12"


@dataclass
class TestPki:
    # Not a pytest test class despite the name.
    __test__ = False

    root_cert: Path
    signer_p12: Path


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _root_certificate(
    key: rsa.RSAPrivateKey, subject: x509.Name, now: dt.datetime, days: int
) -> x509.Certificate:
    public_key = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signer_certificate(
    *,
    signer_key: rsa.RSAPrivateKey,
    subject: x509.Name,
    root_key: rsa.RSAPrivateKey,
    root: x509.Certificate,
    now: dt.datetime,
    days: int,
) -> x509.Certificate:
    public_key = signer_key.public_key()
    root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        # A leaf must not outlive its issuer or path validation fails.
        .not_valid_after(min(now + dt.timedelta(days=days), root.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, _DOCUMENT_SIGNING]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski.value),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )


def test_pki_create(
    *,
    directory: Path,
    organisation: str,
    signer_common_name: str,
    passphrase: bytes,
    days: int = 3650,
) -> TestPki:
    """Create a root CA and a signer certificate under ``directory``.

    Writes ``root.pem`` (certificate), ``root.key.pem`` (encrypted key) and
    ``signer.p12`` (signer key and certificate plus the root), overwriting
    any existing files.
    """
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    encryption = serialization.BestAvailableEncryption(passphrase)

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
    root_cn = f"{organisation} Test Root CA"
    if len(root_cn) > 64:  # X.520 upper bound for commonName
        root_cn = "HọcSố Test Root CA"
    root = _root_certificate(root_key, _name(organisation, root_cn), now, days)
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
    signer = _signer_certificate(
        signer_key=signer_key,
        subject=_name(organisation, signer_common_name),
        root_key=root_key,
        root=root,
        now=now,
        days=days,
    )

    root_path = directory / ROOT_CERT_NAME
    p12_path = directory / SIGNER_P12_NAME
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (directory / ROOT_KEY_NAME).write_bytes(
        root_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            encryption,
        )
    )
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=signer_common_name.encode(),
            key=signer_key,
            cert=signer,
            cas=[root],
            encryption_algorithm=encryption,
        )
    )
    return TestPki(root_cert=root_path, signer_p12=p12_path)


def test_pki_ensure(
    *,
    directory: Path,
    organisation: str,
    signer_common_name: str,
    passphrase: bytes,
    days: int = 3650,
) -> TestPki:
    """Like :func:`test_pki_create`, but keep an existing PKI in ``directory``."""
    existing = TestPki(
        root_cert=directory / ROOT_CERT_NAME,
        signer_p12=directory / SIGNER_P12_NAME,
    )
    if existing.root_cert.is_file() and existing.signer_p12.is_file():
        return existing
    return test_pki_create(
        directory=directory,
        organisation=organisation,
        signer_common_name=signer_common_name,
        passphrase=passphrase,
        days=days,
    )


# The helpers' names start with "test_", so stop pytest from collecting them
# when a test module imports them.
test_pki_create.__test__ = False  # type: ignore[attr-defined]
test_pki_ensure.__test__ = False  # type: ignore[attr-defined]
