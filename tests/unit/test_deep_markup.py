"""Deeply nested XML and HTML (issue 16, point 12): all the text is read, nothing is lost
silently and nothing ends in a RecursionError. Fictional files written here.

libxml2 reads HTML only 256 elements deep (2,048 with huge_tree) and drops the rest without an
error; old HTML gets there with hundreds of unclosed <font> tags. The reader walked the tree
recursively, so about 1,000 nested elements hit Python's recursion limit.
"""

from __future__ import annotations

import pytest

from zvdj_viewer.readers.obk import read_publication


def _html(body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>t</title></head><body><div id='broodtekst'>"
            f"<p>Begin van de tekst</p>{body}<p>Einde van het document</p></div></body></html>").encode()


def _read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    source = read_publication(str(path), path.suffix[1:])
    return source, "\n".join(ln.text for ln in source.pages[0].lines)


@pytest.mark.parametrize("depth", [300, 1500, 5000])
def test_html_with_hundreds_of_unclosed_font_tags_keeps_all_text(tmp_path, depth):
    source, text = _read(tmp_path, "oud.html", _html("<font size=2>kwispel " * depth))
    assert "Einde van het document" in text
    assert text.count("kwispel") == depth
    if depth > 2048:  # said, not silent
        assert any("formatting tags left out" in p for p in source.problems)


def test_html_nested_blocks_deeper_than_the_parser_reads_say_so(tmp_path):
    source, text = _read(tmp_path, "divs.html", _html("<div>kwispel " * 3000))
    assert text.count("kwispel") >= 2000
    assert any("the text after that point is lost" in p for p in source.problems)


@pytest.mark.parametrize("closed", [True, False])
def test_xml_with_a_thousand_nested_elements_is_read(tmp_path, closed):
    depth = 1000
    xml = "<?xml version='1.0'?><stuk><al>Begin</al>" + "<nadruk>kwispel " * depth + "<al>Einde</al>"
    if closed:
        xml += "</nadruk>" * depth + "</stuk>"
    source, text = _read(tmp_path, "diep.xml", xml.encode())
    assert "Einde" in text and text.count("kwispel") == depth
    assert closed == (not source.problems)  # an unclosed file is recovered, and says so


def test_xml_deeper_than_the_parser_reads_keeps_its_text(tmp_path):
    xml = "<?xml version='1.0'?><stuk><al>Begin</al>" + "<nadruk>kwispel " * 3000 + "<al>Einde</al>"
    source, text = _read(tmp_path, "dieper.xml", xml.encode())
    assert "Einde" in text and text.count("kwispel") == 3000
    assert any("formatting tags left out" in p for p in source.problems)


def test_deep_nesting_inside_a_table_cell(tmp_path):
    cell = "<td>" + "<font>kwispel " * 1500 + "</td><td>twee</td>"
    _, text = _read(tmp_path, "tabel.html", _html(f"<table><tr>{cell}</tr></table>"))
    assert text.count("kwispel") == 1500 and "\ttwee" in text


def test_table_cells_read_as_before(tmp_path):
    _, text = _read(tmp_path, "cellen.html", _html(
        "<table><tr><td>a<b> x </b>c</td><td>d<p>e</p>f</td><td><span>g</span> <i>h</i></td></tr></table>"))
    assert "axc\td e f\tg h" in text.splitlines()
