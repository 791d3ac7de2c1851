"""Reading the project's YAML files (taxonomy, gazetteer, register mappings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


def read_yaml(path: Path) -> Any:
    """The parsed content of a UTF-8 YAML file; ValueError naming the file when it is not
    valid YAML."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: not valid YAML: {e}") from e
