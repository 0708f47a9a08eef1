"""The faces in fonts/: which characters they set, and their subsets for the EPUB."""
