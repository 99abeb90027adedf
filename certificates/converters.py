# Letters and digits only, so neither a NUL byte nor a slash reaches a query or reverse() (both
# used to end in a 500). Wider than the code alphabet on purpose: a code mistyped from paper
# (O for 0, lower case) still gets the "no certificate has this code" page, not a bare 404.
CODE_PATTERN = "[A-Za-z0-9]{1,32}"


class CertificateCodeConverter:
    regex = CODE_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
