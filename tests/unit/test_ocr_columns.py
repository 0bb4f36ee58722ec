"""OCR lines split where Tesseract put the text column and the letterhead sidebar on one line
(fictional word boxes, PDF points)."""

from zvdj_viewer.ocr import OcrPage, column_lines


def words_at(*specs):
    """(text, x0, y) per word, 5 points per character, 9 high."""
    return [(t, x, y, x + 5.0 * len(t), y + 9.0, 90.0) for t, x, y in specs]


def page_of(*rows):
    words = [w for row in rows for w in row]
    lines = []
    for row in rows:
        lines.append((" ".join(w[0] for w in row),
                      (min(w[1] for w in row), min(w[2] for w in row), max(w[3] for w in row), max(w[4] for w in row))))
    return OcrPage(lines=lines, words=words)


def test_a_line_running_into_the_sidebar_is_split_at_the_column_gap():
    merged = words_at(("Aan", 82, 168), ("MVWS", 140, 168), ("Deadline:", 280, 168), ("1-10-2024", 330, 168),
                      ("Langdurige", 470, 168), ("Zorg", 525, 168))
    body = words_at(("Schriftelijke", 76, 446), ("vragen", 143, 446), ("van", 176, 446), ("de", 194, 446),
                    ("commissie", 207, 446))
    got = [t for t, _ in column_lines(page_of(merged, body), 595.0)]
    # the sidebar's words apart; the gaps inside the text column (a form's layout) stay
    assert got == ["Aan MVWS Deadline: 1-10-2024", "Langdurige Zorg", "Schriftelijke vragen van de commissie"]


def test_a_table_row_and_a_line_of_text_to_the_right_edge_stay_whole():
    # an inventory row: wide gaps, but its last cell does not reach the sidebar's part of the page
    row = words_at(("470", 60, 200), ("Adviesverzoek", 100, 200), ("Openbaar", 380, 200))
    # a line of text that runs into the right part of the page with ordinary word spaces
    text = words_at(("een", 376, 220), ("lange", 396, 220), ("regel", 424, 220), ("tot", 452, 220),
                    ("de", 470, 220), ("rand", 483, 220))
    assert [t for t, _ in column_lines(page_of(row, text), 595.0)] == [
        "470 Adviesverzoek Openbaar", "een lange regel tot de rand"]
    # without the page width nothing is split
    assert [t for t, _ in column_lines(page_of(words_at(("a", 10, 5), ("b", 500, 5))), None)] == ["a b"]
