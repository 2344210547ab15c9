"""`provnews settings`: every PROVNEWS_* setting, its effective value, where the value
came from (default, .env, environment) and its one line of doc."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from provnews.settings import Info, Settings, describe, shown_default

# A password in a URL (a DuckLake catalog, a share) is not printed.
_PASSWORD = re.compile(r"(?P<keep>//[^/:@\s]+:)[^@\s]+@")


def shown(value: Any) -> Any:
    """A value as JSON can hold it, with URL passwords masked; None stays None."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value) if isinstance(value, Path) else value
    return _PASSWORD.sub(r"\g<keep>***@", text)


def as_json(infos: list[Info]) -> list[dict[str, Any]]:
    return [
        {
            "name": i.name,
            "value": shown(i.value),
            "source": i.source,
            "default": i.default,
            "doc": i.doc,
        }
        for i in infos
    ]


def as_text(infos: list[Info]) -> str:
    """A row per setting (name, value, source), its doc and default indented below."""
    values = ["-" if shown(i.value) in (None, "") else str(shown(i.value)) for i in infos]
    name_w = max(len(i.name) for i in infos)
    value_w = min(60, max(len(v) for v in values))
    lines = []
    for i, value in zip(infos, values, strict=True):
        lines.append(f"{i.name:<{name_w}}  {value:<{value_w}}  {i.source}")
        default = f" (default: {i.default})" if i.default else ""
        lines.append(f"    {i.doc}{default}")
    return "\n".join(lines)


def _cell(default: str) -> str:
    """A default in code type; a default described in words stays words."""
    if not default:
        return "unset"
    return default if " " in default else f"`{default}`"


def as_markdown() -> str:
    """The README's settings table: every setting, its default and doc (no values: the
    table documents the code, not one machine)."""
    rows = ["| Setting | Default | What it sets |", "| --- | --- | --- |"]
    for f in fields(Settings):
        default = shown_default(f)
        rows.append(f"| `{f.metadata['env']}` | {_cell(default)} | {f.metadata['doc']} |")
    return "\n".join(rows) + "\n"


def cmd_settings(args: argparse.Namespace) -> int:
    if args.markdown:
        print(as_markdown(), end="")
        return 0
    infos = describe()  # ConfigError (a bad value) -> one line, exit 2, in the CLI
    if args.json:
        print(json.dumps(as_json(infos), ensure_ascii=False, indent=2))
    else:
        print(as_text(infos))
    return 0
