"""Importing Whoosh without the parts of the standard library it never uses here.

Imports at Whoosh's start-up pull in much of the standard library (and Whoosh) for nothing
this program calls, about a fifth of a whole `zvdj search` process (issue 22):
- `whoosh.compat` does `from urllib.request import urlretrieve` for a download helper that
  nothing in Whoosh calls; urllib.request brings http.client, ssl and email;
- `cached_property` (used by whoosh.reading) imports asyncio (with ssl, logging and
  concurrent.futures) only to ask, when a cached property is first read, whether its
  function is a coroutine function.
- `whoosh.query.terms` imports `whoosh.lang.morph_en` (English word variations, some
  hundred regular expressions compiled at import, ~5 ms) for its Variations query, which
  this program never builds.
While those modules are imported, stand-in modules answer the imports: urlretrieve
imports the real one when called, and iscoroutinefunction is inspect's (what asyncio's is
since Python 3.11 for every function that is not a mock), ensure_future and variations the
real ones. The stand-ins leave sys.modules right after, so any later import gets the real
modules.
"""

from __future__ import annotations

import inspect
import sys
import types


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _ensure_future(*args, **kwargs):
    import asyncio

    return asyncio.ensure_future(*args, **kwargs)


def _variations(*args, **kwargs):
    from whoosh.lang.morph_en import variations

    return variations(*args, **kwargs)


def _stand_in(name: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


def _import_with(module: str, stand_ins: list[types.ModuleType]) -> None:
    if module in sys.modules or any(s.__name__ in sys.modules for s in stand_ins):
        return
    for s in stand_ins:
        sys.modules[s.__name__] = s
    try:
        __import__(module)
    finally:
        for s in stand_ins:
            if sys.modules.get(s.__name__) is s:
                del sys.modules[s.__name__]


def import_whoosh() -> None:
    _import_with("whoosh.compat", [_stand_in("urllib.request", urlretrieve=_urlretrieve)])
    _import_with("cached_property", [_stand_in("asyncio", iscoroutinefunction=inspect.iscoroutinefunction,
                                               ensure_future=_ensure_future)])
    _import_with("whoosh.query", [_stand_in("whoosh.lang.morph_en", variations=_variations)])


import_whoosh()
