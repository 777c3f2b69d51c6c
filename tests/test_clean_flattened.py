from dateline.clean import clean_text


def test_clean_seed_drops_caption_label_and_comments(seed_path):
    cleaned = clean_text(seed_path.read_text(encoding="utf-8"))
    for junk in ("PA Images", "Your Voice", "Submit a report", "Readers Comments", "Leave a Comment"):
        assert junk not in cleaned.text
    assert cleaned.title == "North Korea fires ballistic missile into sea in latest weapons test"
    assert cleaned.summary.startswith("The launch came soon after the US pledged")
    assert cleaned.text.startswith(cleaned.title + "\n\n" + cleaned.summary)
    assert cleaned.text.rstrip().endswith("addressing the DPRK.\u201d")
    assert "\nNorth Korea\n" not in cleaned.text


def test_clean_fixture_article_keeps_body_in_order(reports_dir):
    cleaned = clean_text((reports_dir / "flattened-summit.txt").read_text(encoding="utf-8"))
    assert cleaned.title == "Pacific leaders agree climate finance plan at Suva summit"
    assert cleaned.author == "Mele Tupou"
    body = cleaned.text
    assert body.index("Leaders of the Pacific") < body.index("Australia pledged") < body.index("first time the region")
    for junk in ("Getty Images", "Share this article", "Read more", "Join the conversation", "Post a comment", "Politics\n"):
        assert junk not in body


def test_clean_rejoins_hard_wrapped_lines():
    raw = (
        "Parliament passes budget after marathon session\n\n"
        "Lawmakers approved the spending plan late on Friday after a debate that lasted more\n"
        "than twenty hours, the speaker said.\n\nThe opposition walked out before the vote."
    )
    cleaned = clean_text(raw)
    assert "lasted more than twenty hours" in cleaned.text


def test_clean_keeps_story_about_comments_policy_early_paragraphs():
    raw = (
        "Regulator fines platform over comments policy\n\n"
        "The media regulator fined a news site on Monday for failing to moderate its comments policy, officials said.\n\n"
        "The site said it would appeal the fine in court.\n\nThe appeal will be heard in March."
    )
    cleaned = clean_text(raw)
    assert "The media regulator fined a news site" in cleaned.text


def test_clean_plain_paragraphs_without_headline_stay():
    raw = "The ministry said on Monday that exports rose. Imports fell sharply in the same period, it said."
    assert clean_text(raw).text == raw


def test_clean_keeps_a_sentence_that_opens_with_a_date():
    # a short sentence opening with a month and year is news with its own date, not a date line
    raw = ("Sudan protests grow.\n\nIn December 2019, Sudanese protesters rallied in Khartoum against the military.\n\n"
           "The army said it would respond to the protesters and their leaders in the coming days.\n\n"
           "Last updated on March 3, 2020 at 10:00.")
    cleaned = clean_text(raw)
    assert "In December 2019, Sudanese protesters rallied in Khartoum" in cleaned.text
    assert "Last updated" not in cleaned.text
