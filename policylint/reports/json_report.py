"""``--format json``: the report context, dumped with sorted keys for stable diffs."""

from __future__ import annotations

import json
from typing import Any


def render(context: dict[str, Any], **_: Any) -> str:
    return json.dumps(context, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
