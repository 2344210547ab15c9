"""The nightly schedule: 01:30 Vietnam time, kept paused across redeploys, no duplicates."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.ops.conftest import deployment

pytestmark = pytest.mark.slow
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _scheduled(stack: Any, dep_id: str) -> list[dict[str, Any]]:
    return stack.api(
        "POST",
        "/flow_runs/filter",
        json={
            "flow_runs": {
                "deployment_id": {"any_": [dep_id]},
                "state": {"type": {"any_": ["SCHEDULED"]}},
            },
            "sort": "EXPECTED_START_TIME_ASC",
            "limit": 200,
        },
    ).json()


def _wait_scheduled(stack: Any, dep_id: str, timeout: float = 60.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _scheduled(stack, dep_id)
        if runs:
            return runs
        time.sleep(1)
    raise AssertionError("the scheduler created no run for the nightly deployment")


def test_next_runs_are_at_0130_hanoi(stack: Any) -> None:
    dep = deployment(stack, "nightly")
    (sched,) = dep["schedules"]
    assert sched["schedule"]["cron"] == "30 1 * * *"
    assert sched["schedule"]["timezone"] == "Asia/Ho_Chi_Minh"
    assert sched["active"] is True
    runs = _wait_scheduled(stack, dep["id"])
    starts = [datetime.fromisoformat(r["expected_start_time"]).astimezone(HANOI) for r in runs]
    assert all((t.hour, t.minute) == (1, 30) for t in starts), starts
    assert len({t.date() for t in starts}) == len(starts)  # one run per night
    assert all(r["parameters"] == {} or r["parameters"].get("sites") is None for r in runs)


def test_redeploy_keeps_a_paused_schedule_paused_and_adds_no_runs(stack: Any) -> None:
    dep = deployment(stack, "nightly")
    before = {r["expected_start_time"] for r in _wait_scheduled(stack, dep["id"])}
    stack.deploy()  # what a second `provnews serve` does
    dep = deployment(stack, "nightly")
    time.sleep(5)  # a scheduler loop or two
    after = [r["expected_start_time"] for r in _wait_scheduled(stack, dep["id"])]
    assert len(after) == len(set(after)), "duplicate scheduled runs after redeploy"
    assert set(after) == before

    (sched,) = dep["schedules"]
    stack.api(
        "PATCH", f"/deployments/{dep['id']}/schedules/{sched['id']}", json={"active": False}
    ).raise_for_status()
    stack.deploy()
    (sched,) = deployment(stack, "nightly")["schedules"]
    assert sched["active"] is False, "redeploy re-activated a paused schedule"
    # Put it back for whoever runs next in this session.
    stack.api(
        "PATCH", f"/deployments/{dep['id']}/schedules/{sched['id']}", json={"active": True}
    ).raise_for_status()
