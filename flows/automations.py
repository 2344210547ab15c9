"""Prefect automations that watch the nights, created by `provnews serve`.

They run inside the Prefect server (its triggers service), so they keep watching when
the worker, or every flow-run process, is dead:

- ``provnews: crash zombie runs`` (always): a flow run sends a heartbeat event every
  ``PROVNEWS_HEARTBEAT_S`` (30 s; serve sets ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY``
  for the worker and so for every run). One that stops beating for three periods
  without reaching a final state is set Crashed: its process died with nobody left to
  say so (kill -9 of the worker's process group, a machine that went away). The slots
  its tasks held are leases that expire on their own (see flows/serve.py).
- ``provnews: no nightly completed`` (with a webhook): no run of the ``nightly``
  deployment reached Completed within ``PROVNEWS_NIGHTLY_DEADLINE_S`` (26 h): a night
  did not happen, or failed, and the next did not make up for it.
- ``provnews: nightly run stuck`` (with a webhook): a run of ``nightly`` went Late or
  Pending and did not start Running within ``PROVNEWS_STUCK_RUN_S`` (30 min): no worker
  polls the pool, or the worker cannot start the run.
- ``provnews: nightly run failed`` (with a webhook): a run of ``nightly`` ended Failed
  or Crashed.

Notifications go through a ``Custom Webhook`` notification block named
``provnews-alerts`` whose URL is ``PROVNEWS_ALERT_WEBHOOK`` (POST, JSON
``{"subject", "body"}``); without that setting only the zombie automation is made.
Automations are matched by name: serve replaces ours, never touches others.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from provnews.settings import Settings, default

PREFIX = "provnews: "
BLOCK_NAME = "provnews-alerts"
BLOCK_TYPE = "custom-webhook"
FINAL = ("Completed", "Failed", "Cancelled", "Crashed")

Api = Callable[..., Any]  # Stack.api: (method, path, **httpx kwargs) -> httpx.Response


@dataclass(frozen=True)
class WatchSettings:
    heartbeat_s: int = default("heartbeat_s")
    nightly_deadline_s: float = default("nightly_deadline_s")
    stuck_run_s: float = default("stuck_run_s")
    webhook: str | None = None

    @classmethod
    def from_settings(cls, cfg: Settings) -> WatchSettings:
        return cls(
            heartbeat_s=cfg.heartbeat_s,
            nightly_deadline_s=cfg.nightly_deadline_s,
            stuck_run_s=cfg.stuck_run_s,
            webhook=cfg.alert_webhook,
        )


def _events(*states: str) -> list[str]:
    return [f"prefect.flow-run.{s}" for s in states]


def _of_deployment(deployment_id: str) -> dict[str, Any]:
    return {"prefect.resource.id": f"prefect.deployment.{deployment_id}"}


def zombie_automation(heartbeat_s: int) -> dict[str, Any]:
    return {
        "name": PREFIX + "crash zombie runs",
        "description": "A flow run that stopped sending heartbeats without ending is "
        "set Crashed (its process died).",
        "enabled": True,
        "trigger": {
            "type": "event",
            "posture": "Proactive",
            "after": _events("heartbeat"),
            "expect": _events("heartbeat", *FINAL),
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "for_each": ["prefect.resource.id"],
            "threshold": 1,
            "within": 3 * heartbeat_s,
        },
        "actions": [
            {
                "type": "change-flow-run-state",
                "state": "CRASHED",
                "name": "Crashed",
                "message": f"no heartbeat for {3 * heartbeat_s} s: the flow-run process died "
                "(marked by the provnews zombie automation)",
            }
        ],
    }


def _notify(block_id: str, subject: str, body: str) -> dict[str, Any]:
    return {
        "type": "send-notification",
        "block_document_id": block_id,
        "subject": subject,
        "body": body,
    }


def watch_automations(deployment_id: str, block_id: str, s: WatchSettings) -> list[dict[str, Any]]:
    """The dead man's switch and its companions for the ``nightly`` deployment."""
    hours = s.nightly_deadline_s / 3600
    return [
        {
            "name": PREFIX + "no nightly completed",
            "description": f"No nightly run Completed within {s.nightly_deadline_s:g} s.",
            "enabled": True,
            # `after` = `expect`: each Completed restarts the window at that event (the
            # heartbeat pattern), so it measures the time since the last completed night;
            # the first window starts when the automation is made.
            "trigger": {
                "type": "event",
                "posture": "Proactive",
                "after": _events("Completed"),
                "expect": _events("Completed"),
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "match_related": _of_deployment(deployment_id),
                "for_each": [],
                "threshold": 1,
                "within": s.nightly_deadline_s,
            },
            "actions": [
                _notify(
                    block_id,
                    "provnews: no nightly run completed",
                    f"No run of the nightly deployment has Completed in the last {hours:.4g} h "
                    f"({s.nightly_deadline_s:g} s)."
                    # The window that ran out started at the last Completed run, when one
                    # did (the trigger's event then): say which and when. A window that
                    # opened on its own (at set-up, or after a firing) has no event.
                    "{% if flow_run %} The last run to complete was {{ flow_run.name }} "
                    "({{ flow_run.id }}), at {{ event.occurred }}.{% endif %}"
                    " Check the Prefect UI (flow runs, the work pool's workers) and the "
                    "worker's log.",
                )
            ],
        },
        {
            "name": PREFIX + "nightly run stuck",
            "description": f"A nightly run Late or Pending for {s.stuck_run_s:g} s.",
            "enabled": True,
            "trigger": {
                "type": "event",
                "posture": "Proactive",
                "after": _events("Late", "Pending"),
                "expect": _events("Running", *FINAL),
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "match_related": _of_deployment(deployment_id),
                "for_each": ["prefect.resource.id"],
                "threshold": 1,
                "within": s.stuck_run_s,
            },
            "actions": [
                _notify(
                    block_id,
                    "provnews: nightly run stuck",
                    "Flow run {{ flow_run.name }} ({{ flow_run.id }}) has been "
                    "{{ flow_run.state.name }} for "
                    f"{s.stuck_run_s:g} s without starting: is a worker polling the "
                    "provnews-process pool?",
                )
            ],
        },
        {
            "name": PREFIX + "nightly run failed",
            "description": "A nightly run ended Failed or Crashed.",
            "enabled": True,
            "trigger": {
                "type": "event",
                "posture": "Reactive",
                "expect": _events("Failed", "Crashed"),
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "match_related": _of_deployment(deployment_id),
                "for_each": ["prefect.resource.id"],
                "threshold": 1,
                "within": 0,
            },
            "actions": [
                _notify(
                    block_id,
                    "provnews: nightly run {{ flow_run.state.name }}",
                    "Flow run {{ flow_run.name }} ({{ flow_run.id }}) ended "
                    "{{ flow_run.state.name }}: {{ flow_run.state.message }}",
                )
            ],
        },
    ]


def ensure_webhook_block(api: Api, url: str) -> str:
    """Create or update the ``provnews-alerts`` Custom Webhook block; its id."""
    block_type = api("GET", f"/block_types/slug/{BLOCK_TYPE}")
    block_type.raise_for_status()
    type_id = block_type.json()["id"]
    data = {
        "name": BLOCK_NAME,
        "url": url,
        "method": "POST",
        "json_data": {"subject": "{{subject}}", "body": "{{body}}"},
        "timeout": 10,
        "allow_private_urls": True,  # a loopback relay on a closed network
    }
    existing = api("GET", f"/block_types/slug/{BLOCK_TYPE}/block_documents/name/{BLOCK_NAME}")
    if existing.status_code == 200:
        doc_id = existing.json()["id"]
        api("PATCH", f"/block_documents/{doc_id}", json={"data": data}).raise_for_status()
        return doc_id
    schemas = api("POST", "/block_schemas/filter", json={
        "block_schemas": {"block_type_id": {"any_": [type_id]}}, "limit": 1,
    })  # fmt: skip
    schemas.raise_for_status()
    created = api(
        "POST",
        "/block_documents/",
        json={
            "name": BLOCK_NAME,
            "block_type_id": type_id,
            "block_schema_id": schemas.json()[0]["id"],
            "data": data,
        },
    )
    created.raise_for_status()
    return created.json()["id"]


def _fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]


def replace_automations(api: Api, wanted: list[dict[str, Any]]) -> list[str]:
    """Make ours (by name prefix) exactly ``wanted``; names of those (re)created.

    An unchanged automation is left alone (its fingerprint is in its description):
    recreating the dead man's switch would restart its 26 h window at every serve."""
    marked = {}
    for body in wanted:
        mark = f" [provnews {_fingerprint(body)}]"
        marked[body["name"]] = {**body, "description": body["description"] + mark}
    r = api("POST", "/automations/filter", json={"limit": 200})
    r.raise_for_status()
    kept = set()
    for a in r.json():
        if not a["name"].startswith(PREFIX):
            continue
        want = marked.get(a["name"])
        if want and a.get("description") == want["description"] and a["name"] not in kept:
            kept.add(a["name"])
            continue
        api("DELETE", f"/automations/{a['id']}").raise_for_status()
    made = []
    for name, body in marked.items():
        if name in kept:
            continue
        created = api("POST", "/automations/", json=body)
        if created.status_code not in (200, 201):
            raise RuntimeError(
                f"creating automation {name!r}: {created.status_code} {created.text[:300]}"
            )
        made.append(name)
    return made


def ensure_automations(api: Api, nightly_deployment_id: str, s: WatchSettings) -> list[str]:
    """The zombie automation, and with a webhook the nightly watches; the names of
    those it had to (re)create (none when they were there already, unchanged)."""
    wanted = [zombie_automation(s.heartbeat_s)]
    if s.webhook:
        block_id = ensure_webhook_block(api, s.webhook)
        wanted += watch_automations(nightly_deployment_id, block_id, s)
    return replace_automations(api, wanted)
