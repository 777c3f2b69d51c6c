import pytest

from dateline.clean import clean_text, normalise_line

# The seed article itself is checked in tests/test_clean.py.


def test_clean_flattened_page_keeps_headline_standfirst_body(fixtures):
    cleaned = clean_text((fixtures / "flood-flattened.txt").read_text(encoding="utf-8"))
    assert cleaned.title == "Floods in eastern Libya kill hundreds as dams burst near Derna"
    assert cleaned.summary.startswith("Aid agencies warn the death toll will rise")
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[0] == cleaned.title
    assert paragraphs[2].startswith("TRIPOLI, Sept 12 (Dateline Wire) - Floods caused by a powerful")
    assert paragraphs[-1].startswith("Libya has been divided")
    assert "The Red Crescent said" in cleaned.text


@pytest.mark.parametrize("junk", [
    "Getty Images", "Africa", "Subscribe now", "Share on Facebook", "Most Read", "Cyclists protest",
    "community guidelines", "Leave a comment", "By Karim Haddad", "Home",
])
def test_clean_flattened_page_drops_furniture(fixtures, junk):
    cleaned = clean_text((fixtures / "flood-flattened.txt").read_text(encoding="utf-8"))
    assert junk not in cleaned.text


def test_clean_byline_becomes_metadata_and_dateline_is_reported(fixtures):
    cleaned = clean_text((fixtures / "flood-flattened.txt").read_text(encoding="utf-8"))
    assert cleaned.author == "Karim Haddad"
    assert cleaned.dateline == "TRIPOLI, Sept 12 (Dateline Wire)"


def test_clean_story_without_dateline_keeps_first_paragraph_whole():
    text = ("Talks resume in Geneva\n\nNegotiators from both sides met again in Geneva on Monday, "
            "the mediators said, after a two-week pause.\n\nThey are due to meet again on Friday to "
            "discuss prisoner exchanges and the reopening of the airport.")
    cleaned = clean_text(text)
    assert cleaned.dateline is None
    assert "Negotiators from both sides met again in Geneva" in cleaned.text


def test_clean_reader_comments_after_body_are_dropped():
    body = "\n".join(f"Paragraph {i} of the report says that the ministers met in the capital and agreed on a plan." for i in range(6))
    comments = "\n".join(f"reader{i} says:\nMarch {i + 1}, 2024 at 7:0{i} am\nI think the ministers should have done this years ago, frankly." for i in range(5))
    cleaned = clean_text(f"Ministers agree on a plan\n{body}\n{comments}")
    assert "Paragraph 5 of the report" in cleaned.text
    assert "years ago, frankly" not in cleaned.text and "says:" not in cleaned.text


def test_clean_lines_repeated_across_a_site_are_dropped():
    text = ("Port workers end strike after deal\n\nPort workers ended their strike on Friday after the union "
            "and employers agreed on a new pay scale for the coming three years.\n\nOur journalism is free to read\n\n"
            "The agreement still has to be approved by a vote of the members, the union said in a statement.")
    assert "Our journalism is free to read" in clean_text(text).text
    repeated = frozenset({normalise_line("Our journalism is free to read")})
    assert "Our journalism is free to read" not in clean_text(text, repeated=repeated).text


_PARAGRAPHS = [
    "Negotiators from both sides met again in Geneva on Monday, the mediators said, after a two-week pause in the talks.",
    "They are due to meet again on Friday to discuss prisoner exchanges and the reopening of the airport near the capital.",
    "A spokesman for the mediators said both delegations had brought new proposals, without saying what they contained.",
    "The talks collapsed in March when one delegation walked out over the shelling of a market that killed 12 people.",
]


@pytest.mark.parametrize("stamp", [
    "Chris Davies - Nov 19, 2019, 10:31 pm CST", "Published 11:26 pm EST, Tuesday, November 19, 2019",
    "13.11.2019, 23:06", "Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", "| November 18, 2019 12:01 PM",
])
def test_clean_timestamp_line_over_the_body_is_neither_text_nor_headline(stamp):
    page = "\n".join(["Home", "World", "Talks resume in Geneva after a pause", stamp, *_PARAGRAPHS, "Most Read"])
    cleaned = clean_text(page)
    assert cleaned.title == "Talks resume in Geneva after a pause"
    assert stamp not in cleaned.text and stamp in dict(cleaned.dropped)
    assert cleaned.text.split("\n\n")[1:] == _PARAGRAPHS


def test_clean_dated_sentence_and_wire_dateline_stay():
    first = "GENEVA, March 24 (Reuters) - Negotiators from both sides met again on Monday after a two-week pause."
    page = "\n".join(["Talks resume in Geneva after a pause", first, "The vote is on March 30.", *_PARAGRAPHS])
    cleaned = clean_text(page)
    assert first in cleaned.text and "The vote is on March 30." in cleaned.text


def test_clean_later_copy_of_a_paragraph_goes_but_new_figures_stay():
    caption = ("U.S. Defense Secretary Mark Esper, left, and Vietnamese Defense Minister Ngo Xuan Lich shake hands "
               "in Hanoi, Vietnam Wednesday, Nov. 20, 2019.")
    teaser = "Talks resume. " + _PARAGRAPHS[0]  # a standfirst that repeats the lead
    update = _PARAGRAPHS[3].replace("12 people", "14 people")  # same words, another figure
    page = "\n".join(["Talks resume in Geneva after a pause", caption, *_PARAGRAPHS, caption + " Esper is on a visit.",
                      teaser, update])
    cleaned = clean_text(page)
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs.count(caption) == 1 and caption + " Esper is on a visit." not in paragraphs
    assert teaser not in paragraphs and (teaser, "repeated on the page") in cleaned.dropped
    assert update in paragraphs


@pytest.mark.parametrize("label", ["Image caption, Protesters outside the parliament on Monday",
                                   "Image copyright Getty Images", "Media caption The moment the dam burst"])
def test_clean_media_labels_are_furniture(label):
    cleaned = clean_text("\n".join(["Talks resume in Geneva after a pause", *_PARAGRAPHS[:2], label, *_PARAGRAPHS[2:]]))
    assert label not in cleaned.text and cleaned.text.split("\n\n")[1:] == _PARAGRAPHS
