"""WordprocessingML helpers python-docx 1.2 lacks, for a DOCX a Chinese office can work in.

    config.py     the one place for faces, page setup and the role styles
    xml.py        element builders and namespace helpers
    styles.py     styles.xml / fontTable.xml from the config; Chinese-safety normalisation
    fields.py     fields (PAGE, TOC, PAGEREF) and bookmarks
    package.py    the reference package (make_reference.py) and reproducible zips
    (the cover / 目录 / title-block wording comes from publish/templating/wording.py)
"""
