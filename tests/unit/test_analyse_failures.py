"""A step of the analysis that fails is recorded on its file with the step's name, and the
rest is kept (issue 15, point 8: the failure left no trace and the document silently dropped
out of its meeting). The documents here are made up."""

from __future__ import annotations

from zvdj_viewer.understanding import items, metadata
from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.archive import Archive
from zvdj_viewer.readers import read

AGENDA = """# Agenda Bestuurlijk Overleg Proefregio

Betreft: Bestuurlijk overleg Proefregio
Vergaderdatum en -tijd: 12 maart 2020, 10:00 - 11:30 uur

## 1) Opening

## 2) Wachttijden in de jeugdhulp

## 3) Rondvraag
"""


def _files(tmp_path):
    folder = tmp_path / "stukken"
    folder.mkdir()
    (folder / "agenda-2020-03-12.md").write_text(AGENDA, encoding="utf-8")
    (folder / "agenda-2020-04-09.md").write_text(AGENDA.replace("12 maart", "9 april"), encoding="utf-8")
    return folder


def _broken_on_march(real, err: Exception):
    """The step as it is, except that it fails on the agenda of 12 March."""
    def step(lines, doc_type):
        if any("12 maart" in dl.text for dl in lines):
            raise err
        return real(lines, doc_type)
    return step


def test_a_failing_step_is_a_problem_of_the_file_with_its_name(tmp_path, monkeypatch):
    folder = _files(tmp_path)
    monkeypatch.setattr(items, "find_items", _broken_on_march(items.find_items, ValueError("kapot door de test")))
    source = read(str(folder / "agenda-2020-03-12.md"))
    docs = analyse(source)
    assert len(docs) == 1 and docs[0].type == "agenda" and docs[0].items == []
    assert docs[0].series and docs[0].meeting_date == "2020-03-12"  # the other steps still ran
    (problem,) = source.problems
    assert "'items'" in problem and "ValueError: kapot door de test" in problem and "lines 1-" in problem


def test_the_problem_reaches_the_report_and_the_catalog(tmp_path, monkeypatch):
    folder = _files(tmp_path)
    monkeypatch.setattr(metadata, "extract", _broken_on_march(metadata.extract, KeyError("header")))
    a = Archive(data_dir=tmp_path / "data")
    try:
        a.add_folder(str(folder))
        report = a.update(workers=0)  # in this process, where the step is broken
        failed = str(folder / "agenda-2020-03-12.md")
        assert [(p, w) for p, w in report.warnings if "'metadata'" in w] == [
            (failed, next(w for p, w in report.warnings if "'metadata'" in w))]
        src = next(s for s in a.sources() if s.path == failed)
        assert any("analysis step 'metadata' failed" in p for p in src.problems)
        doc = next(d for d in a.documents() if d.source == failed)
        assert any("'metadata'" in p for p in a.document(doc.id).problems)  # the document view shows these
        other = next(d for d in a.documents() if d.source != failed)
        assert other.meeting_date == "2020-04-09" and other.meeting is not None
    finally:
        a.close()


def test_every_step_is_named_on_the_file_when_it_fails(tmp_path, monkeypatch):
    """The grounds the text cites were looked for in a step whose failure left no trace; now
    each step of DOCUMENT_STEPS is run the same way: a failure is a problem of the file."""
    from zvdj_viewer.understanding import analyse as analyse_mod
    from zvdj_viewer.understanding import redactions

    assert [name for name, _ in analyse_mod.DOCUMENT_STEPS][:2] == ["classify", "metadata"]
    folder = _files(tmp_path)

    def broken(lines):
        raise RuntimeError("kapot door de test")

    monkeypatch.setattr(redactions, "find_citations", broken)
    source = read(str(folder / "agenda-2020-03-12.md"))
    docs = analyse(source)
    assert len(docs) == 1 and docs[0].type == "agenda" and [i.number for i in docs[0].items] == ["1", "2", "3"]
    (problem,) = source.problems
    assert "analysis step 'citations' failed" in problem and "RuntimeError: kapot door de test" in problem
