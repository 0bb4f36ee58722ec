"""Agenda items in the many ways they are written (fictional documents written here)."""

from zvdj_viewer.understanding.items import find_items
from zvdj_viewer.model import DocLine, Line


def doc(text):
    return [DocLine(1, i, Line(t, number=i + 1)) for i, t in enumerate(text.splitlines())]


def numbers(text, doc_type="agenda"):
    return [(i.number, i.title) for i in find_items(doc(text), doc_type)]


NOTA = """## nota

**1 Aanleiding en doel overleg**

Tekst.

**2 Deelnemers overleg**

**3 Te bespreken punten**

## 1) Opening en mededelingen

## 2) Conceptverslag van 3 maart (bijlage 1)

## 3) Actualiteiten (±10 min, bijlage 2)

- a) Stand van zaken pleegzorg
- b) Wachttijden

Annotatie ad 3) Actualiteiten

De aanpak kent drie stappen:

1. Inventariseren
2. Analyseren
3. Besluiten

*Ad 3b) Wachttijden (±5 min)*

Tekst over wachttijden.

4) *Rondvraag en sluiting*
"""


def test_nota_items_sub_items_and_fixed_sections():
    items = find_items(doc(NOTA), "nota")
    assert [(i.number, i.title, i.level, i.parent) for i in items] == [
        ("1", "Opening en mededelingen", 0, None),
        ("2", "Conceptverslag van 3 maart", 0, None),
        ("3", "Actualiteiten", 0, None),
        ("3a", "Stand van zaken pleegzorg", 1, "3"),
        ("3b", "Wachttijden", 1, "3"),
        ("4", "Rondvraag en sluiting", 0, None),
    ]
    three_b = items[4]
    assert three_b.line == 18 and three_b.start.line == 17  # first mention: the list
    # the annotation ("Ad 3b)") joins the sub-item; the numbered list stays body text
    assert "Tekst over wachttijden." in three_b.text
    assert "Analyseren" in items[2].text  # text after the list of sub-items: item 3


def test_styles_bold_heading_plain_and_dotted():
    text = """# verslag

**1 Opening**

Tekst.

#### 2 Verslag vorige vergadering

### **3 Jeugdbescherming (±5 min)**

3.1 Stand van zaken

3.2 Vervolg

1 januari is de wet ingegaan.

4 Rondvraag
"""
    assert numbers(text, "verslag") == [
        ("1", "Opening"), ("2", "Verslag vorige vergadering"), ("3", "Jeugdbescherming"),
        ("3.1", "Stand van zaken"), ("3.2", "Vervolg"), ("4", "Rondvraag")]


def test_table_then_toelichting_is_one_item_each():
    text = """## Geannoteerde agenda

<b>1. Opening:</b>\t15.00 – 15.05\t- Voorzitter
<b>2. Wetsvoorstel</b>\t15.05 – 15.35

### Toelichting

#### 1. Opening (15:00-15:05u)

Gaat u akkoord?

#### **2. Wetsvoorstel jeugd (bijlage 3)**

Bespreken.
"""
    items = find_items(doc(text), "geannoteerde_agenda")
    assert [(i.number, i.title) for i in items] == [("1", "Opening"), ("2", "Wetsvoorstel")]
    assert "Gaat u akkoord?" in items[0].text and "Bespreken." in items[1].text


def test_glued_headings_are_split():
    text = "**1 Opening****2 Verslag van 3 maart****3 Begroting**\n\nTekst.\n"
    assert [n for n, _ in numbers(text)] == ["1", "2", "3"]
    text = "**3 Te bespreken punten**1. *Opening*\n\n2. *Verslag*3. *Begroting*\n"
    assert [n for n, _ in numbers(text, "nota")] == ["1", "2", "3"]


def test_body_lists_are_not_items():
    text = """## 4) Perspectief voor de Jeugd

Rode draad:

1) Sinds maart is doorgewerkt aan de voorbereiding van de wet en dat gaat goed.
- a) Herkenning van problematiek.
- 2) Zorgvuldigheidseisen vastleggen.

## 5) Rondvraag
"""
    assert [n for n, _ in numbers(text)] == ["4", "5"]


def test_no_items_in_letters():
    assert find_items(doc("1. Hervormingsagenda\n\n2. Toekomstscenario\n"), "kamerbrief") == []
    assert find_items([], "agenda") == []


def test_a_nota_with_only_annotation_headings_gets_them_as_items():
    from zvdj_viewer.model import DocLine, Line
    from zvdj_viewer.understanding.items import find_items

    text = """## nota
**1 Aanleiding en doel overleg**
U overlegt met de VNG.
**3 Te bespreken punten**
**Annotatie ad 2) Conceptverslag van 3 maart 2022**
Kan worden vastgesteld.
**Annotatie ad 4) Pleegzorg in de regio**
U kunt de VNG vragen naar de wachtlijsten.
Annotatie ad 4a) Netwerkpleegzorg
Een deel gaat over netwerkpleegzorg."""
    lines = [DocLine(1, i, Line(t, number=i + 1)) for i, t in enumerate(text.splitlines())]
    items = find_items(lines, "nota")
    assert [(i.number, i.title, i.line) for i in items] == [
        ("2", "Conceptverslag van 3 maart 2022", 5), ("4", "Pleegzorg in de regio", 7),
        ("4a", "Netwerkpleegzorg", 9)]
    assert items[1].text == "U kunt de VNG vragen naar de wachtlijsten."
    assert items[2].parent == "4" and items[2].level == 1
    # the same headings in an agenda are not items (agendas print their items themselves)
    assert find_items(lines, "agenda") == [] or all(i.number != "4a" for i in find_items(lines, "agenda"))
