"""Chinese line composition for the print edition.

WeasyPrint breaks lines with Pango (UAX #14) and justifies only at spaces, so a justified
Chinese paragraph comes out ragged and some clreq rules are not kept. This package composes
the lines itself: it shapes the text with the same HarfBuzz WeasyPrint's Pango uses
(:mod:`.shaping`), breaks it by the clreq rules (:mod:`.rules`, :mod:`.compose`) and hands
each line to the template with the letter-spacing that makes it fill the measure. See
docs/print.md.
"""
