"""Furniture between a crawler's paragraphs: credits, captions, galleries, link blocks, prompts."""
import pytest

from dateline.clean import clean_text
from dateline.furniture import furniture_lines, is_credit


@pytest.mark.issue(18)
@pytest.mark.parametrize("line, reason", [
    ("Barcroft Media", "photo credit"),
    ("Reuters/Kevin Lamarque", "photo credit"),
    ("Credit: AP Photo/Ahn Young-joon", "photo credit"),
    ("Vladimir Putin arrives at the Kremlin on Tuesday (Image: Getty Images)", "photo caption"),
    ("Rishi Sunak speaking in London. Photograph: Stefan Rousseau/PA", "photo caption"),
    ("A habitation module for a crewed Mars mission compared to its equivalent. Credit: ESA", "photo caption"),
    ("Protesters gather outside parliament in Seoul. Hide Caption 3 of 12", "gallery caption"),
    ("7 of 30 Rescue workers search the rubble in Antakya.", "gallery caption"),
    ("READ MORE: Ukraine war latest as Russia fires missiles at Kyiv", "related link"),
    ("Sign up to our free politics newsletter, delivered to your inbox every morning.", "reader prompt"),
    ("Follow us on Telegram for the latest updates", "reader prompt"),
])
def test_furniture_line_shapes(line, reason):
    text = "The talks ended without agreement on Tuesday, officials said."
    assert furniture_lines([text, line, text]) == {1: reason}


@pytest.mark.parametrize("line", [
    "Vladimir Putin said the talks would continue.",  # a name leading a sentence is no credit
    "Labour launched a Facebook campaign aimed at first-time voters, the party said.",  # channel word, no address
    "Ms Hewitt said: \"We will extend maternity pay to nine months by 2007.\"",  # a quote, not a label
    "The vote was 312 to 289, with 12 of 30 independents abstaining.",  # numbers inside a sentence
    "- Extending in-court conciliation - more informal hearings before contested court cases",
    "Tony Blair",  # a name alone is not a credit without an agency shape
    "The minister said the credit: it was bad.",  # a cue word with no names after it
    "Q: What is on the horizon for the business?",  # an interview's turns, not "Label: headline" links
    "A: Bob Marley, Bruno Mars, Drake, The Eagles, Jay Z, Frank Sinatra",
    "Aim to sleep at least 8 hours per night to keep your appetite in check.",  # "our app" inside "your appetite"
])
def test_furniture_keeps_report_lines(line):
    text = "The talks ended without agreement on Tuesday, officials said."
    assert furniture_lines([text, line, text]) == {}


def test_furniture_most_read_block_with_teasers_is_dropped_and_the_report_continues():
    paragraphs = [
        "North Korea fired a ballistic missile into the sea on Tuesday, South Korea's military said.",
        "MOST READ IN NEWS",
        "Man arrested after crash on motorway",
        "Police were called to the scene at 3am on Sunday.",
        "Singer cancels tour dates",
        "The star said she was heartbroken to let fans down.",
        "Japan said the missile fell outside its exclusive economic zone.",
    ]
    cleaned = clean_text("\n\n".join(paragraphs), extracted=True)
    assert cleaned.text.split("\n\n") == [paragraphs[0], paragraphs[-1]]


@pytest.mark.parametrize("text, expected", [("Getty Images", True), ("EPA-EFE/Jeon Heon-kyun", True),
                                            ("Downing Street", False), ("Said on Monday.", False)])
def test_furniture_credit_shape(text, expected):
    assert is_credit(text) is expected


@pytest.mark.issue(18)
def test_a_report_flattened_to_one_line_that_closes_with_a_credit_is_kept():
    # Local papers' wire copy often arrives as one line ending in the photo credit (LGL has such
    # reports): dropping it as a caption left nothing to code.
    report = ("AURORA, Ill. -- Firefighters battled a blaze at a warehouse on the city's east side "
              "Tuesday night, and officials said two workers were taken to Copley Memorial Hospital "
              "with minor injuries. (Beacon-News Photo/Jane Doe)")
    assert clean_text(report).text.startswith("AURORA, Ill. -- Firefighters battled a blaze")
    long_line = " ".join(["The council voted to close the east side library after a long debate."] * 6)
    assert furniture_lines([long_line + " (Beacon-News Photo/Jane Doe)"]) == {}


@pytest.mark.issue(18)
def test_a_caption_beside_a_report_still_goes():
    text = ("Mayor Tom Weisner speaks at the opening. (Beacon-News Photo/Jane Doe)\n\n"
            "AURORA, Ill. -- The city opened its new library on Tuesday, the mayor said, after two "
            "years of building work that cost $30 million.")
    cleaned = clean_text(text)
    assert "Weisner speaks" not in cleaned.text and "opened its new library" in cleaned.text
