"""What a reader process sends (pipeline.FileResult with its documents) pickles as class and
field values (compact_pickle.by_fields), and comes back equal, attribute for attribute."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest

from zvdj_viewer.compact_pickle import by_fields
from zvdj_viewer.model import Document, DocSpan, Item, Line, Page, Pos, Redaction, RedactionBox, SourceText
from zvdj_viewer.pipeline import FileResult, for_catalog, process_file

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _fictional() -> FileResult:
    line = Line("Agenda BO Fictief", (10.0, 20.0, 200.0, 32.0), 12.0, True)
    page = Page(1, lines=[line])
    doc = Document(source="/tmp/x.pdf", span=DocSpan(Pos(1, 0), Pos(1, 0), "heading"), type="agenda",
                   title="Agenda", text="Agenda BO Fictief", minhash=b"\x01\x02", mentions="{}",
                   items=[Item("1", "Opening", page=1, start=Pos(1, 0))],
                   redactions=[Redaction("10.2.e", "10.2e", 1, None)],
                   boxes=[RedactionBox(1, (1.0, 2.0, 3.0, 4.0), "10.2.e")])
    return FileResult("/tmp/x.pdf", source=SourceText("/tmp/x.pdf", "pdf", pages=[page]), documents=[doc])


def _same(a, b) -> None:
    assert type(a) is type(b)
    assert a == b
    assert vars(a) == vars(b)


def test_a_result_pickles_as_field_values_and_comes_back_equal():
    r = _fictional()
    data = pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)
    # the field names are not written per object (the default pickle writes each __dict__)
    assert b"redactions" not in data and b"furniture" not in data
    back = pickle.loads(data)
    _same(back, r)
    for a, b in zip(back.documents, r.documents, strict=True):
        _same(a, b)
        for x, y in zip(a.items + a.redactions + a.boxes, b.items + b.redactions + b.boxes, strict=True):
            _same(x, y)
    _same(back.source.pages[0].lines[0], r.source.pages[0].lines[0])
    assert copy.deepcopy(r) == r and copy.copy(r.documents[0]) == r.documents[0]


def test_a_shared_object_stays_shared():
    p = Pos(2, 3)
    it = Item("1", "Opening", start=p)
    back = pickle.loads(pickle.dumps([it, p], protocol=pickle.HIGHEST_PROTOCOL))
    assert back[0].start is back[1]


def test_an_attribute_beyond_the_fields_or_a_subclass_is_kept():
    it = Item("2", "Rondvraag")
    it.note = "set by someone"  # not a field: pickled the default way, with it
    back = pickle.loads(pickle.dumps(it))
    assert back.note == "set by someone" and back == it

    @dataclass
    class Named(Pos):
        name: str = ""

    # a subclass has other fields: not pickled as its parent's (by pickle itself: a local class
    # cannot be pickled, so the reduction is asked directly)
    assert Named(1, 2, "x").__reduce_ex__(4)[0] is not Named


def test_a_class_with_a_field_not_given_to_init_is_refused():
    from dataclasses import field

    @dataclass
    class Odd:
        a: int
        b: int = field(init=False, default=0)

    with pytest.raises(TypeError):
        by_fields(Odd)


def test_a_real_bundle_passes_between_processes_unchanged():
    bundles = sorted((SAMPLES / "woo-bundles").glob("*.pdf")) if SAMPLES.is_dir() else []
    if not bundles:
        pytest.skip(f"no Woo bundle PDFs under {SAMPLES / 'woo-bundles'} (../shared is not beside the repository)")
    r = for_catalog(process_file(str(bundles[0])))
    assert r.error is None and r.documents
    back = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    _same(back, r)
    for a, b in zip(back.documents, r.documents, strict=True):
        _same(a, b)
