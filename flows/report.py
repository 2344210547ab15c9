"""Summaries of a run for people: a markdown table (Prefect artifact) and a rich table (CLI)."""

from __future__ import annotations

from typing import Any

COLUMNS = ("pages", "new", "updated", "unchanged", "skipped", "errors")


def rows(summary: dict[str, Any]) -> list[tuple[str, ...]]:
    out = []
    for site_id, counts in sorted(summary["sites"].items()):
        out.append((site_id, *(str(counts.get(c, 0) or 0) for c in COLUMNS)))
    return out


def totals(summary: dict[str, Any]) -> dict[str, int]:
    return {c: sum(int(v.get(c, 0) or 0) for v in summary["sites"].values()) for c in COLUMNS}


def summary_markdown(summary: dict[str, Any]) -> str:
    lines = [
        f"# Nightly run `{summary['run_id']}` — {summary['status']}",
        "",
        f"Database: `{summary['db_path']}`",
        "",
        "| site | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows(summary)]
    t = totals(summary)
    lines.append("| **total** | " + " | ".join(f"**{t[c]}**" for c in COLUMNS) + " |")
    if summary.get("failed_sites"):
        lines += ["", "**Sites whose crawl failed:** " + ", ".join(summary["failed_sites"])]
    return "\n".join(lines)


def summary_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(title=f"run {summary['run_id']} — {summary['status']}")
    table.add_column("site")
    for c in COLUMNS:
        table.add_column(c, justify="right")
    for r in rows(summary):
        table.add_row(*r)
    t = totals(summary)
    table.add_row("total", *(str(t[c]) for c in COLUMNS), style="bold")
    return table
