"""Tools for Woo-request handlers: versions, word-level compare, redaction audit, inventory.

Qt-free; each module works on plain text and ids so it can be tested on strings. ``service``
connects them to the Archive.
"""
