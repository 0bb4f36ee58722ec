"""Fixtures the GUI tests share."""

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.resources import SAMPLE_ARCHIVE


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The built-in sample archive, indexed (what `zvdj-viewer --sample` shows)."""
    a = Archive(data_dir=tmp_path_factory.mktemp("sample"))
    a.add_folder(str(SAMPLE_ARCHIVE))
    a.update(workers=1)
    yield a
    a.close()
