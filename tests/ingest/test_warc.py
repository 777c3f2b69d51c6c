import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.errors import InputError
from dateline.ingest import RawReport, Skipped, read_inputs


def _warc(fixtures, *, gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    page = (fixtures / "port-strike.html").read_bytes()
    records = [
        ("https://harbour-times.example/2023/05/09/antwerp-strike", "text/html; charset=utf-8", page),
        ("https://harbour-times.example/img/cranes.jpg", "image/jpeg", b"\xff\xd8\xff\xe0fakejpeg"),
    ]
    for uri, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2023-05-10T08:00:00Z"})
        writer.write_record(record)
    writer.write_record(writer.create_warc_record("https://harbour-times.example/", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return buffer.getvalue()


def test_warc_html_response_becomes_report_with_uri_and_capture_date(fixtures, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc(fixtures, gzip=True))
    items = list(read_inputs([str(path)]))
    reports = [i for i in items if isinstance(i, RawReport)]
    assert len(reports) == 1
    assert reports[0].url == "https://harbour-times.example/2023/05/09/antwerp-strike"
    assert str(reports[0].captured) == "2023-05-10"
    assert reports[0].input_format == "warc" and "Scheldt estuary" in reports[0].html


def test_warc_non_html_records_are_skipped_and_counted(fixtures, tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(fixtures, gzip=False))
    skipped = [i for i in read_inputs([str(path)]) if isinstance(i, Skipped)]
    assert sorted(s.reason for s in skipped) == ["non-HTML response (image/jpeg)", "request record"]


def test_warc_corrupt_record_is_an_error_naming_it_and_earlier_records_stay(fixtures, tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(_warc(fixtures, gzip=False) + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ngarbage")
    items = list(read_inputs([str(path)]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len([i for i in items if isinstance(i, RawReport)]) == 1
    assert len(errors) == 1 and "broken.warc record 4" in str(errors[0]) and "corrupt" in str(errors[0])


def test_warc_arc_file_is_read_through_conversion(fixtures, tmp_path):
    def arc_record(header: str, body: bytes) -> bytes:
        return f"{header} {len(body)}\n".encode() + body + b"\n"

    version = b"1 0 Dateline\nURL IP-address Archive-date Content-type Archive-length\n"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + (fixtures / "port-strike.html").read_bytes()
    path = tmp_path / "crawl.arc"
    path.write_bytes(arc_record("filedesc://crawl.arc 0.0.0.0 20230510080000 text/plain", version) + b"\n"
                     + arc_record("https://harbour-times.example/antwerp 93.184.216.34 20230510080000 text/html", http))
    items = list(read_inputs([str(path)]))
    [report] = [i for i in items if isinstance(i, RawReport)]
    assert report.url == "https://harbour-times.example/antwerp" and str(report.captured) == "2023-05-10"
    assert [i.reason for i in items if isinstance(i, Skipped)] == ["warcinfo record"]
