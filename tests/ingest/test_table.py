from dateline.errors import DatelineError, InputError
from dateline.ingest import RawReport, ReadOptions, read_inputs

MAPPING = ReadOptions(text_col="body", title_col="headline", date_col="date", url_col="link")


def test_table_csv_rows_through_column_mapping(fixtures):
    first, second = list(read_inputs([str(fixtures / "reports.csv")], MAPPING))
    assert first.title == "Peru's congress votes to remove minister over fuel prices"
    assert first.text.startswith("Peru's congress voted on Thursday")
    assert str(first.published) == "2024-01-18" and first.url == "https://andes-daily.example/peru-minister"
    assert str(second.published) == "2024-01-17"
    assert first.origin.endswith("reports.csv row 2") and first.input_format == "csv"


def test_table_csv_without_mapped_column_is_one_error(fixtures):
    items = list(read_inputs([str(fixtures / "reports.csv")], ReadOptions(text_col="article_text")))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "reports.csv" in str(items[0]) and "no column 'article_text'" in str(items[0])


def test_table_csv_with_default_names_needs_no_mapping(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("text,published\n\"Officials in Quito said the curfew would be lifted on Monday.\",2024-02-01\n")
    [report] = list(read_inputs([str(path)]))
    assert isinstance(report, RawReport) and str(report.published) == "2024-02-01"


def test_table_gdelt_style_url_list_is_fetched(local_server, fixtures, tmp_path):
    base, routes = local_server
    routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    routes["/2023/05/09/antwerp"] = (200, {"Content-Type": "text/html"}, (fixtures / "port-strike.html").read_bytes())
    row = ["1112223334", "20230509", "BEL", "BELGIUM", f"{base}/2023/05/09/antwerp"]
    path = tmp_path / "gdelt.export.tsv"
    path.write_text("\t".join(row) + "\n" + "\t".join(row[:4] + [f"{base}/missing"]) + "\n")
    items = list(read_inputs([str(path)], ReadOptions(url_col="5", date_col="2", allow_private=True)))
    report, missing = items
    assert isinstance(report, RawReport) and "Scheldt estuary" in report.html
    assert str(report.published) == "2023-05-09" and report.input_format == "csv"
    assert isinstance(missing, DatelineError)
    assert str(missing).startswith(f"{path} row 2 ({base}/missing)") and str(missing).endswith("HTTP 404")


def test_table_jsonl_uses_the_same_column_mapping(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"body": "Officials in Quito said the curfew would be lifted on Monday.", "date": "2024-02-01", '
                    '"headline": "Quito curfew to end"}\n{"other": "no text here"}\n')
    report, error = list(read_inputs([str(path)], ReadOptions(text_col="body", date_col="date", title_col="headline")))
    assert report.title == "Quito curfew to end" and str(report.published) == "2024-02-01"
    assert str(error) == f"{path}:2: no 'body' or 'html' field with content"
