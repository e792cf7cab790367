"""Page furniture (guide, decision 8): lines of a web page that are not sentences of the article.

Each pattern is anchored to the whole line and names a form that pages use and articles do not:
measured on `data/furniture.jsonl` (furniture and short claim lines) and on the claim sentences of
the corpus and the public sets, where it must leave real claims alone. The short-line fallback
lives in `labels.is_non_claim`; `is_short_clause` keeps very short headlines ("Mayor resigns")
out of it. The page's prompts, forms and widgets live in `prompts.py`.
"""
from __future__ import annotations

import re

from . import cues, headings, prompts

_F = re.IGNORECASE | re.VERBOSE

_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_TIME = r"\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)"
_ZONE = r"(?:gmt|bst|utc|cet|cest|et|est|edt|ct|cst|cdt|pt|pst|pdt|ist|aest|aedt|jst|local\s+time)"
_DATE_WORD = (rf"(?:{_DAY}|{_MONTH}|{_TIME}|{_ZONE}|\d{{1,4}}(?:st|nd|rd|th)?|\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|"
              r"today|yesterday|ago|just|now|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?|"
              r"spring|summer|autumn|fall|winter|week|day|on|at|of|the)")
# A date or time stamp, alone or after "Published", "Updated", "Live:"...: no other words.
DATE_LINE = re.compile(
    rf"""^(?:(?:first\s+|originally\s+|last\s+)?(?:published|updated|posted|modified|filed|live)\b:?\s*(?:on\s+)?)?
        (?=.*(?:\d|{_DAY}|{_MONTH}|\bago\b|\byesterday\b|\btoday\b|\bjust\s+now\b))
        {_DATE_WORD}(?:[\s,/|·:\-–—]+{_DATE_WORD})*\s*$""", _F)
# A live-blog time stamp with a short label after it: "12:00 ET — Opening bell".
_STAMPED_LABEL = re.compile(rf"^(?:{_TIME})\s*(?:{_ZONE})?\s*[—–\-|:]\s*[^.!?]{{1,40}}$", _F)

_CREDIT = re.compile(
    r"""^(?:[—–\-]\s*)?\(?(?:(?-i:[A-Z]{1,5})\s+)?(?:photo(?:graph)?s?|pictures?|images?|illustrations?|composite|graphics?|charts?|maps?|video|
        audio|footage|credits?|image\s+credit|photo\s+credit|source)\s*(?::|by\b)[^.!?]*\)?$
      | ^(?:[\w.'’\-]+\s+){0,3}(?:via\s+)?(?:getty\s+images|reuters|ap|afp|epa|pa(?:\s+media)?|
        shutterstock|alamy|bloomberg|handout)(?:\s*/\s*[^.!?]*)?$
      | ^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\s*/\s*[A-Z][\w&.'’ \-]{1,40}$
      | ^(?:image|photo|picture|slide|page|part|episode|chapter)\s+\d+\s+of\s+\d+$ | ^\d+\s*/\s*\d+$
      | ^(?:video|audio|watch|listen)\b[,:]?\s*\d{1,2}:\d{2}(?::\d{2})?$
      | ^(?:open|view|expand)\s+(?:image|photo|picture)s?(?:\s+in\s+(?:gallery|full\s*screen))?$
      | ^(?:handout|file|stock)\s+(?:photo|image|picture)s?$
      | ^(?:(?:photo|picture|image)s?\s+)?courtesy\s+(?:of\s+)?[^.!?,]{2,40}$
      | ^\(?(?:[A-Z]{2,6}|file|staff|handout)\s+(?:photo|picture|image|pic)s?(?:\s*/\s*[^.!?]{1,40})?\)?$""", _F)

_BYLINE = re.compile(
    r"""^(?:written|reported|reporting|edited|editing|words|text|compiled|produced|additional\s+reporting|
        research|interviews?)\s+(?:by\b|:)[^.!?]*$
      | ^by\s+[A-Z][^.!?]{1,80}\s*[|—–]\s*[^.!?]{1,40}$
      | ^from\s+our\s+(?:own\s+)?(?:\w+\s+)?(?:correspondents?|staff|reporters?)\b[^.!?]*$
      | ^(?:more|latest)\s+(?:by|from)\s+[^.!?]{1,60}$
      | ^follow\s+[^.!?]{1,40}\s+on\s+(?:x|twitter|instagram|facebook|tiktok|threads|bluesky|linkedin|mastodon)\b.*$
      | ^[^\s.!?]+(?:\s+[^\s.!?]+){0,3}\s+@\w+$""", _F)
# "Tomás Herrera, Science Correspondent": a name, a comma, a newsroom title, nothing else.
_NAME_TITLE = re.compile(
    r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3},\s+(?:[A-Za-z&]+\s+){0,3}"
    r"(?:correspondent|editor|reporter|writer|columnist|critic|contributor|producer|photographer)s?$",
    re.IGNORECASE)
# "Noor Hassan, Special to the Sun": a contributor's line.
_SPECIAL_TO = re.compile(r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3},\s+(?:special|exclusive)\s+to\s+(?:the\s+)?[A-Z][^.!?]{1,40}$",
                         re.IGNORECASE)
# An author's bio line: "Sara Lindqvist is a freelance writer based in Gothenburg."
_BIO = re.compile(
    r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}\s+is\s+(?:a|an|the)\s+[^.!?\d]{0,60}?"
    r"\b(?:writer|journalist|correspondent|columnist|reporter|contributor|critic|broadcaster|"
    r"(?:political|deputy|associate|contributing|features|news|sports?|business|science|health|"
    r"education|arts|foreign|home|digital)\s+editor)\b[^.!?\d]{0,60}\.?$")

# A columnist's or reporter's line about their beat: "Ravi Sundaram writes the Money Matters column
# every Sunday", "Ana Ruiz covers courts for the Ledger".
_BEAT = re.compile(
    r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}\s+(?:writes\s+(?:the|a)\s+[^.!?\d]{0,40}\bcolumn\b"
    r"|(?:covers|reports\s+on|writes\s+about)\s+[^.!?\d]{2,50}\s+for\s+(?:the\s+)?[A-Z])[^.!?\d]{0,40}\.?$")
# A row of figures under a short name: a ticker, a fund's price, a league or results table
# ("Dow Jones 43,112.80 -0.31%", "Ward 7   2,341   48.2%"); two figures at least, no sentence.
# Each figure or arrow is one whitespace-separated token, so a line splits into them one way only
# (a separator that two tokens could share made failing lines take exponential time).
_DATA_ROW = re.compile(r"^[^.!?\d]{0,40}?[^.!?]{0,8}?(?:\s+(?:[▲▼↑↓]|[▲▼↑↓]?[+\-−]?[$£€₹]?\d[\d,.]*%?[▲▼↑↓]?)){2,40}\s*$")
# A weather widget's reading: "Feels like 34°", "Humidity 82% | Wind 14 km/h".
_WEATHER = re.compile(
    r"^(?:feels\s+like|real\s*feel|high|low|wind|humidity|uv(?:\s+index)?|rain|precipitation|chance\s+of\s+rain)"
    r"\s*:?\s*[^.!?]{0,25}?\d+\s*(?:°[cf]?|%|km/h|mph)[^.!?]{0,25}$", re.IGNORECASE)
# A press release's section headings: "About Kestrel Dynamics", "Media contact:".
_RELEASE_HEAD = re.compile(
    r"^(?:About\s+(?:the\s+)?[A-Z][\w&.'’\-]*(?:\s+(?:[A-Z][\w&.'’\-]*|of|and|&|for|the)){0,5}"
    r"|(?i:forward[-\s]looking\s+statements|media\s+(?:contacts?|enquiries|inquiries)|notes?\s+to\s+editors))\s*:?$")

# A kicker or sub-head naming what follows, with no claim in it ("Key points", "What we know so far").
_SUBHEAD = re.compile(
    r"""^(?:key\s+(?:points|facts|events|dates|numbers|questions|takeaways)|what\s+we\s+(?:still\s+|now\s+|already\s+)?(?:know|don['’]t\s+know)(?:\s+so\s+far)?
      | what\s+happens\s+(?:now|next)\??|what['’]?s\s+next\??|what\s+comes\s+next\??|why\s+it\s+matters|how\s+we\s+got\s+here
      | how\s+it\s+(?:unfolded|happened|works)|the\s+story\s+so\s+far|the\s+(?:background|bottom\s+line|numbers|details|verdict)
      | at\s+a\s+glance|in\s+brief|need\s+to\s+know|things\s+to\s+(?:watch|know)|(?:\w+\s+)?takeaways|timeline
      | frequently\s+asked\s+questions|more\s+on\s+this\s+story|catch\s+up\s+on\s+the\s+day|top\s+stories
      | where\s+(?:things|we|it|matters)\s+(?:stand|stands|are|is)(?:\s+now)?|what\s+was\s+said
      | what\s+(?:the\s+)?\w+\s+(?:say|said|think)|(?:the\s+)?(?:reaction|response|fallout|aftermath|context)
      | the\s+(?:bigger|wider|big)\s+picture|the\s+road\s+ahead|elsewhere(?:\s+in\s+[\w\s]{1,25})?)\s*:?$""", _F)

# "BERLIN, March 14 (Reuters) -", "NAIROBI, Kenya —": a place in capitals, then only a dash.
_DATELINE = re.compile(
    rf"^[A-Z]{{2,}}(?:[ ,]+[A-Za-z.]+){{0,3}},?\s*(?:(?i:{_MONTH})\s+\d{{1,2}})?\s*(?:\([A-Za-z .]+\))?\s*[—–\-:]\s*$")

# A caption that ends in its credit ("... in Los Angeles County. (AP Photo/Jae C. Hong)") or starts
# with the tabloid's "Pictured:".
_CAPTIONED = re.compile(
    r"""^(?:pictured\s*:\s*[^\n]{3,300}
      | [^\n]{10,300}\(\s*(?:(?:AP|AFP|PA|EPA|UPI|PTI|ANI|IANS|Xinhua)\s+(?:photo|images?)|(?:photo|picture|image)s?\s*(?::|by)\s*[^()]{2,60}
        |reuters|getty\s+images|shutterstock|alamy|handout)(?:\s*/\s*[^()]{1,60})?\s*\))$""", _F)

_PATTERNS = (DATE_LINE, _DATELINE, _STAMPED_LABEL, _CREDIT, _BYLINE, _NAME_TITLE, _SPECIAL_TO, _BIO, _BEAT, _SUBHEAD,
             _CAPTIONED, _DATA_ROW, _WEATHER, _RELEASE_HEAD, *prompts.PATTERNS)

# Nouns that page furniture is made of ("Key points", "Top stories", "Book reviews"): not verbs.
_FURNITURE_NOUN = re.compile(
    r"^(?:points|facts|events|stories|articles|topics|links|picks|results|updates|posts|comments|shares|notes|"
    r"sources|tags|stats|scores|fixtures|takeaways|questions|details|numbers|headlines|highlights|newsletters|"
    r"podcasts|puzzles|crosswords|horoscopes|jobs|classifieds|letters|features|obituaries|markets|sports|news|"
    r"preferences|settings|cookies|conditions|terms|services|alerts|deals|reviews|videos|pictures|photos|"
    r"images|contents|pages|episodes|series|analysis|affairs|issues|matters|guides|explainers|opinions|"
    r"views|voices|interviews|listings|reads|tables|standings|odds|weather|money|travel)$", re.IGNORECASE)
# Words furniture labels start with or are joined by; a verb never follows them in a short headline.
_LABEL_WORD = re.compile(
    r"^(?:the|a|an|and|or|of|in|on|for|to|at|by|with|from|our|your|my|this|that|these|all|more|most|new|top|"
    r"key|latest|related|useful|quick|further|other|live|editor['’]s|&|\+|\||[-–—])$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s]+")
# A result between two names ("Harlequins 24-17 Bath") is a headline claim.
_SCORE = re.compile(r"[A-Za-z]\s+\d{1,3}\s*[-–]\s*\d{1,3}\s+[A-Z]")


def is_short_clause(text: str) -> bool:
    """True for a very short headline with a verb ("Mayor resigns", "Prices fall", "Toll scrapped").

    Without a tagger, a verb is guessed from shape: after the first word, a word ending in -s or
    -ed, or any word after a plural noun, unless it is a noun furniture is made of or follows a
    word furniture labels start with ("Key points", "Most viewed").
    """
    words = [w.strip(",;:!?.") for w in _TOKEN.findall(text)]
    if len(words) < 2 or not words[0][:1].isalpha():
        return False
    # A verb of headline English ("Port sold") or a word of judgement ("A shameful verdict").
    if headings.is_headline_clause(text) or cues.OPINION.search(text):
        return True
    if _SCORE.search(text):
        return True
    for prev, word in zip(words, words[1:]):
        low, plow = word.lower(), prev.lower()
        if not low.isalpha() or _LABEL_WORD.match(low) or _LABEL_WORD.match(plow) or _FURNITURE_NOUN.match(low):
            continue
        if low.endswith("ed") or (low.endswith("s") and not low.endswith(("ss", "us", "is"))):
            return True
        if plow.endswith("s") and not plow.endswith(("ss", "us", "is", "'s", "’s")) and len(low) > 2:
            return True
    return False


def is_furniture(text: str) -> bool:
    """True for a line that one of the page-furniture patterns covers whole."""
    stripped = text.strip()
    return any(p.match(stripped) for p in _PATTERNS)


def is_credit(text: str) -> bool:
    """True for a credit line ("Photo: Ana Ruiz/Reuters", "(PTI Photo)")."""
    return bool(_CREDIT.match(text.strip()))


# A caption is a line or two about the picture, ended by its credit on the same line (guide,
# decision 8: photo captions with credits); a paragraph of the article is longer.
_CAPTION_MAX_WORDS = 40


def captions(text: str, spans) -> set[int]:
    """Indexes of the spans (objects with .start and .end) that belong to a captioned credit line.

    A line of at most three sentences whose last is a credit: the sentences before it describe
    the picture, not the news.
    """
    found: set[int] = set()
    lines: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        lines.setdefault(text.rfind("\n", 0, span.start), []).append(i)
    for members in lines.values():
        last = spans[members[-1]]
        if len(members) < 2 or len(members) > 3 or not is_credit(text[last.start:last.end]):
            continue
        line_end = text.find("\n", last.end)
        if text[last.end:line_end if line_end >= 0 else len(text)].strip():
            continue
        if len(text[spans[members[0]].start:last.start].split()) <= _CAPTION_MAX_WORDS:
            found.update(members)
    return found
