"""exporters/ is a pure library: lxml and the standard library, never Flask, SQLAlchemy or the app."""
from __future__ import annotations

import subprocess
import sys


def test_the_codec_imports_no_web_or_database_code():
    code = ("import sys, exporters.common_cartridge, exporters.model; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'flask', 'sqlalchemy', 'authoring', 'lti', 'werkzeug', 'marshmallow'}); print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
