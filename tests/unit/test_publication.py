"""Official publications on fictional files: metadata gives title, date, dossier, number and
type; a metadata-only record is no document of its own."""

from zvdj_viewer.understanding.analyse import analyse
from zvdj_viewer.readers import is_supported, read

KST = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
 <metadata>
  <meta name="DC.identifier" content="kst-99999-7"/>
  <meta name="DC.title" content="Fictieve wet op de regietafels; Brief regering; Voortgang"/>
  <meta name="DCTERMS.issued" scheme="DCTERMS.W3CDTF" content="2024-03-01"/>
  <meta name="OVERHEIDop.dossiernummer" content="99 999"/>
  <meta name="OVERHEIDop.ondernummer" content="7"/>
  <meta name="DC.type" scheme="OVERHEIDop.Parlementair" content="Kamerstuk"/>
 </metadata>
 <kamerstuk><kop><titel>Tweede Kamer</titel></kop>
  <stuk><tekst><al>Hierbij informeer ik uw Kamer over de voortgang.</al></tekst></stuk></kamerstuk>
</officiele-publicatie>
"""

GMB = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
 <metadata>
  <meta name="DC.identifier" content="gmb-2024-12345"/>
  <meta name="DC.title" content="Verleende omgevingsvergunning, Dorpsstraat 1"/>
  <meta name="DCTERMS.available" content="2024-05-02"/>
 </metadata>
 <gemeenteblad><kop><titel>GEMEENTEBLAD</titel></kop>
  <zakelijke-mededeling><al>Het college heeft een vergunning verleend.</al></zakelijke-mededeling></gemeenteblad>
</officiele-publicatie>
"""

SRU = """<?xml version="1.0" encoding="UTF-8"?>
<gzd xmlns:dcterms="http://purl.org/dc/terms/"><originalData><meta><owmskern>
 <dcterms:identifier>kst-99999-7</dcterms:identifier><dcterms:title>Fictieve wet</dcterms:title>
</owmskern></meta></originalData></gzd>
"""


def one_document(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [doc] = analyse(read(path))
    return doc


def test_kamerstuk_metadata(tmp_path):
    doc = one_document(tmp_path, "kst-99999-7.xml", KST)
    assert doc.type == "kamerstuk"
    assert doc.title == "Fictieve wet op de regietafels; Brief regering; Voortgang"
    assert (doc.doc_date, doc.dossier, doc.number) == ("2024-03-01", "99999", "7")


def test_gazette_permit_is_a_decision(tmp_path):
    doc = one_document(tmp_path, "gmb-2024-12345.xml", GMB)
    assert doc.type == "besluit"
    assert doc.title == "Verleende omgevingsvergunning, Dorpsstraat 1"
    assert doc.doc_date == "2024-05-02"


def test_a_metadata_record_is_not_a_document(tmp_path):
    sru = tmp_path / "kst-99999-7.record.xml"
    sru.write_text(SRU, encoding="utf-8")
    side = tmp_path / "kst-99999-7__metadata.xml"
    side.write_text('<metadata_gegevens><metadata name="DC.title" content="x"/></metadata_gegevens>')
    pub = tmp_path / "kst-99999-7.xml"
    pub.write_text(KST, encoding="utf-8")
    assert not is_supported(sru) and not is_supported(side) and is_supported(pub)
