"""ZvdJ Viewer: offline archive viewer for Zorg voor de Jeugd meeting documents.

The core package holds no Qt: readers, document understanding, linking, the SQLite
catalog, the Archive facade and the command line. The Whoosh index lives in
``zvdj_viewer.index`` and the desktop app in ``zvdj_viewer.ui``.
"""

__version__ = "0.1.0"


def _source_tree_layers() -> None:
    """Run from a source checkout, find ``ui/``, ``index/`` and ``resources/`` as sub-packages.

    The repository keeps the three layers at its top level (GUIDE.md) and setuptools installs
    them as ``zvdj_viewer.ui`` etc. When Python imports this package straight from a checkout
    (``python -m pytest`` in the repo root after a plain ``pip install .``, a type checker, a
    PyInstaller analysis), the checkout's root is added to this package's search path so those
    sub-packages resolve to the same files. An installed copy has them inside already and is
    left alone.
    """
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    inside = os.path.isfile(os.path.join(here, "ui", "__init__.py"))
    checkout = os.path.isfile(os.path.join(root, "pyproject.toml")) and os.path.isfile(
        os.path.join(root, "ui", "__init__.py"))
    if checkout and not inside and root not in __path__:
        __path__.append(root)


_source_tree_layers()
