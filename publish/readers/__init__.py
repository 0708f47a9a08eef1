"""Readers: outside documents back into the model (publish.model)."""
