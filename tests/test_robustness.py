"""Bad input, one row of docs/robustness.md per test: a one-line reason in errors.jsonl, the
batch goes on, the documented exit status, nothing written outside the output folder.
Also: the whole flow with the network blocked."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from extract_flows.cli import main

from extract.errors import GoldFormatError
from extract.storage.jsonl import read_records
from extract.storage.store import OutputStore, safe_name

pytestmark = pytest.mark.usefixtures("prefect_harness")

SEED = Path(__file__).resolve().parents[1] / "corpora" / "kazakhstan-2013.txt"


def _run(inbox: Path, out: Path, *extra: str) -> tuple[int, list[dict[str, Any]],
                                                        list[dict[str, Any]]]:
    code = main(["run", str(inbox), "--out", str(out), *extra])
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    return code, docs, errors


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder with one good report, so every test checks that the batch goes on."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    return folder


def _one_error(inbox: Path, tmp_path: Path, reason: str) -> dict[str, Any]:
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 1
    assert [d["doc_id"] for d in docs] == ["good"]
    assert len(errors) == 1, errors
    assert reason in errors[0]["reason"], errors[0]
    assert "\n" not in errors[0]["reason"]
    return errors[0]


def test_empty_file(inbox: Path, tmp_path: Path) -> None:
    (inbox / "empty.txt").write_bytes(b"")
    _one_error(inbox, tmp_path, "empty document")


def test_whitespace_only(inbox: Path, tmp_path: Path) -> None:
    (inbox / "blank.txt").write_text(" \n\t\n  \n", encoding="utf-8")
    _one_error(inbox, tmp_path, "empty document")


def test_binary_file_named_txt(inbox: Path, tmp_path: Path) -> None:
    (inbox / "image.txt").write_bytes(bytes(range(256)) * 64)
    _one_error(inbox, tmp_path, "NUL bytes")


def test_nul_bytes_in_text(inbox: Path, tmp_path: Path) -> None:
    (inbox / "nul.txt").write_bytes(SEED.read_bytes()[:2000] + b"\x00\x00" + b"more text")
    _one_error(inbox, tmp_path, "NUL bytes")


def test_invalid_utf8_is_decoded_not_dropped(inbox: Path, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are decoded by detection (here latin-1), not refused."""
    text = "On March 3, a court in Almaty sentenced José Müller to five years in prison."
    (inbox / "latin1.txt").write_bytes(text.encode("latin-1"))
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 0 and errors == []
    rec = next(d for d in docs if d["doc_id"] == "latin1")
    assert rec["text"] == text
    assert any(m["text"] == "five years in prison" for m in rec["mentions"])


def test_single_line_20_mb_file_is_refused_by_the_size_limit(inbox: Path,
                                                             tmp_path: Path) -> None:
    (inbox / "huge.txt").write_text("word " * 4_200_000, encoding="utf-8")  # 21 MB, one line
    _one_error(inbox, tmp_path, "over the limit")


def test_5_mb_of_one_legal_phrase(inbox: Path, tmp_path: Path) -> None:
    phrase = "sentenced to seven years in prison on charges of extremism "
    (inbox / "repeat.txt").write_text(phrase * (5_000_000 // len(phrase)), encoding="utf-8")
    _one_error(inbox, tmp_path, "over the limit of 1000000 characters")


def test_size_limit_is_a_setting(inbox: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    (inbox / "short.txt").write_text("On May 3, police detained Ivan Petrov.", encoding="utf-8")
    monkeypatch.setenv("EXTRACT_MAX_DOC_CHARS", "5000")
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 1 and [d["doc_id"] for d in docs] == ["short"]
    assert [e["doc_id"] for e in errors] == ["good"]  # the seed, over 10,000 characters
    n = len(SEED.read_text(encoding="utf-8"))
    assert f"{n} characters is over the limit of 5000 characters" in errors[0]["reason"]


def test_unreadable_file(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the tests may run as root, who can read anything)."""
    target = inbox / "secret.txt"
    target.write_text("text", encoding="utf-8")
    target.chmod(0)
    real = os.open

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    _one_error(inbox, tmp_path, "Permission denied")


def test_symlink_loop_and_dangling_link(inbox: Path, tmp_path: Path) -> None:
    (inbox / "loop.txt").symlink_to(inbox / "loop.txt")
    (inbox / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    (inbox / "dirloop").symlink_to(inbox)  # a folder link back up: not followed
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 1 and [d["doc_id"] for d in docs] == ["good"]
    reasons = {e["doc_id"]: e["reason"] for e in errors}
    assert set(reasons) == {"loop", "gone"}
    assert "symbolic links" in reasons["loop"] and "No such file" in reasons["gone"]


def test_awkward_file_names(inbox: Path, tmp_path: Path) -> None:
    for name in ("with space.txt", "ünïcødé Отчёт.txt", "new\nline.txt", "..txt"):
        shutil.copy(SEED, inbox / name)
    out = tmp_path / "out"
    code, docs, errors = _run(inbox, out)
    assert code == 0 and errors == []
    assert {d["doc_id"] for d in docs} == {"good", "with space", "ünïcødé Отчёт", "new\nline",
                                           "."}
    for path in out.rglob("*"):  # every output stays inside the output folder
        assert out in path.resolve().parents or path.resolve() == out


def test_same_stem_in_different_folders(inbox: Path, tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (inbox / sub).mkdir()
        shutil.copy(SEED, inbox / sub / "report.txt")
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 0 and errors == []
    assert sorted(d["doc_id"] for d in docs) == ["a-report", "b-report", "good"]


def test_pdf_that_is_not_a_pdf(inbox: Path, tmp_path: Path) -> None:
    (inbox / "fake.pdf").write_text("this is not a PDF", encoding="utf-8")
    err = _one_error(inbox, tmp_path, "cannot read the PDF")
    assert err["doc_id"] == "fake"


def test_malformed_gold_lines_name_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    good = SEED.read_text(encoding="utf-8")
    gold.write_text(json.dumps({"doc_id": "x", "source": "s", "text": good}) + "\n{broken\n",
                    encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl:2: invalid JSON"):
        read_records([gold])
    bad_offsets = {"doc_id": "x", "source": "s", "text": "abc",
                   "mentions": [{"label": "PERSON", "start": 0, "end": 2, "text": "zz",
                                 "canonical": "zz"}]}
    gold.write_text(json.dumps(bad_offsets) + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl:1: .*does not match the text"):
        read_records([gold])
    assert main(["eval", "--gold", str(gold)]) == 2


def test_doc_ids_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    for doc_id in ("../../etc/passwd", "/abs/path", "..", ".", "a/b\\c", "x" * 500):
        path = store.record_path(doc_id)
        assert path.parent == store.records_dir
        assert "/" not in safe_name(doc_id) and safe_name(doc_id) not in ("", ".", "..")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse every connection that is not to this machine (the test harness's Prefect
    server is on loopback); record the attempts."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and \
                self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError(f"network blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            attempts.append(host)
            raise socket.gaierror(f"DNS blocked in tests: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts


def test_whole_flow_runs_offline(inbox: Path, tmp_path: Path, no_network: list[Any]) -> None:
    (inbox / "page.html").write_text(
        "<html><head><title>Report</title><script>x()</script></head><body><nav>Home</nav>"
        "<article><h1>Kazakhstan</h1><p>On October 8, a court sentenced Vladimir Kozlov to "
        "seven years in prison.</p></article></body></html>", encoding="utf-8")
    code, docs, errors = _run(inbox, tmp_path / "out")
    assert code == 0 and errors == [] and len(docs) == 2
    assert main(["eval", "--gold", str(Path(__file__).resolve().parents[1] / "gold" /
                                     "kazakhstan-2013.jsonl"), "--errors", "0"]) == 0
    assert no_network == []


# --------------------------------------------------------------------------- write-time faults


def _one_error_line(capfd: pytest.CaptureFixture[str], *parts: str) -> str:
    """The run printed exactly one ``error:`` line naming ``parts``, and no traceback."""
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out and "| ERROR" not in captured.err
    lines = [ln for ln in captured.err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and all(p in lines[0] for p in parts), captured.err
    return lines[0]


def test_disk_full_is_one_error_line_and_nothing_half_written(
        inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", str(inbox), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".lock"}
    (inbox / "new.txt").write_text("On May 3, police detained Ivan Petrov.", encoding="utf-8")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # the disk fills up under the output folder
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    capfd.readouterr()
    assert main(["run", str(inbox), "--out", str(out)]) == 2
    _one_error_line(capfd, str(out), "No space left on device")
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before  # no temp file, no torn manifest line, the outputs as they were


def test_records_is_a_file_is_one_error_line(inbox: Path, tmp_path: Path,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "records").write_text("not a folder", encoding="utf-8")
    capfd.readouterr()
    assert main(["run", str(inbox), "--out", str(out)]) == 2
    _one_error_line(capfd, "records", "cannot write")
    assert not (out / "documents.jsonl").exists()
    assert sorted(p.name for p in out.iterdir()) == [".lock", "records"]


def test_unwritable_output_folder_is_one_error_line(
        inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    """An output folder that cannot be written (simulated: the tests may run as root) and an
    output path that is a file."""
    out = tmp_path / "out"
    out.mkdir()
    real_open = Path.open

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.parent == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    capfd.readouterr()
    assert main(["run", str(inbox), "--out", str(out)]) == 2
    _one_error_line(capfd, str(out), "Permission denied")
    monkeypatch.undo()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["run", str(inbox), "--out", str(tmp_path / "file")]) == 2
    _one_error_line(capfd, "cannot create the output folder")


# --------------------------------------------------------------------------- user files

DEEP = "[" * 100_000
GOLD_LINE = json.dumps({"doc_id": "x", "source": "s", "text": "abc"})


def _user_file_cases(tmp: Path) -> list[tuple[list[str], str]]:
    """(command line, expected part of the error) for bad gold, predictions, interchange and
    thresholds files."""
    gold = tmp / "gold.jsonl"
    gold.write_text(GOLD_LINE + "\n", encoding="utf-8")
    files = {"latin1.jsonl": "Müller".encode("latin-1"), "deep.jsonl": DEEP.encode(),
             "huge.jsonl": b'{"doc_id": "' + b"x" * 5000 + b'"}\n', "deep.json": DEEP.encode(),
             "latin1.json": '{"thresholds": {"é": 1}}'.encode("latin-1")}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    brat = tmp / "brat"
    brat.mkdir()
    (brat / "d.txt").write_text("abc", encoding="utf-8")
    (brat / "d.ann").write_text("T1\tPERSON 0 3\tabc\n#1\tAnnotatorNotes T1\t" + DEEP + "\n",
                                encoding="utf-8")
    (brat / "d.record.json").write_text(DEEP, encoding="utf-8")
    return [
        (["eval", "--gold", str(tmp / "latin1.jsonl")], "not valid UTF-8 (byte 1)"),
        (["eval", "--gold", str(tmp / "deep.jsonl")], "deep.jsonl:1: invalid JSON (nested too"),
        (["eval", "--gold", str(tmp / "huge.jsonl")], "over the limit of 1000 bytes"),
        (["eval", "--gold", str(gold), "--pred", str(tmp / "deep.jsonl")], "nested too deeply"),
        (["eval", "--gold", str(gold), "--check", "--thresholds", str(tmp / "deep.json")],
         "deep.json: invalid JSON (nested too deeply)"),
        (["eval", "--gold", str(gold), "--check", "--thresholds", str(tmp / "latin1.json")],
         "not valid UTF-8"),
        (["gold", "import", "--format", "labelstudio", str(tmp / "deep.json"), "--out",
          str(tmp / "o")], "nested too deeply"),
        (["gold", "import", "--format", "doccano", str(tmp / "deep.jsonl"), "--out",
          str(tmp / "o")], "deep.jsonl: invalid JSON (nested too deeply)"),
        (["gold", "import", "--format", "brat", str(brat), "--out", str(tmp / "o")],
         "d.record.json: invalid JSON (nested too deeply)"),
    ]


def test_bad_user_files_are_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    """Invalid UTF-8, 100,000 nested brackets and a line over the size limit (here lowered to
    1000 bytes) in gold, predictions, thresholds and interchange files: exit 2, one line."""
    import extract.storage.jsonl

    for argv, part in _user_file_cases(tmp_path):
        monkeypatch.setattr(extract.storage.jsonl, "MAX_FILE_BYTES", 1000 if "huge" in argv[2] else 1 << 30)
        capfd.readouterr()
        assert main(argv) == 2, argv
        _one_error_line(capfd, part)


def test_deep_brat_note_is_a_warning(tmp_path: Path) -> None:
    from extract.evaluation.interchange import import_gold

    _user_file_cases(tmp_path)
    (tmp_path / "brat" / "d.record.json").unlink()
    result = import_gold("brat", tmp_path / "brat")
    assert [r.doc_id for r in result.records] == ["d"]
    assert any("not JSON" in w for w in result.warnings), result.warnings


# --------------------------------------------------------------------------- pathological text

PUNCT_SHAPES = ["(", "=", "*", "_", '"', "[", "=*", "(["]


def _pipeline_cost(text: str) -> tuple[float, dict[str, Any]]:
    """Best of two: seconds to repair and process ``text`` as one document, and its record."""
    from extract.ingest import Document
    from extract.nlp.pipeline import process
    from tests.nlp_fixture import shared_nlp

    best, record = float("inf"), None
    for _ in range(2):
        t = time.perf_counter()
        [record] = process(shared_nlp(), [Document("d", "d.txt", text, "0")])
        best = min(best, time.perf_counter() - t)
    return best, record.model_dump()


@pytest.mark.parametrize("shape", PUNCT_SHAPES)
def test_runs_of_punctuation_cost_linear_time(shape: str) -> None:
    """A run of one punctuation character (or two alternating) without a space makes spaCy's
    tokenizer quadratic (20,000 `(`: 26 s); repair cuts it, so ten times the run costs at
    most fifteen times the time, and mention offsets still index the original text."""
    head = "On May 3, 2012, a court in Almaty sentenced Ivan Petrov to five years in prison. "
    tail = " On June 4, 2013, Serik Sapargali was sentenced to two years in prison."
    costs = []
    for n in (3_000, 30_000):
        text = head + shape * (n // len(shape)) + tail
        cost, record = _pipeline_cost(text)
        costs.append(cost)
        spans = {m["text"] for m in record["mentions"]}
        assert {"Ivan Petrov", "two years in prison"} <= spans, spans
        for m in record["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    assert costs[1] <= 15 * costs[0] + 0.05, costs


@pytest.mark.parametrize("n_process", ["1", "2"])
def test_document_over_the_time_limit_goes_to_errors(tmp_path: Path, n_process: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """EXTRACT_DOC_TIMEOUT (here 0.4 s): a document that takes longer (the seed four times,
    ~2 s) is an error with the reason, the short one beside it is processed; in this
    process and in worker processes."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "short.txt").write_text("On May 3, police detained Ivan Petrov.", encoding="utf-8")
    (inbox / "slow.txt").write_text(SEED.read_text(encoding="utf-8") * 4, encoding="utf-8")
    monkeypatch.setenv("EXTRACT_DOC_TIMEOUT", "0.4")
    started = time.perf_counter()
    code, docs, errors = _run(inbox, tmp_path / "out", "--n-process", n_process)
    assert code == 1 and [d["doc_id"] for d in docs] == ["short"]
    assert [(e["doc_id"], e["error"]) for e in errors] == [("slow", "DocumentTimeout")]
    assert "over the time limit of 0.4 s per document (EXTRACT_DOC_TIMEOUT)" in errors[0]["reason"]
    assert time.perf_counter() - started < 30


def test_a_timeout_inside_a_destructor_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watchdog's DocumentTimeout may land in a destructor; Python hands it to
    sys.unraisablehook, which must drop it and pass anything else on."""
    import sys
    from types import SimpleNamespace

    from extract.nlp.pipeline import DocumentTimeout, time_limit

    seen: list[type] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_type))
    with time_limit(5):
        pass
    sys.unraisablehook(SimpleNamespace(exc_type=DocumentTimeout))  # type: ignore[arg-type]
    sys.unraisablehook(SimpleNamespace(exc_type=ValueError))  # type: ignore[arg-type]
    assert seen == [ValueError]
