"""The render stage: the only code that imports WeasyPrint (stage.print_layout)."""
