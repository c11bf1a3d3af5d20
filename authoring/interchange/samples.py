"""Load the sample courses into the demo organization."""
from __future__ import annotations

import os
from datetime import datetime

from sqlalchemy.orm import Session

from authoring.interchange.bundle import BundleLoader, LoadReport

# Demo accounts are for trying Toolpath locally; deployments set their own or delete them.
DEFAULT_DEMO_PASSWORD = "toolpath-demo-2026"


def demo_password() -> str:
    return os.environ.get("TOOLPATH_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def load_samples(session: Session, now: datetime) -> LoadReport:
    from sample_courses import bundle_files

    return BundleLoader(session, now, demo_password=demo_password()).load_files(bundle_files())
