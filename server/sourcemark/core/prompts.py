"""The page's own machinery speaking to the reader (guide, decision 8): prompts, forms, notices, widgets.

Sign-in and sign-up forms, paywalls, appeals for money, newsletter boxes, cookie and privacy
prompts, players, share and comment controls, notices that the article changed. Each pattern is
anchored to the whole line and names the reader, the page, the inbox, the device or the offer,
which a sentence of the news does not; `furniture.is_furniture` applies them with the article's
own furniture (dates, credits, bylines, sub-heads).
"""
from __future__ import annotations

import re

_F = re.IGNORECASE | re.VERBOSE

# Prompts, forms, widgets and notices that pages carry and articles do not.
_PAGE = re.compile(
    r"""^(?:
        (?:log|sign)\s+in\b.* | register(?:\s+for\s+free)?\b[^.!?]*$ | create\s+(?:a\s+)?(?:free\s+)?account\b.*
      | enter\s+your\s+(?:email|e-mail|postcode|zip|name|password)\b.* | (?:your\s+)?e-?mail(?:\s+address)?\s*\*?$
      | forgot(?:ten)?\s+your\s+password\??$ | already\s+(?:a\s+)?(?:subscriber|member|registered)\b.*
      | (?:already|don['’]t)\s+have\s+an\s+account\b.* | passwords?\s+(?:must|should|needs?\s+to)\s+(?:be\s+at\s+least|contain|include|have|match)\b[^.!?,]*[.!]?
      | i['’]m\s+not\s+a\s+robot$ | (?:this\s+(?:site|page|form)\s+is\s+)?protected\s+by\s+recaptcha\b.*
      | (?:something\s+went\s+wrong|please\s+try\s+again)\b[^.!?]*[.!]? | (?:an?\s+)?(?:error|problem)\s+(?:has\s+)?occurred\b.*
      | fields\s+marked\b.* | required\s+fields?\b.* | please\s+enter\s+a\s+valid\b.*
      | (?:show|load|view|see)\s+(?:all|more|less|fewer|key\s+events)\b[^.!?]*$ | back\s+to\s+(?:top|the\s+\w+(?:\s+\w+)?)$
      | jump\s+to\b[^.!?]*$ | scroll\s+(?:down|up)\b.* | listen\s+to\s+(?:this|the)\s+(?:article|story|podcast)\b.*
      | reading\s+time\b.* | \d+\s*(?:-|\s)?min(?:ute)?s?\s+read$
      | send\s+us\s+(?:a\s+)?(?:tip|story|your)\b.* | got\s+a\s+(?:story|tip)\b.* | tell\s+us\s+what\s+you\s+think\b.*
      | have\s+your\s+say\b.* | (?:e-?mail|contact)\s+(?:us|the\s+(?:newsroom|author|desk))\b.*
      | have\s+you\s+been\s+affected\b.*
      | (?:log\s+in\s+to|leave\s+a|post\s+a|add\s+a)\s+comment\b.* | be\s+the\s+first\s+to\s+comment\b.*
      | join\s+the\s+(?:conversation|discussion|debate)\b[^.!?]*[.!]?$ | commenting\s+(?:is|has\s+been)\s+(?:now\s+)?closed\b.*
      | comments\s+(?:are|have\s+been)\s+(?:now\s+)?closed\b.* | this\s+discussion\s+(?:is|has\s+been)\s+(?:now\s+)?closed\b.*
      | readers['’]?\s+comments?\b.* | show\s+all\s+\d+\s+comments?$
      | more\s+(?:on|about|from|in)\s+(?:this|the)\s+(?:story|topic|author|series|section)\b[^.!?]*$
      | (?:also\s+in\s+the\s+news|latest\s+from\s+the\s+\w+|you\s+might\s+also\s+like|you\s+may\s+also\s+like|
         recommended(?:\s+for\s+you)?|don['’]t\s+miss|editor['’]?s\s+picks?|most\s+(?:read|popular|viewed|shared)|
         trending(?:\s+now)?|related(?:\s+(?:articles|stories|coverage|topics|content|links))?:?|more\s+coverage|
         further\s+reading|explore\s+more|around\s+the\s+web|quick\s+links|useful\s+links)$
      | (?:filed\s+under|tags?|topics?|keywords?|series|categories|category|section)\s*:.*
      | download\s+(?:the|our)\s+app\b.* | get\s+the\s+app$ | open\s+in\s+(?:the\s+)?app$ | turn\s+on\s+notifications\b.*
      | (?:enable|manage|get)\s+(?:breaking\s+news\s+)?alerts\b.*
      | try\s+(?:\d+|one|a)\s+(?:month|week)s?\s+(?:for\s+)?free\b.* | subscribe\s+to\s+(?:keep|continue)\s+reading\b.*
      | unlock\s+(?:full\s+)?(?:access|this\s+article)\b.* | support\s+(?:our|independent|quality)\s+journalism\b.*
      | become\s+a\s+(?:member|subscriber|supporter)\b.* | make\s+a\s+(?:contribution|donation)\b.* | donate$
      | thank\s+you\s+for\s+(?:reading|signing\s+up|subscribing|your\s+feedback)\b.* | check\s+your\s+inbox\b.*
      | you\s+can\s+unsubscribe\b.* | by\s+(?:signing\s+up|subscribing|registering|continuing|clicking)\b.*
      | you\s+have\s+read\s+\d+\s+(?:of|out\s+of)\s+\d+\b.* | this\s+(?:article|story|content)\s+is\s+(?:for|only\s+for|available\s+to)\s+subscribers\b.*
      | every\s+contribution\b.* | get\s+(?:our|the)\s+[^.!?]{0,40}\b(?:e-?mail|newsletter|briefing)\b.*
      | (?:our|the)\s+free\s+newsletter\b.* | (?:we|this\s+(?:site|website))\s+uses?\s+cookies\b.*
      | accept\s+(?:all\s+)?cookies$ | (?:accept|reject)\s+all$ | (?:manage|cookie)\s+(?:preferences|settings|cookies)$
      | cookie\s+(?:policy|notice|settings|preferences)\b.* | (?:privacy|cookie)\s+policy$ | terms\s+(?:of\s+(?:use|service)|and\s+conditions)$
      | do\s+not\s+sell\s+(?:or\s+share\s+)?my\b.* | your\s+privacy\s+choices$ | i\s+agree\s+to\s+the\b.* | some\s+features\s+may\s+not\s+work\b.*
      | this\s+material\s+may\s+not\s+be\s+(?:published|reproduced)\b.* | registered\s+in\s+england\b.*
      | (?:sponsored|presented|supported|brought\s+to\s+you)\s+by\s+[^.!?]+$ | in\s+partnership\s+with\s+[^.!?]+$
      | paid\s+(?:post|content|partnership)$ | partner\s+content$ | promoted(?:\s+content)?$ | (?:remove|go)\s+ad-?free$|ad-?free\b[^.!?]*$
      | remove\s+ads$ | this\s+(?:article|page|post)\s+(?:contains|may\s+contain)\s+affiliate\s+links\b.*
      | we\s+(?:may\s+)?(?:earn|receive)\s+(?:a\s+)?commission\b.* | prices\s+(?:were\s+|are\s+)?(?:correct|accurate)\s+at\s+the\s+time\b.*
      | affiliate\s+disclosure\b.*
      | this\s+(?:article|story)\s+(?:was\s+(?:amended|updated|originally\s+published|first\s+published)|is\s+more\s+than\s+\d+)\b.*
      | a\s+version\s+of\s+this\s+(?:article|story)\s+(?:appeared|was\s+published)\b.*
      | (?:show\s+)?key\s+events(?:\s+only)?$ | pinned\s+post$ | \d+\s+new\s+(?:posts?|updates?)$
      | scroll\s+down\s+for\s+the\s+latest\b.* | welcome\s+to\s+(?:our|the)\s+live\s+(?:coverage|blog)\b.*
      | we['’]re\s+pausing\s+(?:our|this)\s+live\b.* | that['’]s\s+all\s+from\s+(?:us|me)\b.* | catch\s+up\s+on\s+the\s+key\b.*
      | summary\s+of\s+the\s+day$ | (?:full|half)-?\s*time\s*:\s*[^.!?]+$
      | link\s+copied$ | copy\s+(?:the\s+)?link$
      | story\s+continues\s+(?:below|after)\b.* | (?:article|story)\s+continues\s+(?:below|after)\b.*
      | continue\s+reading\b.* | read\s+(?:the\s+)?full\s+(?:story|article|report)(?:\s+(?:here|below|online|(?:on|at|in)\s+[^.!?]{1,40}))?[.:!]?
    )$""", _F)

# Notices about the page itself rather than the news: that the article was corrected (what a
# correction says was wrong is a claim, as the corpus labels it), the live blog's sign-off, the state of a reader's subscription, offers and privacy prompts. Each names the
# article, the blog, the inbox or the offer, which a sentence of the news does not.
_NOTICE = re.compile(
    r"""^(?:
        (?:(?:corrections?|clarifications?|editor['’]?s\s+note|update|note)[^:—–]{0,25}[:—–\-]\s*)?
        this\s+(?:article|story|post|piece|report|newsletter)\s+(?:has\s+been|was|is\s+being)\s+
        (?:updated|corrected|amended|changed|edited)\b.*
      | (?:corrections?|clarifications?)(?:\s+(?:and|&)\s+clarifications?)?(?:\s+appended)?:?
      | that['’]s\s+(?:it|all)\s+(?:for|from)\s+(?:today|tonight|now|us|me|this\s+\w+|our\s+\w+)\b.*
      | (?:we|i)(?:['’]ll|\s+will)\s+be\s+back\b(?![^"“”]*\b(?:said|says|told|added)\b).*
      | (?:(?:this|our|the)\s+)?live\s+(?:coverage|blog|updates?|page)\s+(?:has|have|is|are)\s+(?:now\s+)?
        (?:ended|closed|finished|paused)\b.*
      | (?:we\s+are|we['’]re)\s+(?:ending|closing|wrapping\s+up|pausing)\s+(?:our|this|the)\s+live\b.*
      | as\s+it\s+happened | auto-?\s?(?:update|refresh)(?:\s+(?:on|off))?
      | you(?:['’]re|\s+are)\s+(?:now\s+)?(?:all\s+set|subscribed|signed\s+up|registered|logged\s+in|signed\s+in)\b[^.!?]*[.!]?
      | (?:this|that|your)\s+e-?mail(?:\s+address)?\s+(?:is|has\s+been)\s+(?:already\s+)?
        (?:registered|in\s+use|subscribed|invalid|verified)\b.*
      | (?:you\s+(?:can|may)\s+)?unsubscribe\s+(?:at\s+)?any\s*time\b.* | free\s+to\s+(?:join|sign\s+up)\b.*
      | cancel\s+(?:at\s+)?any\s*time\b.*
      | we(?:['’]ll|\s+will)\s+(?:only\s+)?(?:use|never\s+(?:share|sell)|not\s+(?:share|sell))\s+your\s+
        (?:e-?mail|details|data|information)\b.*
      | (?:get|receive|have)\s+[^.!?]{0,60}?\b(?:to|in|into)\s+your\s+inbox\b.*
      | [^.!?]{1,60}?(?:,\s*|\s+(?:delivered|sent|straight|direct(?:ly)?)\s+)(?:straight\s+)?(?:to|in|into)\s+your\s+inbox
        [^.!?]{0,30}[.!]?
      | (?:your|the|our)\s+(?:daily|weekly|monthly|morning|evening|weekend|free)\s+
        (?:guide|round-?up|briefing|digest|newsletter|email|dose|edit)\b[^.!?]*[.!]?
      | (?:stay|keep)\s+(?:informed|up\s+to\s+date|in\s+the\s+know|connected)\b[^.!?]*[.!]?
      | don['’]t\s+miss\s+(?:a|an|out|the)\b[^.!?]{0,40}[.!]?
      | (?:limited[-\s]time\s+|special\s+|introductory\s+)?offers?\s+(?:ends?|expires?|closes?)\b[^.!?]*[.!]?
      | (?:subscribe|join|start)\b[^.!?]{0,30}?\b(?:for|from|at)\s+(?:just\s+|only\s+)?[$£€₹]\s?\d[^.!?]*
      | (?:paid\s+(?:post|content|partnership|promotion)|partner\s+content|sponsored\s+(?:post|story|feature))
        (?:\s*[:|]\s*|\s+(?:with|by|from|for)\s+)[^.!?]*
      | (?:content|stories)\s+from\s+(?:our\s+)?partners?\b.*
      | we\s+(?:value|respect|care\s+about)\s+your\s+privacy\b.* | your\s+privacy\s+(?:matters|is\s+important)\b.*
      | (?:ok|okay),?\s+(?:got\s+it|i\s+agree)!? | (?:agree|accept)\s+(?:and|&)\s+(?:close|continue)
      | the\s+(?:week|day|month|year|weekend)\s+in\s+[^.!?]{1,30}
      | (?:comments?|commenting|discussion|replies)\s+(?:(?:are|is|have\s+been|has\s+been)\s+)?(?:now\s+)?
        (?:closed|open|disabled|off|suspended)\.?
    )$""", _F)

# The page's machinery talking to the reader: players, paywalls, appeals for money, newsletter
# thanks, sponsorship of an edition. Written after the second holdout (data/furniture_holdout_2.jsonl)
# showed each family missed; every phrase names the reader's device, access or money, or the
# page's own edition, which a sentence of the news does not.
_WIDGET = re.compile(
    r"""^(?:
        media\s+playback\s+is\s+(?:unsupported|not\s+supported)\b.* | (?:the\s+)?(?:video|audio)\s+player\s+(?:is\s+)?loading\b.*
      | (?:please\s+)?(?:turn\s+on|enable)\s+javascript\b.* | [^.!?]{0,40}\bisn['’]t\s+available\s+in\s+your\s+(?:region|country)\b.*
      | this\s+(?:content|video|audio|page|feature)\s+is\s+not\s+available\s+in\s+your\s+(?:region|country|location)\b.*
      | embedded\s+content\s+from\s+[^.!?]{1,40}\s+is\s+blocked\b.* | this\s+audio\s+is\s+auto-?generated\b.*
      | you(?:['’]ve|\s+have)\s+reached\s+(?:your|the)\s+(?:limit|maximum)\s+of\s+free\b.*
      | (?:you\s+have\s+)?\d+\s+free\s+(?:articles?|stories|reads)\s+(?:left|remaining)\b.*
      | unlock\s+unlimited\s+access\b.* | get\s+unlimited\s+(?:digital\s+)?access\b.*
      | (?:if\s+you\s+value\s+our\s+(?:reporting|journalism)|our\s+(?:journalism|reporting)\s+is\s+funded\s+by\s+readers)\b.*
      | (?:please\s+)?consider\s+(?:making\s+a\s+(?:contribution|donation)|supporting\s+(?:us|our\s+\w+))\b.*
      | thanks?\s+(?:you\s+)?for\s+(?:signing\s+up|subscribing|registering)\b.* | never\s+miss\s+a\s+story\b.*
      | (?:follow|join)\s+us\s+on\s+(?:whatsapp|telegram|google\s+news|x|twitter|instagram|facebook|tiktok|threads|bluesky)\b.*
      | join\s+[\d,.]+\s*(?:k|m|million|thousand)?\s+(?:other\s+)?(?:readers|subscribers|people)\b.*
      | (?:today['’]s|this)\s+(?:edition|newsletter|episode|podcast|briefing)\s+is\s+(?:brought\s+to\s+you|sponsored|supported|presented)\s+by\b.*
      | this\s+(?:story|article|report|investigation)\s+was\s+(?:produced|published|reported|co-?published)\s+
        (?:in\s+(?:partnership|collaboration)|with\s+(?:support|the\s+support|funding))\b.*
      | we['’]ll\s+bring\s+you\s+(?:the\s+latest|updates|more)\b[^.!?]*[.!]?
      | (?:markets?\s+)?data\s+(?:is\s+)?delayed\s+(?:by\s+)?(?:at\s+least\s+)?\d+\s+minutes\b.*
      | our\s+editors\s+independently\s+(?:select|choose|research)\b.* | view\s+deal\s+at\s+[^.!?]{1,40}
      | why\s+you\s+can\s+trust\s+(?:us|[A-Z][^.!?]{0,30}) | fact[-\s]checked\s+by\s+[^.!?]{1,40} | fact\s+check\s+by\s+[^.!?]{1,40}
      | (?:topics|people|companies)\s+mentioned\s+in\s+this\s+(?:article|story) | add\s+to\s+(?:your\s+)?saved\s+(?:stories|articles)
    )$""", _F)

# The site's service lines: asks for money or tips, app and player messages, error and moderation
# messages, affiliate and trust boxes, copyright terms, live-blog promises. Written after the third
# holdout (data/furniture_holdout_3.jsonl) showed each family missed; like the patterns above, each
# names the reader, the page, its links or its app.
_SERVICE = re.compile(
    r"""^(?:
        (?:[^.!?]{1,60}\s[—–\-]\s*)?(?:please\s+)?(?:chip\s+in|give|donate|contribute)(?:\s+[$£€₹]\s?\d+)?\s+(?:today|now)[.!]?
      | (?:for\s+(?:the|a)\s+(?:better|best)\s+experience,?\s+)?(?:read|open|view|continue)\s+
        (?:(?:this|the\s+full)\s+(?:story|article)\s+)?in\s+(?:our|the)\s+app[.!]?
      | your\s+browser\s+(?:does\s+not|doesn['’]t|cannot|can['’]t)\s+(?:support|play|display)\b.*
      | (?:sorry,?\s+)?this\s+(?:video|audio|clip|content|page|article|gallery)\s+is\s+(?:no\s+longer|not|currently\s+not|currently\s+un|un)\s*available
        (?:\s+in\s+your\s+(?:region|country|location))?[.!]?
      | error\s+loading\b[^.!?]*[.!]? | (?:page|story|article)\s+not\s+found[.!]?
      | your\s+comment\s+(?:will|may|has\s+been|is\s+awaiting|is\s+pending)\b[^.!?]*[.!]?
      | (?:when|if)\s+you\s+(?:buy|purchase|shop|book|subscribe)\b[^.!?]{0,40}\blinks?\b.*
      | (?:about|read|see)\s+our\s+(?:[\w-]+\s+){0,3}(?:process|standards|policy|policies|principles|methodology|guidelines)
      | (?:do\s+you\s+)?(?:know|have)\s+(?:something|anything|information|a\s+(?:tip|story))\s+(?:we\s+should|about\s+this|to\s+share)\b[^.!?]{0,40}\?
      | (?:reach|contact|message|e-?mail)\s+us\s+(?:securely|confidentially|anonymously|privately|here|now)\b[^.!?]{0,40}[.!]?
      | not\s+for\s+(?:re-?)?(?:distribution|publication|resale|sale|broadcast)\b[^.!?]{0,40}[.!]?
      | (?:sign\s+up|subscribe|register|join)\s+(?:here|now|today|for\s+free)[.!]?
      | more\s+to\s+(?:come|follow)[.!]? | (?:more\s+)?details\s+to\s+follow[.!]?
      | (?:note:?\s*)?(?:figures|totals|numbers|percentages)\s+may\s+not\s+(?:add\s+up|sum)\b[^.!?]*[.!]?
      | condolences\s+(?:may|can)\s+be\s+(?:sent|left|offered|shared)\b[^.!?]*[.!]?
    )$""", _F)

PATTERNS = (_PAGE, _NOTICE, _WIDGET, _SERVICE)
