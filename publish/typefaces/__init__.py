"""The faces in fonts/: which characters they set, and their subsets for the EPUB."""

#: The font files fontconfig (hence the print edition) and fontTools read from fonts/.
FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc", ".woff2")
#: Of those, the collections: several faces in one file.
COLLECTION_SUFFIXES = (".ttc", ".otc")
