"""What Chinese text is: character classes, decoding raw text, Chinese numerals."""
