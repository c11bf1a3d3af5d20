"""The sample courses: YAML bundles listed in index.yaml (see README.md for the format)."""
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def bundle_files() -> list[Path]:
    index = yaml.safe_load((HERE / "index.yaml").read_text(encoding="utf-8"))
    return [HERE / name for name in index["files"]]
