"""The typed vocabulary of archive/types.py: the columns of a meeting are the fields of a
row, and a row answers for each column without callers probing it by name."""

from __future__ import annotations

from dataclasses import fields

from zvdj_viewer.archive.types import ROLES, ItemRef, MeetingRow


def test_every_role_is_a_field_of_the_row():
    assert set(ROLES) <= {f.name for f in fields(MeetingRow)}


def test_a_row_gives_its_item_of_each_column():
    row = MeetingRow("4", "Wachttijden", agenda=ItemRef("d1", "4"), nota=None, verslag=ItemRef("d3", "5"))
    assert [row.ref(role) for role in ROLES] == [ItemRef("d1", "4"), None, ItemRef("d3", "5")]
