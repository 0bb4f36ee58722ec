"""Data files shipped with the app: icons, style sheets, translations, the sample archive."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SAMPLE_ARCHIVE = RESOURCES / "sample_archive"
