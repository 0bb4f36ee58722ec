"""The one base of the core's errors. Catch ``ZvdjError`` for "the archive said no, with a
reason worth showing" (busy, data folder unusable, catalog too new, an output file that
cannot be written, a query that cannot mean what it says); anything else is a bug.

It lives here, with no imports, so that every module that raises (catalog, lock, outfile,
the index) can derive from it without importing the archive package; callers find the whole
set in ``zvdj_viewer/archive/errors.py``.
"""


class ZvdjError(Exception):
    """An error of ZvdJ Viewer's core whose message is meant for the user."""
