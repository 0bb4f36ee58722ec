"""The layers keep their shape (GUIDE.md section 1), checked on the source as qutebrowser does.

- the core (``zvdj_viewer/``) and the index (``index/``) never import Qt;
- the index never imports the UI, the core never imports the UI;
- the UI never touches SQLite or Whoosh directly: it goes through the Archive;
- the UI imports of the core only what ``UI_MAY_IMPORT`` lists: the contract and its types,
  and helpers that word or write what the archive hands out; a domain fact (a document's
  sections, a meeting's columns) comes from an Archive call, not from the module that
  decides it;
- SQL is written only where a database is owned: the catalog (``catalog.py``) and the notes
  store. ``ALLOWED_SQL`` lists the places that still hold SQL outside them, with their count,
  so the debt can only shrink: a new file with SQL, or more calls in a listed one, fails.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The desktop entry point (GUIDE.md: "the app entry point" lives in the core package) starts Qt
# and the UI inside main(); it is the one core module allowed to name them.
ENTRY_POINT = "zvdj_viewer/app.py"
SQL_OWNERS = {"zvdj_viewer/catalog.py", "zvdj_viewer/notes/store.py"}
# Places that may still hold SQL outside the owners: none since the archive became a package
# (issue 17); a new one needs a reason here.
ALLOWED_SQL: dict[str, int] = {}
SQL_CALLS = {"execute", "executemany", "executescript"}


# The core modules the UI may import, each with why. The archive package is the front door;
# anything else is a helper the UI needs for what the archive hands out, or a tool of its own
# (notes, Woo tools, dossier) that is itself a caller of the contract. A new entry needs a
# reason; a domain rule the UI wants goes behind an Archive method (archive/contract.py).
UI_MAY_IMPORT = {
    "archive": "the front door: Archive and its results",
    "archive.contract": "ArchiveReader / ArchiveWriter, what a view may call",
    "archive.types": "the frozen results (Progress, Phase, ROLES, SectionInfo ...)",
    "archive.errors": "the errors a caller catches (ArchiveBusy, DataDirError ...)",
    "__version__": "the About box",
    "messages": "message codes of file problems, worded in ui/wording.py",
    "markup": "stored Markdown and inline HTML to display text",
    "fsnames": "file names that are not UTF-8, shown readably",
    "render": "a PDF page as an image (PyMuPDF), for the page view",
    "outfile": "writing an export: temporary file + rename, never into an archive folder",
    "resources": "the sample archive's folder",
    "index": "QueryError: a search the index cannot run, said to the user",
    "notes": "the user's notes: their own store, a caller of the contract itself",
    "dossier": "a meeting as PDF/HTML: a caller of the contract itself",
    "woo.service": "the Woo tools' work on the archive (a caller of the contract)",
    "woo.audit": "the redaction audit's findings and their CSV",
    "woo.compare": "the comparison of two versions and its HTML",
    "woo.inventory": "the names of document types in the interface's inventory wording",
    "understanding.redactions": "the table of legal grounds, in words (ui/grounds.py), never a copy",
    "understanding.dates": "a date the user types in the search filter, read as the core reads dates",
}


def _ui_core_imports(tree: ast.AST) -> set[str]:
    """The core modules (relative to zvdj_viewer) a UI module imports: ``from ..x.y import z``
    is "x.y", ``from .. import x`` (and ``from zvdj_viewer import x``) is "x", and
    ``from ..woo import service`` (a module of a package) "woo.service"."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                continue  # another UI module
            if node.level >= 2:
                base = node.module
            elif node.module and (node.module == "zvdj_viewer" or node.module.startswith("zvdj_viewer.")):
                base = node.module.removeprefix("zvdj_viewer").lstrip(".") or None
            else:
                continue
            if base is None:
                out.update(alias.name for alias in node.names)
            elif not (base == "ui" or base.startswith("ui.")):
                folder = REPO / "zvdj_viewer" / base.replace(".", "/")
                subs = {a.name for a in node.names if (folder / f"{a.name}.py").is_file() or (folder / a.name).is_dir()}
                out.update({f"{base}.{n}" for n in subs} if subs else {base})
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("zvdj_viewer.") for a in node.names
                       if a.name.startswith("zvdj_viewer.") and not a.name.startswith("zvdj_viewer.ui"))
    return out


def _modules(*folders: str):
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _relative_imports(tree: ast.AST) -> set[str]:
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}


def test_core_and_index_never_import_qt():
    offenders = [(rel, name) for rel, tree in _modules("zvdj_viewer", "index") if rel != ENTRY_POINT
                 for name in _imports(tree) if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]
    assert offenders == []


def test_core_and_index_never_import_the_ui():
    offenders = []
    for rel, tree in _modules("zvdj_viewer", "index"):
        if rel == ENTRY_POINT:
            continue
        names = _imports(tree) | {f"zvdj_viewer.{m}" for m in _relative_imports(tree) if rel.startswith("zvdj_viewer/")}
        offenders += [(rel, n) for n in names if n == "zvdj_viewer.ui" or n.startswith("zvdj_viewer.ui.")]
        if rel.startswith("index/"):
            offenders += [(rel, m) for m in _relative_imports(tree) if m.split(".")[0] == "ui"]
    assert offenders == []


def test_ui_never_touches_sqlite_or_whoosh():
    offenders = [(rel, name) for rel, tree in _modules("ui")
                 for name in _imports(tree) if name.split(".")[0] in {"sqlite3", "whoosh"}]
    assert offenders == []


def test_ui_imports_only_the_core_modules_it_may():
    used: set[str] = set()
    offenders = []
    for rel, tree in _modules("ui"):
        names = _ui_core_imports(tree)
        used |= names
        offenders += [(rel, n) for n in sorted(names) if n not in UI_MAY_IMPORT]
    assert offenders == [], ("the UI imports core modules outside its allow-list: ask the archive "
                             f"(archive/contract.py) or add the module with a reason: {offenders}")
    # an entry no UI module uses any more leaves the list, so it only shrinks
    assert set(UI_MAY_IMPORT) - used == set()


def test_the_ui_import_check_sees_an_offender():
    tree = ast.parse("from ..link.sections import section_heads\nfrom .. import catalog\n"
                     "from zvdj_viewer.understanding import segment\nfrom .i18n import _\n")
    assert _ui_core_imports(tree) == {"link.sections", "catalog", "understanding.segment"}


def test_sql_only_where_a_database_is_owned():
    calls: Counter[str] = Counter()
    for rel, tree in _modules("zvdj_viewer", "index", "ui"):
        if rel in SQL_OWNERS:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS):
                calls[rel] += 1
    grown = {rel: n for rel, n in calls.items() if n > ALLOWED_SQL.get(rel, 0)}
    assert grown == {}, f"SQL outside the catalog (move it into catalog.py): {grown}"


def test_the_layering_check_sees_an_offender(tmp_path):
    """The checks above are not vacuous: the same walk finds a Qt import and an execute call."""
    tree = ast.parse("from PySide6.QtCore import Qt\nimport sqlite3\nconn.execute('select 1')\n")
    assert "PySide6.QtCore" in _imports(tree)
    assert any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "execute"
               for n in ast.walk(tree))


def test_entry_point_imports_qt_only_when_the_app_starts():
    """``zvdj`` (the CLI) imports the core; the core must load without Qt installed or loaded."""
    tree = ast.parse((REPO / ENTRY_POINT).read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    names = _imports(ast.Module(body=top, type_ignores=[]))
    assert not {n for n in names if n.startswith("PySide6")}
