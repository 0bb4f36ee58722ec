"""The text/markdown reader on small files written here (fictional text)."""

import pytest

from zvdj_viewer import readers
from zvdj_viewer.model import ReadError
from zvdj_viewer.readers.text import is_bold, plain


def _read(tmp_path, data: bytes, name="notitie.md"):
    p = tmp_path / name
    p.write_bytes(data)
    return readers.read(p)


def test_lines_keep_their_text_and_numbers(tmp_path):
    text = "# Kop\r\n\r\n**Vet**\r\ngewoon\tmet tab\r\n## Tweede kop\rlaatste"
    s = _read(tmp_path, ("\ufeff" + text).encode("utf-8"))
    lines = s.pages[0].lines
    assert [ln.text for ln in lines] == text.splitlines()  # as str.splitlines() counts them
    assert [ln.number for ln in lines] == [1, 2, 3, 4, 5, 6] and s.line_count == 6
    assert [(ln.heading, ln.bold) for ln in lines] == [(1, False), (0, False), (0, True), (0, False), (2, False),
                                                       (0, False)]
    assert s.problems == [] and s.page_count == 1 and s.pages[0].number == 1 and s.kind == "text"
    assert s.title == "Kop"


def test_headings_one_to_six_hashes_only(tmp_path):
    s = _read(tmp_path, "###### Zes\n####### Zeven\n#geen spatie\n   ## ingesprongen\n".encode("utf-8"))
    assert [ln.heading for ln in s.pages[0].lines] == [6, 0, 0, 2]


@pytest.mark.parametrize("line, bold", [
    ("**Vet**", True), ("<b>Vet</b>", True), ("<B>Vet</B>:", True), ("__Vet__", True), ("<strong>Vet</strong>", True),
    ("**1 Opening****2 Verslag**", True),  # two bold runs glued by a converter
    ("**3. Punt <sup>(10)(2e)</sup> (15.35 - 16.15)**", True),
    ("**Vet** en gewoon", False), ("<b>VWS:</b> naam <b>VNG:</b> naam", False),
    ("<b>1. Opening</b>\t15.00 - 15.05", False), ("****", False), ("gewoon", False), ("*schuin*", False),
])
def test_bold_lines(line, bold):
    assert is_bold(line) is bold


def test_plain_strips_markup():
    assert plain("## **Geannoteerde agenda 19<sup>e</sup> stuurgroep**") == "Geannoteerde agenda 19e stuurgroep"


def test_cp1252_is_read_with_a_problem(tmp_path):
    s = _read(tmp_path, "Caf\u00e9overleg\nKosten \u20ac 12,50 voor \u2018koffie\u2019\n".encode("cp1252"), "oud.txt")
    assert [ln.text for ln in s.pages[0].lines] == ["Caf\u00e9overleg", "Kosten \u20ac 12,50 voor \u2018koffie\u2019"]
    assert len(s.problems) == 1 and s.problems[0].startswith("not UTF-8") and s.problems[0].endswith(
        "read as Windows-1252")


def test_utf16_with_bom_is_text(tmp_path):
    s = _read(tmp_path, "Notitie\nmet \u00e9\u00e9n regel\n".encode("utf-16"), "windows.txt")
    assert [ln.text for ln in s.pages[0].lines] == ["Notitie", "met \u00e9\u00e9n regel"] and s.problems == []


def test_binary_and_blank_files_fail(tmp_path):
    with pytest.raises(ReadError, match="^not a text file"):
        _read(tmp_path, b"\x00\x01\x02binair" * 100, "binair.txt")
    with pytest.raises(ReadError, match="^not a text file"):
        _read(tmp_path, bytes(range(1, 32)) * 50, "stuurtekens.md")
    with pytest.raises(ReadError, match="only blank lines"):
        _read(tmp_path, b"\n  \n\t\n", "leeg.txt")
    with pytest.raises(ReadError, match=r"^empty file \(0 bytes\)$"):
        _read(tmp_path, b"", "nul.txt")
