"""The settings object: environment over .env over defaults, typed, checked, one line per
bad value naming the variable."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import pytest

from provnews import settings as ps
from provnews.settings import ConfigError, Settings, load, read_dotenv


def test_every_setting_has_a_provnews_name_a_doc_and_a_default_that_loads() -> None:
    seen = set()
    for f in fields(Settings):
        env = f.metadata["env"]
        assert env.startswith("PROVNEWS_") and env not in seen
        seen.add(env)
        assert f.metadata["doc"].strip() and "\n" not in f.metadata["doc"]
    cfg = load({})
    assert cfg.max_parallel == 4 and cfg.site_timeout_s == 1800
    assert cfg.data_dir == Path("data").resolve()
    assert cfg.db_path == cfg.data_dir / "provnews.duckdb"


def test_values_are_typed_and_paths_resolved(tmp_path: Path) -> None:
    cfg = load(
        {
            "PROVNEWS_DATA": str(tmp_path / "d"),
            "PROVNEWS_MAX_PARALLEL": "7",
            "PROVNEWS_DELAY_SCALE": "0",
            "PROVNEWS_CRAWL_MODE": " Shard ",
            "PROVNEWS_SCRAPY_LOG_LEVEL": "warning",
        }
    )
    assert cfg.max_parallel == 7 and isinstance(cfg.max_parallel, int)
    assert cfg.delay_scale == 0.0 and isinstance(cfg.delay_scale, float)
    assert cfg.crawl_mode == "shard" and cfg.scrapy_log_level == "WARNING"
    # the database follows the data folder unless PROVNEWS_DB names it
    assert cfg.db_path == tmp_path / "d" / "provnews.duckdb"
    assert load({"PROVNEWS_DB": "x.duckdb"}).db_path == Path("x.duckdb").resolve()


def test_environment_wins_over_dotenv_and_empty_means_unset() -> None:
    dotenv = {"PROVNEWS_MAX_PARALLEL": "3", "PROVNEWS_SITE_TIMEOUT": "60"}
    cfg = load({"PROVNEWS_MAX_PARALLEL": "9", "PROVNEWS_SITE_TIMEOUT": ""}, dotenv)
    assert cfg.max_parallel == 9  # environment
    assert cfg.site_timeout_s == 60  # .env fills what the environment leaves empty
    assert load({"PROVNEWS_MAX_PARALLEL": ""}).max_parallel == 4


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PROVNEWS_MAX_PARALLEL", "four", "PROVNEWS_MAX_PARALLEL='four' is not an integer"),
        ("PROVNEWS_MAX_PARALLEL", "0", "PROVNEWS_MAX_PARALLEL=0 must be at least 1"),
        ("PROVNEWS_SITE_TIMEOUT", "5", "PROVNEWS_SITE_TIMEOUT=5 must be at least 10"),
        ("PROVNEWS_FAIL_RATIO", "half", "PROVNEWS_FAIL_RATIO='half' is not a number"),
        ("PROVNEWS_CRAWL_RETRIES", "-1", "PROVNEWS_CRAWL_RETRIES=-1 must be at least 0"),
        ("PROVNEWS_PREFECT_PORT", "70000", "PROVNEWS_PREFECT_PORT=70000 must be at most 65535"),
        ("PROVNEWS_CRAWL_MODE", "cloud", "PROVNEWS_CRAWL_MODE='cloud': expected one of local"),
        ("PROVNEWS_HOST_MAP", "a.vn=10.0.0.1:80", "PROVNEWS_HOST_MAP: 'a.vn=10.0.0.1:80' is not"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as e:
        load({name: value})
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_dotenv_file_format(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nPROVNEWS_DATA = '/srv/pn'\nPROVNEWS_DB=\"/srv/pn/x.duckdb\"\nnot a pair\n",
        encoding="utf-8",
    )
    assert read_dotenv(path) == {"PROVNEWS_DATA": "/srv/pn", "PROVNEWS_DB": "/srv/pn/x.duckdb"}
    assert read_dotenv(tmp_path / "missing") == {}


def test_settings_reads_the_dotenv_of_the_working_directory_and_exports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Subprocesses (the crawls, the Prefect worker) inherit what .env set.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROVNEWS_MAX_PARALLEL", raising=False)
    monkeypatch.setenv("PROVNEWS_SITE_TIMEOUT", "99")
    (tmp_path / ".env").write_text(
        "PROVNEWS_MAX_PARALLEL=2\nPROVNEWS_SITE_TIMEOUT=11\n", encoding="utf-8"
    )
    try:
        cfg = ps.settings()
        assert (cfg.max_parallel, cfg.site_timeout_s) == (2, 99)
        assert os.environ["PROVNEWS_MAX_PARALLEL"] == "2"
        sources = {i.name: i.source for i in ps.describe()}
        assert sources["PROVNEWS_MAX_PARALLEL"] == ".env"
        assert sources["PROVNEWS_SITE_TIMEOUT"] == "environment"
        assert sources["PROVNEWS_FAIL_RATIO"] == "default"
    finally:
        os.environ.pop("PROVNEWS_MAX_PARALLEL", None)
        ps._EXPORTED.pop("PROVNEWS_MAX_PARALLEL", None)
