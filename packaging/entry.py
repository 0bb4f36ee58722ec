"""Entry script for the frozen app (PyInstaller needs a file, not a console-script)."""
import sys

from zvdj_viewer.app import main

if __name__ == "__main__":
    sys.exit(main())
