"""Test set-up shared by all tests.

Qt runs offscreen so GUI tests drive real widgets without a display. Real documents are read
from ../shared (beside the repository); tests that need them skip with a clear reason when
that folder is absent.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# OCR of every scanned sample page would take minutes: tests that OCR turn it on themselves
os.environ.setdefault("ZVDJ_NO_OCR", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = SHARED / "samples"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real documents not found at {path} (../shared is not beside the repository)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return _need(SAMPLES)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A fresh data directory for catalog and index."""
    d = tmp_path / "data"
    d.mkdir()
    return d
