"""Words in a page's margins that page OCR dropped (a corner stamp) are added from a strip
read of the margin; words page OCR already has are not added twice."""

from zvdj_viewer.ocr import OcrPage
from zvdj_viewer.ocr_margins import add_new_words


def test_a_corner_stamp_missed_by_page_ocr_is_added_once():
    page = OcrPage(lines=[("Melding over streekproducten", (41.0, 36.0, 196.0, 43.0))],
                   words=[("Melding", 41.0, 36.0, 80.0, 43.0, 95.0), ("over", 82.0, 36.0, 100.0, 43.0, 95.0),
                          ("streekproducten", 102.0, 36.0, 196.0, 43.0, 95.0)])
    # the strip of the top band (its own coordinates start at the band's top, here 0)
    strip = OcrPage(lines=[("4.", (517.0, 28.0, 523.0, 34.0)),
                           ("Melding over streekproducten", (41.0, 36.0, 196.0, 43.0)),
                           ("~~", (300.0, 60.0, 310.0, 66.0))],
                    words=[("4.", 517.0, 28.0, 523.0, 34.0, 91.0),
                           ("Melding", 41.0, 36.0, 80.0, 43.0, 93.0), ("over", 82.0, 36.0, 100.0, 43.0, 90.0),
                           ("streekproducten", 102.0, 36.0, 196.0, 43.0, 92.0),
                           ("~~", 300.0, 60.0, 310.0, 66.0, 20.0)])  # unsure: dirt
    assert add_new_words(page, strip, 0.0, 0.0) == 1
    assert [t for t, _ in page.lines] == ["4.", "Melding over streekproducten"]
    assert page.lines[0][1] == (517.0, 28.0, 523.0, 34.0)
    assert add_new_words(page, strip, 0.0, 0.0) == 0  # read again: nothing new


def test_a_part_of_a_band_is_placed_at_its_offset_on_the_page():
    page = OcrPage(lines=[], words=[])
    strip = OcrPage(lines=[("Pagina 2 van 5", (166.0, 62.0, 214.0, 69.0))],
                    words=[("Pagina", 166.0, 62.0, 188.0, 69.0, 96.0), ("2", 190.0, 62.0, 194.0, 69.0, 96.0),
                           ("van", 196.0, 62.0, 206.0, 69.0, 96.0), ("5", 208.0, 62.0, 214.0, 69.0, 96.0)])
    add_new_words(page, strip, 300.0, 741.0)
    assert page.lines == [("Pagina 2 van 5", (466.0, 803.0, 514.0, 810.0))]
