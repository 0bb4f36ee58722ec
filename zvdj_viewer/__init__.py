"""ZvdJ Viewer: offline archive viewer for Zorg voor de Jeugd meeting documents.

The core package holds no Qt: readers, document understanding, linking, the SQLite
catalog, the Archive facade and the command line. The Whoosh index lives in
``zvdj_viewer.index`` and the desktop app in ``zvdj_viewer.ui``.
"""

__version__ = "0.1.0"
