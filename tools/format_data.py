"""Rewrite curated data files in one canonical layout: `python -m tools.format_data [FILE ...]`.

Two-space indent, one key a line, short lists of plain values (opening hours, tags) on one line, coordinates
with five decimals (about a metre). One layout keeps diffs between data files readable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from demo_data import PLACES_DIR

COORDINATE_KEYS = frozenset({"lat", "lng"})


def _scalar(key: str | None, value: object) -> str:
    if key in COORDINATE_KEYS and isinstance(value, float | int):
        return f"{value:.5f}"
    return json.dumps(value, ensure_ascii=False)


def _render(value: object, depth: int = 0, key: str | None = None) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = [f'{inner}{json.dumps(k, ensure_ascii=False)}: {_render(v, depth + 1, k)}' for k, v in value.items()]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return "[" + ", ".join(_scalar(None, item) for item in value) + "]"
        return "[\n" + ",\n".join(inner + _render(item, depth + 1) for item in value) + f"\n{pad}]"
    return _scalar(key, value)


def format_text(text: str) -> str:
    return _render(json.loads(text)) + "\n"


def main(arguments: list[str]) -> int:
    paths = [Path(a) for a in arguments] or sorted(PLACES_DIR.glob("*.json"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        formatted = format_text(text)
        if formatted != text:
            path.write_text(formatted, encoding="utf-8")
            print(f"formatted {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
