"""The understanding wing: from a read source (pages of lines) to typed documents.

``analyse.analyse`` runs the steps in order: furniture (running heads, page
numbers), segment (where each document starts), classify (its type), metadata
(title, dates, meeting, participants), items (numbered agenda items), redactions
(Woo/Wob codes), then the Woo enrichment (e-mail headers, inventory rows, stamped
numbers, ranked titles). Each module holds one step or the line helpers they share;
none of them reads files, writes the catalog or imports Qt.
"""
