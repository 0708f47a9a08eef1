"""Which corpus article a DOCX title belongs to: a bookmark on the title carrying its id.

Article ids are slugs of any length; a Word bookmark name is at most 40 letters, digits and
underscores. So the name is a fixed prefix and a digest of the id: the reader, which has the
corpus, computes the same name for every article and pairs titles by it. A leading ``_``
keeps the bookmark out of Word's Insert ▸ Bookmark list; Word and LibreOffice keep it with
its paragraph when the editor moves, cuts or pastes the text, and drop a copy's duplicate.
The 目录's hyperlinks and PAGEREF fields point at the same bookmark.
"""
from __future__ import annotations

import hashlib

PREFIX = "_PublishArticle_"        # 16 characters + 16 hex digits = 32 ≤ 40


def bookmark_name(article_id: str) -> str:
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]
    return f"{PREFIX}{digest}"


def is_identity(name: str | None) -> bool:
    return bool(name) and name.startswith(PREFIX)
