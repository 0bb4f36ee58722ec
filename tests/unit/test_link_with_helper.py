"""link._with_helper: the links of a relink on two cores in the order of one process, the
helper waited for only where its part comes (the catalog writes this process's links while
the helper still finds the same-topic links)."""

from __future__ import annotations

from zvdj_viewer.link import _with_helper


class FakeHelper:
    def __init__(self, theirs: dict, log: list):
        self.theirs, self.log = theirs, log

    def references(self):
        self.log.append("references")
        return self.theirs

    def links(self):
        self.log.append("links")
        yield {"n": "topic"}


def _link(n: str) -> dict:
    return {"n": n}


def test_own_links_come_before_the_helper_is_asked():
    log: list = []
    found = {0: ([_link("u0")], [_link("w0")]), 1: ([_link("u1")], [])}
    out = []
    for x in _with_helper(found, 2, [_link("v")], FakeHelper({}, log)):
        out.append(x["n"])
        log.append(x["n"])
    assert out == ["u0", "u1", "w0", "v", "topic"]
    # everything found here was handed out before the helper was waited for
    assert log == ["u0", "u1", "w0", "v", "references", "links", "topic"]


def test_a_share_the_helper_took_is_waited_for_where_it_comes():
    log: list = []
    found = {0: ([_link("u0")], [_link("w0")]), 2: ([_link("u2")], [])}
    helper = FakeHelper({1: ([_link("u1")], [_link("w1")])}, log)
    out = []
    for x in _with_helper(found, 3, [], helper):
        out.append(x["n"])
        log.append(x["n"])
    assert out == ["u0", "u1", "u2", "w0", "w1", "topic"]
    assert log == ["u0", "references", "u1", "u2", "w0", "w1", "links", "topic"]
