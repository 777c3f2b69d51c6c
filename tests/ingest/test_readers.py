import gzip

from dateline.errors import InputError
from dateline.ingest import RawReport, ReadOptions, read_inputs


def test_readers_truncated_gzip_is_one_error_and_the_rest_is_read(fixtures, tmp_path):
    whole = gzip.compress((fixtures / "port-strike.html").read_bytes())
    (tmp_path / "a-truncated.html.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "b-good.html.gz").write_bytes(whole)
    error, report = list(read_inputs([str(tmp_path)]))
    assert isinstance(error, InputError) and "a-truncated.html.gz" in str(error) and "truncated gzip" in str(error)
    assert isinstance(report, RawReport)


def test_readers_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing written
    [error] = list(read_inputs([str(big)]))
    assert "huge.txt" in str(error) and "209,715,200 bytes, over the 20,000,000-byte limit" in str(error)


def test_readers_gzip_unpacking_past_the_limit_is_refused(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 3_000_000))
    [error] = list(read_inputs([str(bomb)], ReadOptions(max_bytes=1_000_000)))
    assert "unpacks to over the 1,000,000-byte limit" in str(error)


def test_readers_missing_path_is_named():
    [error] = list(read_inputs(["no/such/report.txt"]))
    assert str(error) == "no/such/report.txt: no such file, folder or URL"
