"""--include/--exclude: which files of a folder are read, and the summary naming the rest."""
import shutil

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.ingest.select import select_inputs


@pytest.fixture
def corpus(tmp_path, fixtures):
    folder = tmp_path / "corpus"
    (folder / "2023" / "05").mkdir(parents=True)
    (folder / "SOURCE.md").write_text("# Source\n\n- repository: example\n- licence: MIT\n")
    shutil.copy(fixtures / "flood-flattened.txt", folder / "2023" / "05" / "flood.txt")
    shutil.copy(fixtures / "port-strike.html", folder / "2023" / "05" / "port-strike.html")
    (folder / ".hidden.txt").write_text("never read")
    return folder


@pytest.mark.parametrize("include, exclude, chosen, left_out", [
    ((), (), ["SOURCE.md", "2023/05/flood.txt", "2023/05/port-strike.html"], []),
    ((), ("SOURCE.md",), ["2023/05/flood.txt", "2023/05/port-strike.html"], [("SOURCE.md", "excluded by 'SOURCE.md'")]),
    (("*.txt",), (), ["2023/05/flood.txt"],
     [("SOURCE.md", "matches no --include pattern"), ("2023/05/port-strike.html", "matches no --include pattern")]),
    (("2023/*",), ("*.html",), ["2023/05/flood.txt"],
     [("SOURCE.md", "matches no --include pattern"), ("2023/05/port-strike.html", "excluded by '*.html'")]),
])
def test_select_inputs_patterns(corpus, include, exclude, chosen, left_out):
    selection = select_inputs([str(corpus)], include=include, exclude=exclude)
    relative = lambda p: str(p)[len(str(corpus)) + 1:]  # noqa: E731
    assert [relative(p) for p in selection.inputs] == chosen
    assert [(relative(p), why) for p, why in selection.left_out] == left_out


@pytest.mark.issue(18)
def test_select_cli_exclude_names_the_skipped_file(corpus, tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--exclude", "SOURCE.md", "--published", "2023-05-09",
                                       "--db", str(tmp_path / "t.duckdb")])
    assert result.output.splitlines() == [
        f"skipped 1: excluded by 'SOURCE.md': {corpus / 'SOURCE.md'}",
        "read 2, new 2, unchanged 0, near-duplicate 0, failed 0, skipped 1 (html 1, text 1)",
    ]
    assert result.exit_code == 0
