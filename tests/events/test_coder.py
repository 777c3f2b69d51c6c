"""The event coder on sentences written for these tests, and the seed article check."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline import nlp
from dateline.events.coder import code_events
from dateline.events.places import find_places
from dateline.records import Abstention, Analysis, Document, Event, Place

pytestmark = pytest.mark.model


@pytest.fixture(autouse=True)
def rules_alone(monkeypatch):
    """These tests pin the rule layer (arguments, status, dates) sentence by sentence; whether
    the learned model keeps an event is tested in test_relevance.py and bench/events_docs.py."""
    monkeypatch.setenv("DATELINE_EVENT_MODEL", "0")
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "examples" / "seed-article.txt"
PUBLISHED = date(2021, 10, 19)


def code(text: str, published: date = PUBLISHED, title: str | None = None):
    """Parse and code directly (one-sentence texts are too short for language identification)."""
    document = Document(id=Document.make_id(text), clean_text=text, published_at=published, title=title)
    doc = nlp.parse(text)
    places = [p for p in find_places(doc, Analysis(document)) if isinstance(p, Place)]
    records = code_events(doc, Analysis(document, sentences=nlp.sentences(doc, document.id), places=places))
    return ([r for r in records if isinstance(r, Event)], [r for r in records if isinstance(r, Abstention)])


def only(text: str) -> Event:
    events, _ = code(text)
    assert len(events) == 1, [(e.type, e.trigger.text) for e in events]
    return events[0]


def countries(actors) -> set[str]:
    return {a.country for a in actors}


@pytest.mark.parametrize(
    ("sentence", "type_", "actor", "recipient"),
    [
        ("Egypt agreed on Monday to reopen its border crossing with Gaza.", "AGREE", "EGY", None),
        ("The Japanese prime minister visited Australia on Tuesday for talks on trade.", "CONSULT", "JPN", "AUS"),
        ("The German government praised Poland for its handling of the refugee crisis.", "SUPPORT", "DEU", "POL"),
        ("Kenya extradited two suspected smugglers to Tanzania on Friday.", "COOPERATE", "KEN", "TZA"),
        ("Sweden donated ten million dollars to Ethiopia for drought relief.", "AID", "SWE", "ETH"),
        ("The Colombian government lifted the state of emergency in the province of Cauca.", "CONCEDE", "COL", None),
        ("Rebels released 12 Nigerian hostages on Sunday.", "RETREAT", None, None),
        ("Brazil urged Venezuela to hold free elections.", "REQUEST", "BRA", "VEN"),
        ("The Chinese foreign ministry accused Australia of interfering in its internal affairs.", "ACCUSE", "CHN", "AUS"),
        ("Ukraine rejected a Russian proposal for a ceasefire.", "REJECT", "UKR", "RUS"),
        ("Iran threatened to close the Strait of Hormuz.", "THREATEN", "IRN", None),
        ("Thousands of Chilean students protested in Santiago against tuition fees.", "PROTEST", "CHL", None),
        ("Britain expelled two Russian diplomats on Wednesday.", "SANCTION", "GBR", "RUS"),
        ("India deployed troops along its border with China.", "MOBILIZE", "IND", None),
        ("Turkish police arrested 30 journalists in Istanbul on Tuesday.", "COERCE", "TUR", None),
        ("Israeli aircraft bombed targets in Gaza overnight.", "ASSAULT", "ISR", None),
    ],
)
def test_coder_codes_each_plover_type(sentence, type_, actor, recipient):
    events, abstentions = code(sentence)
    matching = [e for e in events if e.type == type_]
    if actor is None:  # "Rebels" name no country: PLOVER codes no event without an actor
        assert not matching and any(type_ in a.reason for a in abstentions)
        return
    assert matching, ([(e.type, e.trigger.text) for e in events], [a.reason for a in abstentions])
    event = matching[0]
    assert actor in countries(event.actors)
    if recipient:
        assert recipient in countries(event.recipients)
    assert event.score is not None and event.cameo
    assert set(event.evidence) >= {"type", "actors", "status"}


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Russian forces shelled the city of Kharkiv on Sunday.", "asserted"),
        ("Russian forces did not shell the city of Kharkiv.", "negated"),
        ("Russian forces could shell the city of Kharkiv.", "hypothetical"),
        ("Russian forces will shell the city of Kharkiv if the talks fail.", "conditional"),
        ("Russian forces are scheduled to shell the city of Kharkiv.", "planned"),
        ("Russian forces apparently shelled the city of Kharkiv.", "hedged"),
        ("Analysts say Russian forces shelled the city of Kharkiv.", "reported"),
    ],
)
def test_coder_status(sentence, status):
    event = only(sentence)
    assert event.type == "ASSAULT" and event.status == status
    assert "status" in event.evidence


def test_coder_reported_by_named_source_stays_asserted():
    event = only("North Korea has fired a ballistic missile into the sea, the South Korean and Japanese militaries said.")
    assert (event.type, event.mode, event.status) == ("MOBILIZE", "weapons", "asserted")
    assert {(a.country, a.sector) for a in event.reported_by} == {("KOR", "MIL"), ("JPN", "MIL")}


def test_coder_compound_actor_gives_several_actors():
    event = only("The United States and Japan condemned the missile launch by North Korea.")
    assert event.type == "ACCUSE" and countries(event.actors) == {"USA", "JPN"}


@pytest.mark.parametrize(
    ("sentence", "actor", "recipient"),
    [
        ("Pyongyang accused Washington of hostile policy.", "PRK", "USA"),
        ("Moscow criticised Kyiv over the delay.", "RUS", "UKR"),
    ],
)
def test_coder_metonyms_resolve_to_governments(sentence, actor, recipient):
    event = only(sentence)
    assert [(a.country, a.sector) for a in event.actors] == [(actor, "GOV")]
    assert countries(event.recipients) == {recipient}


def test_coder_dated_role_then_president():
    events, _ = code("Then-President Donald Trump met Kim Jong Un in Hanoi in February 2019.")
    event = next(e for e in events if e.type == "CONSULT")
    trump = next(a for a in event.actors if a.name and "Trump" in a.name)
    assert trump.country == "USA"
    assert event.date.precision == "month" and event.date.start == date(2019, 2, 1)


@pytest.mark.parametrize(
    ("sentence", "precision", "start"),
    [
        ("Syrian troops attacked the town yesterday.", "day", date(2021, 10, 18)),
        ("Syrian troops have attacked the town repeatedly since last month.", "since", date(2021, 9, 1)),
        ("Syrian troops attacked the town on Sunday.", "day", date(2021, 10, 17)),
        ("Syrian troops attacked the town last month.", "month", date(2021, 9, 1)),
        ("Syrian troops attacked the town.", "report", date(2021, 10, 16)),
        ("Syrian troops had attacked the town.", "unknown", None),
        ("Syrian troops will attack the town.", "unknown", None),
    ],
)
def test_coder_relative_dates(sentence, precision, start):
    event = only(sentence)
    assert (event.date.precision, event.date.start) == (precision, start)
    if precision == "unknown":
        assert event.missing["date"] and "date" not in event.evidence
    else:
        assert event.evidence["date"].text in sentence and "date" not in event.missing


def test_coder_evidence_spans_point_into_the_text():
    text = "Israeli soldiers arrested 40 Palestinians in Hebron on Saturday."
    event = only(text)
    for name, ev in event.evidence.items():
        assert text[ev.start_char:ev.end_char] == ev.text, name
    assert event.recipients or event.missing["recipients"] == "not stated"


@pytest.mark.parametrize(
    "sentence",
    [
        "The joint chiefs of staff did not immediately say what kind of ballistic missile was fired.",
        "Nuclear negotiations between Washington and Pyongyang have stalled for more than two years.",
        "The officials released a statement on Friday.",
    ],
)
def test_coder_codes_no_event(sentence):
    events, _ = code(sentence)
    assert [e for e in events if e.status == "asserted"] == []


def test_coder_negated_report_is_an_abstention_with_reason():
    _, abstentions = code("The joint chiefs of staff did not immediately say what kind of ballistic missile was fired.")
    assert any(isinstance(a, Abstention) and "negated report" in a.reason for a in abstentions)


def test_coder_headline_and_body_mentions_merge():
    text = ("Iran seizes British oil tanker in Gulf\n\n"
            "Iran has seized a British oil tanker in the Gulf, state media said.")
    events, _ = code(text, title="Iran seizes British oil tanker in Gulf")
    seized = [e for e in events if e.type == "COERCE"]
    assert len(seized) == 1 and [m.sentence_index for m in seized[0].mentions] == [1, 0]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/examples/seed-article.txt is absent (shared data not mounted)")
def test_coder_seed_article_check():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "seed_check.py"), str(SEED)],
                            capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "", "DATELINE_EVENT_MODEL": "0"})
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    # strict check: #8 ("has vowed ... since his diplomatic fallout with then-President Donald
    # Trump") is a since-event, but its year (2019) needs knowledge of when that fallout was
    assert summary == {"found": 12, "of": 13, "false_events": 0, "quotes_ok": 10, "quotes_total": 10}, result.stdout
    assert "#8   wrong" in result.stdout, result.stdout


@pytest.mark.skipif(not SEED.exists(), reason="../shared/examples/seed-article.txt is absent (shared data not mounted)")
def test_coder_seed_article_check_with_the_model():
    """With the learned model on (the default path), the seed loses the one event whose sentence
    the model scores under the keep threshold and that names no recipient (#8, "vowed to
    strengthen his nuclear deterrent"), and the model adds two ACCUSE events in quoted sentences
    (BENCHMARKS.md): this pins the measured level so that it cannot silently fall further."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "", "DATELINE_EVENT_MODEL": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "seed_check.py"), str(SEED)],
                            capture_output=True, text=True, check=True, env=env)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["found"] >= 12 and summary["false_events"] <= 2 and summary["quotes_ok"] == 10, result.stdout


@pytest.mark.parametrize(
    ("sentence", "type_", "status"),
    [
        # PLOVER manual 3.1: future cooperation announced is AGREE; 3.4: announced retreat is CONCEDE
        ("Finland said it will give Tanzania a grant of ten million dollars.", "AGREE", "asserted"),
        ("Israel announced it would withdraw its troops from the Gaza Strip.", "CONCEDE", "asserted"),
        # manual 2.3: a threatened use of force is THREATEN, not ASSAULT + future
        ("Iran said it will attack any tanker that enters its waters.", "THREATEN", "asserted"),
        ("Syria said it will not accept any more refugees.", "REJECT", "asserted"),
        ("Egypt is willing to reopen the Rafah crossing.", "AGREE", "asserted"),
        ("The Kremlin vowed to strengthen its nuclear deterrent.", "THREATEN", "asserted"),
    ],
)
def test_coder_intentions_follow_plover_rules(sentence, type_, status):
    events, _ = code(sentence)
    assert [(e.type, e.status) for e in events] == [(type_, status)]


def test_coder_claim_of_attack_is_an_accusation():
    events, _ = code("The United States claimed that Iran had attacked the tanker.")
    by_type = {e.type: e for e in events}
    assert countries(by_type["ACCUSE"].actors) == {"USA"} and countries(by_type["ACCUSE"].recipients) == {"IRN"}
    assert by_type["ASSAULT"].status == "reported"


def test_coder_demand_that_clause_is_a_request():
    events, _ = code("Russia said on Tuesday that Sudan must return the captured helicopter.")
    assert [(e.type, countries(e.actors), countries(e.recipients)) for e in events] == [("REQUEST", {"RUS"}, {"SDN"})]


def test_coder_event_place_from_locative_phrase_not_from_recipient():
    events, _ = code("The envoy of the United States held talks with allies in Seoul on Monday. "
                     "Japan made offers to Seoul.")
    talks = next(e for e in events if e.type == "CONSULT")
    assert talks.place is not None and talks.place.name == "Seoul" and talks.evidence["place"].text == "Seoul"
    offers = [e for e in events if e.type == "AGREE"]
    # "to Seoul" names the recipient: at most the report's country, never the city from the sentence
    assert offers and all(e.place is None or (e.place.origin == "report" and e.place.precision == "country")
                          for e in offers)


def test_action_made_conditional_with_unless_is_a_threat():
    withdrawal = only("Kenya said it will withdraw its troops from Somalia unless the government pays their salaries.")
    assert (withdrawal.type, withdrawal.status) == ("THREATEN", "asserted")
    assert countries(withdrawal.actors) == {"KEN"} and countries(withdrawal.recipients) == {"SOM"}
    sanction = only("Ukraine will impose sanctions on Russia unless Moscow frees the sailors.")
    assert sanction.type == "THREATEN" and countries(sanction.recipients) == {"RUS"}


def test_conditional_promise_with_if_stays_a_promise():
    aid = only("Japan will send food aid to Peru if the floods continue.")
    assert (aid.type, aid.status) == ("AGREE", "conditional")


def test_pulling_troops_out_is_a_retreat():
    event = only("Kenya pulled its troops out of Somalia on Monday.")
    assert event.type == "RETREAT" and countries(event.actors) == {"KEN"}


def test_titled_unknown_person_takes_the_only_country_the_text_names():
    event = only("Judge Ana Ruiz opened an investigation against three Chilean ministers suspected of taking bribes.")
    assert event.type == "ACCUSE"
    assert countries(event.actors) == {"CHL"} and event.actors[0].sector == "JUD"
    assert event.actors[0].source.startswith("story country")


def test_story_country_is_not_borrowed_from_the_recipient_country():
    events, abstentions = code("President Alberto Ruiz threatened Peru with sanctions on Monday.")
    assert events == []
    assert any("only as the recipient" in a.reason for a in abstentions)


def test_story_country_needs_an_unambiguous_story():
    events, abstentions = code("Judge Ana Ruiz opened an investigation against Chilean and Peruvian ministers.")
    assert events == [] and any("no actor named that resolves" in a.reason for a in abstentions)


def test_refugees_do_not_take_the_story_country():
    events, _ = code("Refugees attacked a police station in Kenya on Monday.")
    assert all("KEN" not in countries(e.actors) for e in events)


def test_regional_group_takes_the_country_its_name_gives():
    event = only("The radical Palestinian Islamic Jihad movement rejected the invitation on Wednesday.")
    assert event.type == "REJECT" and countries(event.actors) == {"PSE"}


def test_pro_country_modifier_is_a_stance_not_a_nationality():
    events, _ = code("Pro-Iranian militias attacked the base on Monday.")
    assert all("IRN" not in countries(e.actors) for e in events)
    militias = only("Pro-Iranian militias in Iraq attacked the base on Monday.")
    assert countries(militias.actors) == {"IRQ"}


def test_un_agencies_are_un_igos():
    event = only("The International Labour Organization demanded that Israel ease restrictions on Palestinian workers.")
    assert event.type == "REQUEST" and event.actors[0].country == "UNO" and countries(event.recipients) == {"ISR"}


def test_story_country_may_come_from_a_city_in_the_recipient_phrase():
    event = only("President Omar Haddad threatened to impose a curfew in Algiers after days of unrest.")
    assert event.type == "THREATEN" and countries(event.actors) == {"DZA"} and event.actors[0].sector == "GOV"


def test_staged_hunger_strike_is_a_protest_despite_the_lemma_stag():
    event = only("Algerian activists staged a hunger strike on Sunday.")
    assert (event.type, event.mode, event.cameo) == ("PROTEST", "hunger", "142")
    assert countries(event.actors) == {"DZA"}


def test_event_noun_framed_by_a_light_noun():
    mediation = only("Egypt launched a mediation effort between Israel and Jordan on Monday.")
    assert (mediation.type, mediation.cameo) == ("CONSULT", "045") and countries(mediation.actors) == {"EGY"}
    talks = only("Norway began a new round of talks with Sri Lanka.")
    assert talks.type == "CONSULT" and countries(talks.recipients) == {"LKA"}


def test_person_before_their_dictionary_roles_keeps_country_and_text_title():
    events, _ = code("Vice-President Moody Awori has declined to resign despite growing pressure.", published=date(2000, 6, 1))
    assert [(e.type, e.actors[0].country, e.actors[0].sector) for e in events] == [("REJECT", "KEN", "GOV")]


def test_title_owner_beats_nationality_of_a_person_with_unknown_role():
    events, _ = code("Afghan rebel leaders said they would meet U.N. mediator Diego Cordovez on Friday.", published=date(2000, 6, 1))
    assert events and all(r.country == "UNO" and r.sector is None for r in events[0].recipients)


def test_infinitive_of_a_noun_does_not_borrow_the_clause_subject():
    events, _ = code("The Macedonian army prepared to resume shelling as attempts to resolve the crisis were deadlocked.")
    assert all(e.type != "CONCEDE" and e.type != "SUPPORT" for e in events)
    assert any(e.type == "MOBILIZE" and countries(e.actors) == {"MKD"} for e in events)


def test_coordinated_nationalities_of_a_group_are_a_compound_actor():
    event = only("The Turkish and Greek sides agreed to share information on Friday.")
    assert event.type == "AGREE" and countries(event.actors) == {"TUR", "GRC"}


def test_quantified_coordinated_recipients_are_all_kept():
    event = only("Security forces in Guinea have tortured scores of Sierra Leonean and Liberian refugees.")
    assert event.type == "ASSAULT" and countries(event.actors) == {"GIN"}
    assert countries(event.recipients) == {"SLE", "LBR"}


def test_attacking_plans_is_criticism_not_assault():
    event = only("Britain's opposition Conservative Party attacked the government's plans on Monday.")
    assert (event.type, event.cameo) == ("ACCUSE", "111")
    assault = only("Kenyan police attacked protesters in Nairobi on Monday.")
    assert assault.type == "ASSAULT"


def test_forcing_an_agency_out_is_an_expulsion():
    event = only("Jakarta forced the UN refugee agency out of the country.")
    assert (event.type, event.mode) == ("SANCTION", "expel")
    assert countries(event.actors) == {"IDN"} and event.recipients[0].country == "UNO"


def test_fighting_crime_or_launching_a_policy_plan_is_no_event():
    events, _ = code("British police said they would fight crime and terror.")
    assert events == []
    events, _ = code("A year ago, British ministers launched their anti-social behaviour plan.")
    assert events == []
    fight = only("Kenyan troops fought al-Shabaab militants in Somalia.")
    assert fight.type == "ASSAULT"


def test_long_story_naming_a_country_once_does_not_place_its_officials():
    text = ("Ministers met on Monday to discuss the budget. The talks lasted all day. "
            "Officials said the mood was calm. One adviser mentioned a trade deal with Peru. "
            "The finance minister accused the opposition of wasting time.")
    events, _ = code(text)
    assert all("PER" not in countries(e.actors) for e in events)


@pytest.mark.issue(4)
@pytest.mark.parametrize(
    ("sentence", "recipients"),
    [
        ("Iran's foreign ministry warned that Tehran would respond to any new pressure.", set()),
        ("The army attacked rebels in the north of Pakistan, Pakistani officials said.", {"PAK"}),
    ],
)
def test_coder_actor_is_never_its_own_recipient(sentence, recipients):
    events, _ = code(sentence)
    assert events
    for e in events:
        assert countries(e.recipients) == recipients
        assert ("recipients" in e.evidence) == bool(recipients)


@pytest.mark.parametrize(
    ("sentence", "recipient"),
    [
        ("Hundreds of Kenyan farmers blocked roads in Eldoret to protest the Kenyan government's new tax on maize.", "KEN"),
        ("A jailed Turkish journalist began a hunger strike on Monday in protest against his detention by Turkish police.",
         "TUR"),
    ],
)
def test_protest_target_comes_from_its_purpose_clause(sentence, recipient):
    events, _ = code(sentence)
    protest = next(e for e in events if e.type == "PROTEST")
    assert countries(protest.recipients) == {recipient}
    evidence = protest.evidence["recipients"]
    assert sentence[evidence.start_char:evidence.end_char] == evidence.text


def test_sides_of_a_compound_actor_are_not_also_its_recipients():
    event = only("Chilean and Peruvian officials agreed on Monday that their governments should help "
                 "Peruvian migrants in Chile return home.")
    assert countries(event.actors) == {"CHL", "PER"}
    assert event.recipients == ()


def test_compound_actor_keeps_a_third_party_recipient():
    event = only("France and Germany offered to send medical teams to Ukraine.")
    assert countries(event.actors) == {"FRA", "DEU"}
    assert countries(event.recipients) == {"UKR"}


def test_passive_commitment_takes_its_subject():
    event = only("Egypt's foreign minister said Egypt is committed to reopening the Rafah crossing.")
    assert (event.type, countries(event.actors)) == ("AGREE", {"EGY"})


def test_engaged_in_fighting_is_an_assault_by_the_passive_subject():
    event = only("Russian forces were engaged in fierce fighting with Ukrainian troops near Bakhmut.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("ASSAULT", {"RUS"}, {"UKR"})


@pytest.mark.parametrize(
    ("sentence", "actor", "sector"),
    [
        ("The al-Qaeda network threatened to attack American embassies in Africa.", "IMG", "REB"),
        ("The Iranian-backed Hezbollah (Party of God) movement declared a ceasefire on Monday.", "LBN", None),
    ],
)
def test_group_named_by_an_organisation_is_that_organisation(sentence, actor, sector):
    events, _ = code(sentence)
    event = next(e for e in events if e.type != "SUPPORT")
    assert [(a.country, a.sector) for a in event.actors] == [(actor, sector)]


def test_coordinated_refusal_is_its_own_event():
    events, _ = code("Hungary reopened its border to Syrian refugees on Monday but was still refusing entry to Afghan migrants.")
    refusal = next(e for e in events if e.type == "REJECT")
    assert (refusal.status, countries(refusal.actors), countries(refusal.recipients)) == ("asserted", {"HUN"}, {"AFG"})


def test_refusal_does_not_negate_a_coordinated_act():
    events, _ = code("Japan has refused to send troops to Iraq and has urged its citizens to leave the country.")
    assert {e.type: e.status for e in events} == {"REJECT": "asserted", "REQUEST": "asserted"}


def test_travelling_for_talks_is_a_consultation_and_the_venue_no_recipient():
    event = only("Japanese and South Korean negotiators returned to Geneva on Monday for talks on fishing rights.")
    assert (event.type, countries(event.actors), event.recipients) == ("CONSULT", {"JPN", "KOR"}, ())


def test_misparsed_participle_subject_of_a_report_is_the_speaker():
    event = only("The Red Cross operating in Syria said Turkish forces must allow aid convoys to reach Idlib.")
    assert (event.type, event.actors[0].country, countries(event.recipients)) == ("REQUEST", "NGO", {"TUR"})


@pytest.mark.parametrize(
    ("sentence", "type_", "actor"),
    [
        ("Belarusian police prevented the demonstration planned by opposition students in Minsk.", "COERCE", "BLR"),
        ("French helicopters evacuated injured civilians from the flooded Libyan city of Derna.", "AID", "FRA"),
    ],
)
def test_verb_object_patterns_from_petrarch_synonyms(sentence, type_, actor):
    events, _ = code(sentence)
    assert [(e.type, countries(e.actors)) for e in events] == [(type_, {actor})]


@pytest.mark.parametrize(
    ("sentence", "type_", "actor", "recipient"),
    [
        ("Thousands of Syrian families sought refuge in Jordan last year.", "REQUEST", "SYR", {"JOR"}),
        ("The Ukrainian parliament lifted restrictions on the use of the Russian language in schools.",
         "CONCEDE", "UKR", set()),
        ("Togo refused entry to Ghanaians on Monday.", "REJECT", "TGO", {"GHA"}),
        ("Kampuchean guerrillas attacked a Thai border post.", "ASSAULT", "KHM", {"THA"}),
    ],
)
def test_recipients_refuge_language_and_plural_demonyms(sentence, type_, actor, recipient):
    event = only(sentence)
    assert (event.type, countries(event.actors), countries(event.recipients)) == (type_, {actor}, recipient)


def test_another_group_of_the_actors_country_stays_a_recipient():
    event = only("The Palestinian Islamic Jihad movement rejected an invitation from rival Palestinian factions "
                 "to attend talks in Cairo.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("REJECT", {"PSE"}, {"PSE"})


def test_crowd_without_nationality_protests_where_it_gathers():
    event = only("Tens of thousands of people blocked roads in Tbilisi on Sunday in protest against the Georgian government.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("PROTEST", {"GEO"}, {"GEO"})
    assert event.actors[0].span.text == "Tens of thousands of people"
    assert "Tbilisi" in event.actors[0].source


def test_demand_voiced_by_a_protest_is_part_of_it():
    events, _ = code("Thousands of Venezuelan students have staged rallies in Caracas against President Nicolas Maduro, "
                     "saying he must resign.")
    assert [e.type for e in events] == ["PROTEST"]


def test_country_owning_the_recipient_institution_places_a_domestic_story():
    event = only("The opposition Renewal party said it will boycott Peru's presidential elections unless the president resigns.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("THREATEN", {"PER"}, {"PER"})


def test_list_parsed_as_an_apposition_is_a_compound_actor():
    event = only("The US, Russia, and Switzerland met in Geneva yesterday.")
    assert countries(event.actors) == {"USA", "RUS", "CHE"}


def test_manner_participle_of_a_protest_gives_no_target():
    event = only("US and British activists staged a protest in Beijing on Wednesday, scaling a pole and "
                 "unfurling Free Tibet banners near the stadium.")
    assert (event.type, event.recipients) == ("PROTEST", ())


def test_order_to_close_is_coercion_and_other_orders_requests():
    event = only("The Hungarian government ordered the Central European University to close its Budapest campus.")
    assert (event.type, event.mode, event.cameo) == ("COERCE", "restrict", "172")
    event = only("Brazil ordered Venezuela to hold free elections.")
    assert event.type == "REQUEST"


def test_calling_on_others_to_act_against_a_target_is_accuse_113():
    event = only("Iran called on Muslim countries to unite against Israel.")
    assert (event.type, event.cameo, countries(event.actors), countries(event.recipients)) == (
        "ACCUSE", "113", {"IRN"}, {"ISR"})


def test_call_on_parsed_with_a_preposition_is_a_request():
    event = only("Kenya called on Somalia to release the detained aid workers.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("REQUEST", {"KEN"}, {"SOM"})


@pytest.mark.parametrize(
    ("sentence", "type_", "recipient"),
    [
        ("Kenyan teachers called off their strike after talks with the Kenyan government.", "CONCEDE", {"KEN"}),
        ("Peru's interior minister refused to resign despite pressure from the Peruvian Congress.", "REJECT", {"PER"}),
    ],
)
def test_concession_or_refusal_answers_the_party_it_negotiated_with(sentence, type_, recipient):
    events, _ = code(sentence)
    event = next(e for e in events if e.type == type_)
    assert countries(event.recipients) == recipient


def test_riot_after_a_demonstration_shares_its_target():
    events, _ = code("Bolivian miners rioted following a peaceful march calling for the resignation of President Evo Morales.")
    riot = next(e for e in events if e.type == "PROTEST")
    assert (riot.mode, countries(riot.recipients)) == ("riot", {"BOL"})


@pytest.mark.parametrize(
    ("sentence", "cameo"),
    [
        ("The United States supplied arms to Israel in 1973.", "072"),
        ("Saudi Arabia shipped food to Yemen last week.", "073"),
    ],
)
def test_material_aid_verbs_with_their_objects(sentence, cameo):
    event = only(sentence)
    assert (event.type, event.cameo, len(event.recipients)) == ("AID", cameo, 1)


def test_receiving_aid_from_a_giver_inverts_the_roles():
    event = only("Ukraine received weapons and ammunition from Germany last month.")
    assert (event.type, countries(event.actors), countries(event.recipients)) == ("AID", {"DEU"}, {"UKR"})
    assert event.evidence["actors"].text == "Germany"
