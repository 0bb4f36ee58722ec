#!/usr/bin/env bash
# Build the frozen app (PyInstaller, onedir) and run its self-test.
#   bash packaging/build.sh        -> dist/zvdj-viewer/zvdj-viewer
# Windows/macOS: run the same PyInstaller command there (`pyinstaller packaging/zvdj-viewer.spec`)
# with the project installed in a venv; Qt's platform plugins are collected by PyInstaller's
# PySide6 hook. The Linux .desktop and AppStream files are in packaging/linux/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install --quiet "pyinstaller>=6"
fi
# a plain (non-editable) copy of the package: the editable install maps ui/, index/ and
# resources/ into zvdj_viewer with an import hook that PyInstaller's analysis cannot follow
rm -rf build/pkg
"$PY" -m pip install --quiet --no-deps --target build/pkg .
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/zvdj-viewer.spec
du -sh dist/zvdj-viewer
time QT_QPA_PLATFORM=offscreen dist/zvdj-viewer/zvdj-viewer --self-test
