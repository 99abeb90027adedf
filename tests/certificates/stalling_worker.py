"""Test-only launcher: a Celery worker whose certificate issuance stalls at a chosen step.

The fault drills SIGKILL it while it stalls, which is the only reliable way to kill a worker
mid-issue. HOCSO_TEST_STALL_AT is "sign" (inside the signing step: nothing stored yet) or
"attach" (the signed PDF is stored, the row not yet attached); the worker writes the file
HOCSO_TEST_STALL_MARKER when it gets there. Production code carries no such hook.

Run: python -m tests.certificates.stalling_worker -A config worker ...
"""

import os
import sys
import time
from pathlib import Path

import django


def _stall(marker: Path, stage: str) -> None:
    marker.write_text(stage)
    time.sleep(600)


def main() -> None:
    django.setup()
    from celery.bin.celery import main as celery_main

    from certificates import services

    marker = Path(os.environ["HOCSO_TEST_STALL_MARKER"])
    stage = os.environ["HOCSO_TEST_STALL_AT"]
    if stage == "sign":
        real_sealer = services._sealer

        class StallingSealer:
            def sign(self, pdf, **kwargs):
                _stall(marker, stage)
                return real_sealer().sign(pdf, **kwargs)

        services._sealer = StallingSealer
    elif stage == "attach":
        real_attach = services._certificate_attach

        def stalling_attach(**kwargs):
            _stall(marker, stage)
            return real_attach(**kwargs)

        services._certificate_attach = stalling_attach
    else:
        raise SystemExit(f"Unknown HOCSO_TEST_STALL_AT: {stage!r}")
    sys.argv = ["celery", *sys.argv[1:]]
    celery_main()


if __name__ == "__main__":
    main()
