import gzip

import pytest

from dateline.errors import InputError
from dateline.ingest import ReadOptions, RawReport, read_inputs
from dateline.ingest.html import extract_page
from dateline.ingest.text import decode_html


def test_html_extract_page_keeps_article_drops_furniture(fixtures):
    page = extract_page("port-strike.html", (fixtures / "port-strike.html").read_text(encoding="utf-8"))
    assert "forty container ships waiting at anchor" in page.text
    assert "30 million euros" in page.text
    for furniture in ("We use cookies", "Share on Facebook", "automation always ends", "Rotterdam posts record"):
        assert furniture not in page.text
    assert page.title == "Dockworkers extend strike at Antwerp port as talks stall"
    assert page.author == "Lotte Verbeke"
    assert str(page.published) == "2023-05-09"
    assert page.site == "Harbour Times"


def test_html_gz_file_is_read_as_html(fixtures, tmp_path):
    target = tmp_path / "page.html.gz"
    target.write_bytes(gzip.compress((fixtures / "port-strike.html").read_bytes()))
    [report] = list(read_inputs([str(target)]))
    assert isinstance(report, RawReport) and report.input_format == "html"
    assert "Scheldt estuary" in report.html


def test_html_script_only_page_is_a_clear_error():
    html = "<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script></body></html>"
    with pytest.raises(InputError, match="only scripts"):
        extract_page("scripts.html", html)


@pytest.mark.parametrize(
    "declared",
    [b'<meta charset="utf-8">', b"", b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">'],
    ids=["wrong-utf8-declaration", "no-declaration", "wrong-multibyte-declaration"],
)
def test_html_charset_wrong_or_missing_is_detected(declared):
    text = "Le ministre a déclaré que l'accord serait signé à Genève après des négociations très difficiles. " * 3
    data = b"<html><head>" + declared + b"</head><body><p>" + text.encode("cp1252") + b"</p></body></html>"
    decoded = decode_html("latin.html", data)
    assert "déclaré" in decoded and "Genève" in decoded


def test_html_declared_charset_is_used_when_not_utf8():
    text = "Минобороны сообщило о переговорах в Стамбуле. " * 5
    data = b'<html><head><meta charset="windows-1251"></head><body><p>' + text.encode("cp1251") + b"</p></body></html>"
    assert "Стамбуле" in decode_html("ru.html", data)


ARTICLE = "\n".join(
    f"Paragraph {i} of the report says the talks in Geneva continued for a {i}th day without a deal, officials said."
    for i in range(1, 13)
)


@pytest.mark.issue(18)
@pytest.mark.parametrize("main, alternatives, expected", [
    # a teaser over the short-text check, when both other extractors found the whole article that holds it
    (ARTICLE.split("\n")[0] + "\n" + ARTICLE.split("\n")[1] + "\n" + ARTICLE.split("\n")[2], [ARTICLE, ARTICLE], ARTICLE),
    # ... but not when the other extractor does not find the added text (a second story, comments)
    (ARTICLE.split("\n")[0] + "\n" + ARTICLE.split("\n")[1] + "\n" + ARTICLE.split("\n")[2], [ARTICLE, ""],
     ARTICLE.split("\n")[0] + "\n" + ARTICLE.split("\n")[1] + "\n" + ARTICLE.split("\n")[2]),
    # a longer alternative made of menus and link lists does not replace the article
    (ARTICLE, [ARTICLE + "\nHome\nWorld\nSport\nWeather\n" + "\n".join(f"Link {i}" for i in range(60)), ""], ARTICLE),
    # a longer alternative with another text is not the same article, however much prose it has
    (ARTICLE.split("\n")[0] * 3, [ARTICLE.replace("Geneva", "Vienna").replace("talks", "summit"), ""],
     ARTICLE.split("\n")[0] * 3),
])
def test_html_better_candidate(main, alternatives, expected):
    from dateline.ingest.html import _better_candidate

    assert _better_candidate(main, alternatives) == expected


@pytest.mark.issue(18)
def test_html_edge_prose_is_not_trimmed_on_disagreement_alone():
    from dateline.ingest.html import _trim_unsupported_edges

    last = "Negotiators from both sides are expected to return to the table in Geneva next week, diplomats said."
    byline = "Jane Doe is our Geneva correspondent | Follow her on Twitter"
    other = ARTICLE + "\nAn unrelated sidebar text long enough to count as a comparable basis for agreement here."
    assert _trim_unsupported_edges(ARTICLE + "\n" + last, other).endswith(last)
    assert _trim_unsupported_edges(ARTICLE + "\n" + byline, other) == ARTICLE
