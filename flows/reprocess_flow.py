"""The Prefect flow behind the `reprocess` deployment (prefect.yaml, manual trigger):
`provnews reprocess` with the same parameters, its summary left as a markdown artifact
(`reprocess-summary`) and returned."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.reprocess import reprocess, summary_markdown


@flow(name="reprocess", log_prints=True)
def reprocess_flow(
    sites: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    jobs: int | None = None,
    all_articles: bool = False,
) -> dict[str, Any]:
    """Extract stored articles again where the extractor changed (see flows/reprocess.py)."""
    import os

    from provnews.settings import settings

    log = get_run_logger()
    cfg = settings()

    def progress(done: int, total: int) -> None:
        log.info("reprocess: %d of %d articles", done, total)

    result = reprocess(
        cfg.db_path,
        cfg.raw_root,
        sites=sites,
        since=since,
        until=until,
        jobs=jobs or os.cpu_count() or 1,
        all_articles=all_articles,
        progress=progress,
        say=log.warning,
    )
    summary = result.as_dict()
    create_markdown_artifact(
        key="reprocess-summary",
        markdown=summary_markdown(summary),
        description=f"reprocess with extractor {summary['extractor_version']}",
    )
    for f in summary["failures"]:
        log.warning("failed: site=%s url=%s stage=%s: %s", f["site_id"], f["url"], f["stage"],
                    f["reason"])  # fmt: skip
    return summary
