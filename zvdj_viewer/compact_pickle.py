"""Dataclasses that pickle as their class and field values (issue 22: passing results on).

A reader process sends each file's result (pipeline.FileResult: its documents with their
items, redactions, boxes and places) to the process that writes the catalog. By default pickle
writes a dataclass as a call of ``copyreg.__newobj__`` followed by its ``__dict__``: the field
names as a dict per object, and on the other side an empty object whose dict is filled. For
thousands of small objects per file that was most of the time of pickling a result. With
``by_fields`` an object is written as its class and a tuple of its field values, and made
again by calling the class with them: the same object (the dataclass ``__init__`` only stores
the fields), in about two thirds of the time and fewer bytes.

An object that carries attributes beyond its fields, or of a subclass, is pickled the default
way, so nothing is ever lost. No field may be ``init=False``: the class is called with all.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter


def by_fields(cls):
    """Class decorator for a dataclass: pickle (and copy) instances as class + field values."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    if any(not f.init for f in dataclasses.fields(cls)):
        raise TypeError(f"{cls.__name__}: a field with init=False cannot be given back to __init__")
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    count = len(names)

    def __reduce_ex__(self, protocol):
        if type(self) is cls and len(self.__dict__) == count:
            return cls, values(self)
        return object.__reduce_ex__(self, protocol)  # the default: every attribute kept

    cls.__reduce_ex__ = __reduce_ex__
    return cls
