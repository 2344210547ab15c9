"""extractor_version: a digest of what decides the cleaner's output, so an edit to the
cleaning code or a family table gives a new version without a manual bump."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from cleaning.version import NOT_EXTRACTION, ROOT, digest, extractor_files, extractor_version

# Extract every devset page through the cleaning stage's own entry point, then list the
# project modules that ran: each must be covered by the digest.
_PROBE = """
import json, sys
from pathlib import Path
from cleaning.stage import clean_run
import gzip
pages = sorted(Path("sitefarm/corpus/devset/pages").glob("*.provnews.json"))
raw = Path(sys.argv[1]) / "raw"; raw.mkdir(parents=True)
with gzip.open(raw / "devset.jsonl.gz", "wt", encoding="utf-8") as fh:
    for p in pages:
        html = p.with_name(p.name.replace(".provnews.json", ".html")).read_text("utf-8")
        url = json.loads(p.read_text("utf-8"))["url"]
        fh.write(json.dumps({"run_id": "r", "site_id": "devset", "url": url, "status": 200,
                             "page_type": "article", "html": html, "bytes": len(html)}) + "\\n")
clean_run(raw, Path(sys.argv[1]) / "clean", {})
root = Path.cwd().resolve()
print(json.dumps(sorted(
    Path(m.__file__).resolve().relative_to(root).as_posix()
    for m in list(sys.modules.values())
    if getattr(m, "__file__", None) and Path(m.__file__).resolve().is_relative_to(root)
)))
"""


def test_every_module_the_cleaning_stage_runs_is_in_the_digest(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    ran = {m for m in json.loads(out.stdout) if m.split("/")[0] in ("cleaning", "families")}
    covered = {p.relative_to(ROOT).as_posix() for p in extractor_files()}
    assert "cleaning/extract.py" in ran and any(m.startswith("families/") for m in ran)
    assert ran - covered - {"cleaning/version.py"} == set()
    assert (tmp_path / "clean" / "articles.jsonl").read_text(encoding="utf-8").count(
        f'"extractor_version": "{extractor_version()}"'
    ) >= 5


def test_an_edit_to_cleaning_code_or_a_family_table_changes_the_version(tmp_path: Path) -> None:
    for package in ("cleaning", "families"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    base = digest(tmp_path)
    assert base == digest(ROOT)
    # registry tooling does not decide the output
    registry = tmp_path / "cleaning" / "registry.py"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert digest(tmp_path) == base
    assert "cleaning/registry.py" in NOT_EXTRACTION
    for rel in ("families/drupal.py", "cleaning/dates.py", "cleaning/data/topics.yaml"):
        path = tmp_path / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        assert digest(tmp_path) != base, rel
        path.write_bytes(original)
    assert digest(tmp_path) == base
    assert extractor_version().endswith("+" + base)
