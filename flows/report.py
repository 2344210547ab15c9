"""Summaries of a run for people: a markdown table (Prefect artifact) and a rich table (CLI)."""

from __future__ import annotations

from typing import Any

COLUMNS = ("pages", "new", "updated", "unchanged", "skipped", "errors")


# Column headers of the markdown summary, shortened so that the table fits the Prefect
# UI's artifact pane at 1,400 px; the legend under the table spells them out.
SHORT = {"unchanged": "same", "skipped": "skip"}
LEGEND = (
    "*same*: articles seen again unchanged; *skip*: URLs skipped on purpose (robots.txt, "
    "not modified); *extr. fails*: article pages without title or body, articles without "
    "a date; *new / usual*: tonight's new articles / the site's median (⚠ below half)."
)


def rows(summary: dict[str, Any]) -> list[tuple[str, ...]]:
    out = []
    for site_id, counts in sorted(summary["sites"].items()):
        out.append((site_id, *(str(counts.get(c, 0) or 0) for c in COLUMNS)))
    return out


def totals(summary: dict[str, Any]) -> dict[str, int]:
    return {c: sum(int(v.get(c, 0) or 0) for v in summary["sites"].values()) for c in COLUMNS}


def _fmt(v: Any, pct: bool = False) -> str:
    if v is None:
        return "–"
    if pct:
        return f"{100 * float(v):.0f}%"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def yield_note(h: dict[str, Any]) -> str:
    """Tonight's new articles against the site's usual (median of its recent runs,
    its first run not counted: that one collects the backlog)."""
    median = h.get("median_yield")
    y = h.get("yield") or 0
    if median is None:  # the column is "new / usual": short cells keep the table narrow
        return "first run" if not h.get("previous_runs") else f"{y} / –"
    if median > 0 and y < 0.5 * median:
        return f"⚠ {y} / {median:g}"
    return f"{y} / {median:g}"


def down_sites(alerts: list[dict[str, Any]] | None) -> list[str]:
    """Sites whose crawl ran but reached nothing (every discovery URL failed)."""
    return sorted({a["site_id"] for a in alerts or [] if a["kind"] == "site_down"})


def failed_sites(summary: dict[str, Any]) -> list[str]:
    """Sites that failed tonight: the crawl failed, or the site was down."""
    failed = list(summary.get("failed_sites") or [])
    return failed + [s for s in down_sites(summary.get("alerts")) if s not in failed]


def summary_markdown(
    summary: dict[str, Any],
    health: dict[str, dict[str, Any]] | None = None,
    *,
    fail_ratio: float | None = None,
    n_sites: int | None = None,
) -> str:
    """The run's artifact: status line, a warning when sites failed, one row per site
    (pages, new, updated, unchanged, skipped, errors; with ``health`` also extraction
    failures and yield against the usual), totals, the alerts as a list under the
    table (a list wraps in a narrow window, a table column is cut off), and the
    database link."""
    health = health or {}
    alerts = summary.get("alerts") or []
    alerted = {a["site_id"] for a in alerts}
    failed = failed_sites(summary)
    lines = [f"# Nightly run `{summary['run_id']}` — {summary['status']}", ""]
    if failed and summary["status"] != "failed":
        lines += [
            f"> ⚠ **{len(failed)} site(s) failed** ({', '.join(failed)}); the night is"
            " still Completed"
            + (
                f" (Failed only above {100 * fail_ratio:.0f}% of {n_sites} sites)."
                if fail_ratio is not None
                else "."
            ),
            "",
        ]
    elif summary["status"] == "failed":
        lines += [
            f"> ❌ **The night failed**: {len(failed)} of "
            f"{n_sites or len(summary['sites'])} sites did not crawl.",
            "",
        ]
    if alerts:
        lines += [f"> 🔔 **{len(alerts)} alert(s)**, listed under the table.", ""]
    db = summary.get("db_url")
    lines += [
        f"Database: [{summary['db_path']}]({db})" if db else f"Database: `{summary['db_path']}`",
        "",
    ]
    # short headers: the whole table must fit the artifact pane at 1,400 px (the pane
    # scrolls a wider table sideways, which cut off its last column)
    extra = ("extr. fails", "new / usual") if health else ()
    lines += [
        "| site | " + " | ".join(SHORT.get(c, c) for c in COLUMNS + extra) + " |",
        "|---|" + "---:|" * len(COLUMNS) + "---|" * len(extra),
    ]
    for r in rows(summary):
        site = r[0]
        cells = list(r)
        if site in failed:
            cells[0] = f"❌ {site}"
        if site in alerted:
            cells[0] += " 🔔"
        if health:
            h = health.get(site, {})
            fails = h.get("extraction_failures", 0) + h.get("date_missing", 0) if h else 0
            cells += [
                f"{fails} ({_fmt(h.get('extraction_failure_rate'), pct=True)})" if h else "–",
                yield_note(h) if h else "–",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    t = totals(summary)
    lines.append(
        "| **total** | " + " | ".join(f"**{t[c]}**" for c in COLUMNS) + " |" + " |" * len(extra)
    )
    lines += ["", LEGEND if health else LEGEND.split("; extr.")[0] + "."]
    if alerts:
        lines += ["", "**Alerts**", ""]
        lines += [f"- 🔔 **{a['site_id']}** {a['kind']}: {a['detail']}" for a in alerts]
    if failed:
        lines += ["", "**Sites that failed:** " + ", ".join(failed)]
    return "\n".join(lines)


def health_table(
    summary: dict[str, Any], health: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of the `site-health` table artifact (JSON-safe values)."""
    out = []
    failed = set(failed_sites(summary))
    for site_id, counts in sorted(summary["sites"].items()):
        h = health.get(site_id, {})
        rate = h.get("extraction_failure_rate")
        out.append(
            {
                "site": site_id,
                "crawl": "failed" if site_id in failed else "ok",
                **{c: int(counts.get(c, 0) or 0) for c in COLUMNS},
                "extraction_failures": int(
                    h.get("extraction_failures", 0) + h.get("date_missing", 0)
                )
                if h
                else None,
                "extraction_failure_rate": None if rate is None else round(float(rate), 3),
                "yield": h.get("yield"),
                "median_yield": None if h.get("median_yield") is None else float(h["median_yield"]),
                "duration_s": counts.get("duration_s"),
            }
        )
    return out


ALERT_HELP = {
    "site_down": "every listing, feed and sitemap failed (refused, DNS, TLS, timeout, HTTP "
    "error): the site is down, moved or blocks us; check its base URL by hand",
    "yield_drop": "no new article for several runs from a site that used to publish: "
    "listing URL moved, site down, or blocked",
    "template_drift": "extraction failures jumped: the site's template changed; "
    "check its selectors (`provnews sites probe ID`)",
    "error_burst": "many URLs failed: server errors, timeouts or a block",
    "crawl_failed": "the crawl subprocess failed after its retries (see the crawl task's log)",
}


def alerts_markdown(run_id: str, alerts: list[dict[str, Any]], failed: list[str]) -> str:
    lines = [f"# Alerts of run `{run_id}`", ""]
    if not alerts and not failed:
        return "\n".join([*lines, "✅ No alert: every site crawled and looks as usual."])
    if alerts:
        lines += ["| site | alert | detail |", "|---|---|---|"]
        lines += [f"| {a['site_id']} | **{a['kind']}** | {a['detail']} |" for a in alerts]
        lines += [
            "",
            *(
                f"- **{k}**: {v}"
                for k, v in ALERT_HELP.items()
                if any(a["kind"] == k for a in alerts)
            ),
        ]
    missing = [s for s in failed if not any(a["site_id"] == s for a in alerts)]
    if missing:
        lines += ["", "Crawl failed (no warehouse row): " + ", ".join(missing)]
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
