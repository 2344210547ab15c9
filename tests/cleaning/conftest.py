from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "sitefarm" / "corpus"
PAGES = CORPUS / "devset" / "pages"
SEEDS = CORPUS / "seeds"


@pytest.fixture(scope="session")
def pages_dir() -> Path:
    return PAGES


def seed_text(prefix: str) -> str:
    """The seed text whose file name starts with `prefix` ("002")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
