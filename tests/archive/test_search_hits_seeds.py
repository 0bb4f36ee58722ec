"""Search results on the seeds show the hit itself (issue 15, point 5): a word of a document's
title does not make every page a hit, every snippet shows a matched word, and for a text
source the line given is the line that holds it (not the start of a 60-line index chunk)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zvdj_viewer.archive import Archive
from zvdj_viewer.index.query import stem


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    a = Archive(data_dir=tmp_path_factory.mktemp("hits"))
    a.add_folder(str(seeds_dir))
    a.update(workers=2)
    yield a
    a.close()


def _title_words(archive, n=12) -> list[str]:
    """Long words from the titles of the seeds' documents (what a user would type)."""
    words: list[str] = []
    for d in archive.documents():
        for w in re.findall(r"[A-Za-zÀ-ÿ]{9,}", d.title or ""):
            if w.lower() not in words:
                words.append(w.lower())
    return words[:n]


def test_every_page_shown_holds_the_word_and_the_line_is_the_hit(seeded):
    words = _title_words(seeded)
    assert len(words) >= 5, words
    lines_checked = 0
    for word in words:
        hits = seeded.search(word, limit=20)
        assert hits, word
        for h in hits:
            for p in h.pages:
                assert "<b>" in p.snippet, (word, h.doc_id, p.page, p.snippet[:120])
                if h.first_line is None:
                    continue
                # the line holds a word the index matched (its stem is one of the marked words')
                marked = {stem(w.lower()) for w in re.findall(r"<b>(.*?)</b>", p.snippet)}
                text = Path(h.source).read_text(encoding="utf-8").splitlines()[p.line - 1]
                assert marked & {stem(w.lower()) for w in re.findall(r"\w+", text)}, (word, h.source, p.line)
                lines_checked += 1
            assert h.page_hit_count >= len(h.pages)
    assert lines_checked > 20
