"""Two folds of the news-events reports, by source, for choices made on one and checked on the other.

A report's source is the prefix of its id (``bbc-022`` -> ``bbc``); every report of one source
falls in one fold, so a rule fitted to one publisher's style is tested on other publishers. The
folds balance report counts and kinds: fold ``a`` holds BBC politics, the extraction benchmark's
web articles and ECB+ first-half topics; fold ``b`` PolNeAR, LGL local news and ECB+ second-half
topics. An unknown source goes to fold ``a``.
"""
from __future__ import annotations

import re

_FOLD_B = ("polnear", "lgl")


def fold_of(doc_id: str) -> str:
    source = doc_id.split("-", 1)[0]
    if source == "ecb":
        topic = re.match(r"ecb-(\d+)_", doc_id)
        return "b" if topic and int(topic.group(1)) > 18 else "a"
    return "b" if source in _FOLD_B else "a"
