"""Bad inputs for `dateline ingest`, built at test time (small and bounded), beside good reports
that must land whatever sits next to them.

``build(folder)`` writes every input into ``folder`` and returns (bad, good): the number of bad
inputs (a file, a JSONL line, a CSV row or a WARC record each count as one) and the origins the
good reports must be stored under.
"""
from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

# Short reports written for these tests, each distinct (near-duplicate detection must not merge them).
REPORTS = [
    "Kenya and Ethiopia signed a border trade agreement in Nairobi on Friday, officials said.\n\n"
    "The deal cuts tariffs on livestock and coffee and opens two new crossing points near Moyale.",
    "Police in Santiago arrested forty protesters on Tuesday after clashes outside the presidential palace.\n\n"
    "Demonstrators had marched against a rise in public transport fares announced last week.",
    "The Indonesian navy rescued eleven fishermen from a sinking boat off the coast of Sulawesi on Sunday.\n\n"
    "A navy spokesman said the crew had drifted for two days after their engine failed in a storm.",
    "Germany pledged 300 million euros in flood relief to Pakistan at a donor conference in Geneva on Monday.\n\n"
    "Pakistani officials said the money would rebuild schools and bridges in Sindh province.",
    "Turkish and Greek foreign ministers met in Athens on Wednesday to restart talks on maritime borders.\n\n"
    "Both sides described the meeting as constructive and agreed to meet again in Ankara next month.",
    "Nigerian troops freed twenty hostages held by gunmen in Zamfara state, the army said on Thursday.\n\n"
    "The hostages, most of them farmers, had been abducted from their village three weeks earlier.",
    "Japan's prime minister visited Canberra on Saturday and signed a defence pact with Australia.\n\n"
    "The agreement allows the two armies to train together and to share bases during exercises.",
    "Peruvian miners ended a ten-day strike at the Las Bambas copper mine after talks with the company.\n\n"
    "The union said workers won a pay rise and better housing near the mine in Apurimac.",
    "Egypt reopened the Rafah crossing with Gaza on Monday for the first time in two weeks, officials said.\n\n"
    "Trucks carrying fuel and medicine crossed in the afternoon under the watch of Egyptian soldiers.",
    "Canadian firefighters contained a wildfire near Kelowna on Friday after evacuating nine thousand residents.\n\n"
    "Officials in British Columbia said rain overnight had helped crews hold the fire lines.",
    "Brazil's environment minister announced new patrols against illegal logging in Para state on Tuesday.\n\n"
    "Satellite data showed deforestation in the Amazon fell by a fifth over the past year.",
    "Swedish prosecutors charged two men with spying for Russia at a court in Stockholm on Wednesday.\n\n"
    "The brothers are accused of passing classified material to Russian military intelligence for years.",
]

_HTML = "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>"
# magic bytes of binary formats, padded with bytes that decode as text (only the content can tell)
_BINARY = {
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"The minister said. " * 20,
    "png": b"\x89PNG\r\n\x1a\n" + b"IHDR" + b"a" * 200,
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"a" * 200,
    "gif": b"GIF89a" + b"a" * 200,
    "zip": b"PK\x03\x04" + b"a" * 200,
    "elf": b"\x7fELF\x02\x01\x01" + b"a" * 200,
    "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"a" * 200,
    "sqlite": b"SQLite format 3\x00" + b"a" * 200,
}


def html_of(text: str) -> str:
    title, *rest = text.split("\n\n")
    return _HTML.format(title=title[:60], paras="".join(f"<p>{p}</p>" for p in [title, *rest]))


def build(folder: Path) -> tuple[int, list[str]]:
    folder.mkdir(parents=True, exist_ok=True)
    reports = iter(REPORTS)
    good: list[str] = []
    bad = 0

    def write(name: str, data: bytes) -> str:
        (folder / name).write_bytes(data)
        return str(folder / name)

    # -- plain files: good, and good with damage that must be repaired, not refused
    good.append(write("good.txt", next(reports).encode()))
    good.append(write("good.html", html_of(next(reports)).encode()))
    good.append(write("stray-byte.txt", next(reports).replace("coast", "co\xffast").encode("utf-8")
                      .replace(b"\xc3\xbf", b"\xff")))
    good.append(write("escapes.txt", next(reports).replace("donor", "\x1b[31mdonor\x1b[0m").encode()))
    members = next(reports).split("\n\n")
    good.append(write("members.txt.gz", gzip.compress(members[0].encode() + b"\n\n")
                      + gzip.compress(members[1].encode())))

    # -- binary formats under text names
    for kind, data in _BINARY.items():
        for suffix in (".txt", ".html", ".htm", ".jsonl", ".csv", ".tsv", ".xml", ".rss", ".gz"):
            write(f"binary-{kind}{suffix}", data)
            bad += 1
    # -- empty and blank inputs of every format
    for suffix in (".txt", ".html", ".jsonl", ".csv", ".tsv", ".rss", ".atom", ".xml", ".warc", ".gz"):
        write(f"empty{suffix}", b"")
        write(f"blank{suffix}", b"  \n\t\n  ")
        bad += 2
    # -- control characters and NUL bytes
    for i in range(5):
        write(f"nul-{i}.txt", b"The minister spoke." + b"\x00" * (i + 1) + b" Then he left." * 5)
        write(f"controls-{i}.txt", bytes(range(1, 9)) * (20 + i) + b" text")
        bad += 2
    # -- gzip: truncated, corrupt, a bomb over the limit
    packed = gzip.compress(REPORTS[0].encode() * 4)
    for cut in (5, 10, 20, 40, len(packed) // 2, len(packed) - 8, len(packed) - 1):
        write(f"truncated-{cut}.txt.gz", packed[:cut])
        bad += 1
    for i in range(4):
        write(f"corrupt-{i}.gz", packed[:10] + bytes([(i * 37 + 11) % 256]) * 30 + packed[40:])
        bad += 1
    write("bomb.txt.gz", gzip.compress(b"a" * 3_000_000))  # over the run's --max-bytes
    bad += 1
    # -- JSONL: one file, one good line among bad ones (each bad line is one input)
    lines = [json.dumps({"text": next(reports)})]
    good.append(f"{folder / 'lines.jsonl'}:1")
    lone = next(reports)
    lines.append('{"text": ' + json.dumps(lone)[:-1] + ' \\ud800 and on."}')
    good.append(f"{folder / 'lines.jsonl'}:2")
    lines.append(json.dumps({"text": next(reports).replace("blaze", "\u2028blaze").replace("residents.", "resi\u0085dents.")},
                            ensure_ascii=False))
    good.append(f"{folder / 'lines.jsonl'}:3")
    malformed = ['{"text": "unclosed', "{'text': 'single quotes'}", '{"text": }', "{,}", "nul", "tru", "{\"a\":1}}",
                 '{"text": "x" "y"}', "[1, 2", '{"text": NaN', "\x0c{", "]", '"just a string"', "42", "[]", "null",
                 '{"text": 5}', '{"text": ["a"]}', '{"text": ""}', '{"text": "   "}', '{"html": null}',
                 '{"title": "no text"}']
    for depth in (100, 1_000, 10_000, 100_000):
        malformed += ["[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth]
    malformed.append('{"text": 1' + "0" * 5000 + "}")
    whole_line = json.dumps({"text": REPORTS[0], "published": "2021-05-01", "url": "https://example.com/a"})
    malformed += [whole_line[:cut] for cut in range(7, len(whole_line) - 1, len(whole_line) // 10)]
    for date in ("0000-00-00", "2021-13-45", "99999-01-01", "yesterday-ish", "-1", "1e400", "\ud800", "0001-01-02",
                 "9999-12-31"):
        malformed.append(json.dumps({"text": "The minister met the envoy in Rome on Monday.", "published": date}))
    lines += malformed
    bad += len(malformed)
    write("lines.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    # -- CSV / TSV
    write("header-only.csv", b"text,published,url\n")
    write("no-text-column.csv", b"body,date\nhello,2021-01-01\n")
    write("header-only.tsv", b"text\tpublished\n")
    bad += 3
    rows = ["text,published", f'"{next(reports)}",2021-06-01']
    good.append(f"{folder / 'rows.csv'} row 2")
    bad_rows = [",2021-06-01", f'"The ministers met.",{"2021-99-99"}', '"The ministers met.",not a date',
                '"The ministers met.",0000-01-01', '"   ",2021-01-01'] + [f",{i}" for i in range(8)]
    rows += bad_rows
    bad += len(bad_rows)
    write("rows.csv", "\n".join(rows).encode())
    write("nul-row.csv", b"text\n\"The minister met the envoy.\"\n\"bad\x00row\"\n" + b"x" * 10)
    bad += 1
    # -- WARC: truncated, damaged Content-Length, empty of reports, garbage
    records = _warc([html_of(t) for t in (next(reports),)] + ["<html><body><p>" + "Filler text. " * 30 + "</p></body></html>"] * 2)
    good.append(f"{folder / 'good.warc'} record 1")
    write("good.warc", records[0])
    whole = b"".join(records)
    for cut in (30, 200, len(whole) // 2, len(whole) - 100, len(whole) - 5):
        write(f"truncated-{cut}.warc", whole[:cut])
        bad += 1
    first = records[0]
    for i, length in enumerate((10, 100, 99_999, len(first) // 2)):
        write(f"damaged-length-{i}.warc", first.replace(b"Content-Length: ", f"Content-Length: {length}\r\nX-Old: ".encode(), 1)
              + b"".join(records[1:]))
        bad += 1
    write("garbage.warc", b"WARC/1.0\r\n" + b"\xff\xfe garbage" * 50)
    write("only-requests.warc", _warc([], requests=2)[0])  # no report in it: "skipped 2: warc: request record"
    bad += 1
    # -- feeds: empty, malformed, entity bombs
    write("empty-feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    write("empty-feed.atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>')
    write("broken.rss", b'<?xml version="1.0"?><rss><channel><item><title>x</ti')
    write("laughs.xml", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
                        b'&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss><channel><item>'
                        b"<title>&c;</title></item></channel></rss>")
    write("xxe.rss", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>'
                     b"<item><title>&x;</title></item></channel></rss>")
    write("entry-without-content.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                                       b"<item><link>http://example.com/a</link></item></channel></rss>")
    bad += 6
    # -- HTML and text that leave no report
    for i, page in enumerate([b"<html><head><title>Only a title</title></head><body></body></html>",
                              b"<html><body><script>var a = 1;</script></body></html>",
                              b"<html><body>" + b"<div>" * 5000 + b"menu" + b"</div>" * 5000 + b"</body></html>",
                              b'<html><head><meta charset="x-no-such-charset"></head><body><p>Hi.</p></body></html>',
                              b'<html><body><nav><a href="/">Home</a> <a href="/login">Log in</a></nav></body></html>']):
        write(f"no-report-{i}.html", page)
        bad += 1
    write("too-short.txt", b"Hello.")
    write("too-long.txt", "\n\n".join(f"On day {i} of the talks in Geneva, the delegations of {i} countries met "
                                       "again and said that progress had been made." for i in range(200)).encode())
    bad += 2
    # -- files that are not regular files, or not there
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink(folder / "absent.txt", folder / "dangling.txt")
    bad += 3
    return bad, good


def _warc(pages: list[str], requests: int = 0) -> list[bytes]:
    """One uncompressed WARC record per page (HTTP 200, text/html), then ``requests`` request records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = []
    for i, page in enumerate(pages):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example.com/{i}", "response",
                                                      payload=io.BytesIO(page.encode()), http_headers=headers))
        out.append(buffer.getvalue())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for i in range(requests):
        headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "request", payload=io.BytesIO(b""),
                                                      http_headers=headers))
    if requests:
        out.append(buffer.getvalue())
    return out


