"""Embedded social posts: the signature line that names the account, and the post text just above it.

News pages embed tweets and other posts; extracted as text (Readability, the extension) a post is a
short paragraph followed by its signature line, "— Jane Cole (@janecole) September 27, 2016".
The post's words are the account's, not the writer's (guide, rule 1: posts are sources when the
content is theirs), but read alone a sentence like "The deal is a disaster" looks like the writer's
opinion. The signature line itself is page furniture (rule 8).
"""
from __future__ import annotations

import re
from typing import Sequence

from .furniture import DATE_LINE
from .segment import Span

_HANDLE = r"\(@[A-Za-z0-9_][A-Za-z0-9_.\-]{0,63}\)"
# "— Jane Cole (@janecole) September 27, 2016" (X/Twitter, Bluesky, Threads embeds), with or without
# the name or date; "A post shared by Jane Cole (@janecole)" (Instagram). The handle in brackets is
# what makes it a signature: a dash and a name alone also end an ordinary pull quote.
# After the handle only a date may follow (the furniture rules' date line): "… (@janecole) Sep 27, 2016".
SIGNATURE = re.compile(
    rf"^(?:[—–―-]{{1,2}}\s*[^\n()@]{{0,80}}?\s*{_HANDLE}(?P<date>[^\n]{{0,40}})"
    rf"|A post shared by [^\n()@]{{1,80}}?\s*{_HANDLE}[^\n]{{0,60}})\s*$")
# Posts are short (280 to 500 characters on the common services). A longer block above a signature is
# an article paragraph, or an extraction that lost the post's own boundary: nothing is attributed.
MAX_POST_CHARS = 600


def is_signature(line: str) -> bool:
    found = SIGNATURE.match(line.strip())
    date = (found.group("date") or "").strip() if found else ""
    return bool(found) and (not date or bool(DATE_LINE.match(date)))


def embedded_posts(text: str, spans: Sequence[Span]) -> tuple[set[int], set[int]]:
    """(post sentences, signature lines): sentence indices of embedded posts' text and of their signatures.

    A post is the block right above its signature: the sentences back to the previous blank line
    (one blank line between the post and its signature is allowed), never past another signature.
    """
    signatures = {i for i, s in enumerate(spans) if is_signature(text[s.start:s.end])}
    posts: set[int] = set()
    for i in sorted(signatures):
        block: list[int] = []
        j = i - 1
        while j >= 0 and j not in signatures:
            gap = text[spans[j].end:spans[j + 1].start]
            if block and "\n\n" in gap.replace("\r", ""):
                break
            block.append(j)
            j -= 1
        if block and spans[block[0]].end - spans[block[-1]].start <= MAX_POST_CHARS:
            posts.update(block)
    return posts, signatures
