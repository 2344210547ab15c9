"""The systemd units of docs/operations.md, as written there, pass `systemd-analyze
verify` once their paths point at this checkout (skipped where systemd is absent)."""

from __future__ import annotations

import getpass
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "operations.md"


def units() -> dict[str, str]:
    """{file name: text} of every ```ini block that starts with its /etc path."""
    out = {}
    for block in re.findall(r"```ini\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        first = block.splitlines()[0]
        m = re.match(r"# /etc/systemd/system/(\S+\.service)$", first)
        if m:
            out[m.group(1)] = block
    return out


def test_the_doc_ships_a_server_and_a_worker_unit_restarted_on_failure() -> None:
    found = units()
    assert set(found) == {"provnews-prefect-server.service", "provnews-worker.service"}
    for text in found.values():
        assert "\nRestart=on-failure\n" in text
        assert "--host 127.0.0.1" in text or "127.0.0.1:4200" in text
    assert "serve --setup-only" in found["provnews-worker.service"]


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    exe = shutil.which("systemd-analyze")
    if not exe:
        pytest.skip("systemd-analyze is not installed")
    data = tmp_path / "var-lib-provnews"
    data.mkdir()
    for name, text in units().items():
        text = (
            text.replace("/opt/provnews", str(REPO))
            .replace("/var/lib/provnews", str(data))
            .replace("User=provnews", f"User={getpass.getuser()}")
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / n) for n in units()]
    proc = subprocess.run([exe, "verify", *paths], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    # verify checks that every command exists: break one and it must say so
    broken = tmp_path / "provnews-worker.service"
    broken.write_text(broken.read_text().replace("/bin/provnews serve", "/bin/nope serve"))
    proc = subprocess.run([exe, "verify", str(broken)], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "nope" in proc.stderr
