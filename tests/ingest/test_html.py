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
