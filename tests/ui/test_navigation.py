"""Location values and Back/Forward history (pure Python)."""

import pytest

from zvdj_viewer.ui.navigation import History, Location


def test_location_is_frozen_and_validated():
    loc = Location("meeting", "m1", item="4")
    with pytest.raises(AttributeError):  # a frozen dataclass refuses assignment
        loc.item = "5"  # type: ignore[misc]
    assert loc.with_(item="5") == Location("meeting", "m1", item="5")
    with pytest.raises(ValueError):
        Location("folder", "x")
    with pytest.raises(ValueError):
        Location("document", "")


def test_back_and_forward():
    h = History()
    a, b, c = Location("meeting", "m1"), Location("document", "d2", page=3), Location("meeting", "m2", item="4")
    assert not h.can_back() and not h.can_forward() and h.back() is None
    for loc in (a, b, c):
        h.visit(loc)
    assert h.current == c and h.can_back() and not h.can_forward()
    assert h.back() == b
    assert h.back() == a
    assert h.back() is None and h.current == a
    assert h.forward() == b
    assert h.can_forward()


def test_visit_after_back_drops_forward_and_same_place_is_no_step():
    h = History()
    a, b, c = Location("meeting", "m1"), Location("meeting", "m2"), Location("meeting", "m3")
    h.visit(a)
    h.visit(b)
    h.back()
    h.visit(c)
    assert not h.can_forward() and len(h) == 2
    h.visit(c)
    assert len(h) == 2
    h.replace_current(c.with_(item="2"))
    assert len(h) == 2 and h.current.item == "2"
    assert h.back() == a


def test_limit_keeps_the_newest():
    h = History(limit=3)
    for i in range(5):
        h.visit(Location("document", f"d{i}"))
    assert len(h) == 3
    assert h.back().target == "d3" and h.back().target == "d2" and h.back() is None


def test_format_date():
    from zvdj_viewer.ui.navigation import format_date

    assert format_date("2019-11-06") == "6 november 2019"
    assert format_date("2020-02-13", "en") == "13 February 2020"
    assert format_date("voorjaar 2020") == "voorjaar 2020"
    assert format_date(None) == ""
