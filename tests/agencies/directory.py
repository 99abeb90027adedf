"""A real OpenLDAP server (Debian's slapd) for the sign-on tests, started from a temporary config."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

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
access to attrs=userPassword
    by anonymous auth
    by self read
    by * none
access to *
    by dn.exact="{reader_dn}" read
    by self read
    by * none
"""


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
    """slapd on 127.0.0.1 and a free port, loaded with `ldif`; stopped by its own pid."""

    def __init__(self, ldif: str):
        self.binary = slapd_path()
        self.directory = Path(tempfile.mkdtemp(prefix="hocso-slapd-"))
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        (self.directory / "db").mkdir()
        config = self.directory / "slapd.conf"
        config.write_text(
            CONFIG.format(
                directory=self.directory, suffix=SUFFIX, root_dn=ROOT_DN, reader_dn=READER_DN
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
                f"{self.url}/",
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
