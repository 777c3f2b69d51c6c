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
