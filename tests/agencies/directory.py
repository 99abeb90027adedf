"""A real OpenLDAP server (Debian's slapd) for the sign-on tests, started from a temporary config."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SUFFIX = "dc=hocso,dc=test"
ROOT_DN = f"cn=admin,{SUFFIX}"
# The service account HọcSố searches with; anonymous users may not read the directory at all.
READER_DN = f"cn=hocso-reader,{SUFFIX}"
READER_PASSWORD = "reader-secret"
PEOPLE = f"ou=people,{SUFFIX}"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {directory}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw root-secret
directory {directory}/db
{tls}
access to attrs=userPassword
    by anonymous auth
    by self read
    by * none
access to *
    by dn.exact="{reader_dn}" read
    by self read
    by * none
"""


TLS_CONFIG = """\
TLSCACertificateFile {directory}/ca.pem
TLSCertificateFile {directory}/server.pem
TLSCertificateKeyFile {directory}/server.key
"""


def _certificate(subject: str, key, *, issuer=None, issuer_key=None, ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]),
            critical=False,
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


def make_ca(directory: Path, *, name: str = "ca") -> tuple[Path, x509.Certificate, object]:
    """A throwaway certificate authority: its PEM file, certificate and key."""
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate(f"HocSo test LDAP CA {name}", key, ca=True)
    path = directory / f"{name}.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path, certificate, key


def _server_tls_files(directory: Path) -> None:
    _path, ca, ca_key = make_ca(directory)
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _certificate("127.0.0.1", key, issuer=ca, issuer_key=ca_key, ca=False)
    (directory / "server.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "server.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def slapd_path() -> str | None:
    """slapd lives in /usr/sbin, which a non-root PATH often lacks."""
    return shutil.which("slapd", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def person(uid: str, *, password: str, employee_number: str | None, name: str) -> str:
    """One inetOrgPerson entry as LDIF."""
    lines = [
        f"dn: uid={uid},{PEOPLE}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {name}",
        f"sn: {name.split()[0]}",
        f"userPassword: {password}",
    ]
    if employee_number is not None:
        lines.append(f"employeeNumber: {employee_number}")
    return "\n".join(lines) + "\n"


def base_ldif() -> str:
    return (
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: hocso\no: HocSo test\n\n"
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n"
        f"dn: {READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: hocso-reader\nuserPassword: {READER_PASSWORD}\n\n"
    )


class Slapd:
    """slapd on 127.0.0.1 and a free port, loaded with `ldif`; stopped by its own pid.

    With `tls`, it also offers StartTLS on `url` and answers `ldaps_url`, with a certificate for
    127.0.0.1 from its own CA (`ca_file`).
    """

    def __init__(self, ldif: str, *, tls: bool = False):
        self.binary = slapd_path()
        self.directory = Path(tempfile.mkdtemp(prefix="hocso-slapd-"))
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.ldaps_url = f"ldaps://127.0.0.1:{free_port()}" if tls else None
        self.ca_file = self.directory / "ca.pem" if tls else None
        self.process: subprocess.Popen | None = None
        (self.directory / "db").mkdir()
        if tls:
            _server_tls_files(self.directory)
        config = self.directory / "slapd.conf"
        config.write_text(
            CONFIG.format(
                directory=self.directory,
                suffix=SUFFIX,
                root_dn=ROOT_DN,
                reader_dn=READER_DN,
                tls=TLS_CONFIG.format(directory=self.directory) if tls else "",
            )
        )
        (self.directory / "entries.ldif").write_text(base_ldif() + ldif)
        # Offline load: slapadd writes the database before the server starts.
        subprocess.run(
            [
                str(Path(self.binary).with_name("slapadd")),
                "-f",
                str(config),
                "-l",
                str(self.directory / "entries.ldif"),
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        log = (self.directory / "slapd.log").open("ab")
        # -d keeps slapd in the foreground, so the pid we hold is the server's own.
        self.process = subprocess.Popen(
            [
                self.binary,
                "-f",
                str(self.directory / "slapd.conf"),
                "-h",
                " ".join(f"{url}/" for url in (self.url, self.ldaps_url) if url),
                "-d",
                "0",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"slapd did not start: {(self.directory / 'slapd.log').read_text()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test paused it
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def pause(self) -> None:
        """The server keeps its port open but answers nothing: a hung directory."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
