"""The command line through click's runner: exit codes, formats, errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policylint.cli import main
from tests.conftest import ROOT

GOOD = str(ROOT / "examples" / "privacy-policy.md")
BAD = str(ROOT / "examples" / "incomplete-policy.md")


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.output.startswith("policylint ")


def test_check_compliant_example_exits_0():
    r = invoke("check", GOOD)
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output


def test_check_findings_exit_1_with_located_lines():
    r = invoke("check", BAD)
    assert r.exit_code == 1
    first = r.output.splitlines()[0]
    assert first.startswith(f"{BAD}:1:1: error core-")


def test_fail_on_threshold():
    assert invoke("check", BAD, "--fail-on", "never").exit_code == 0
    # Only warnings fail on the good example? It has none, so any threshold passes.
    assert invoke("check", GOOD, "--fail-on", "info").exit_code == 0


def test_json_output_is_documented_shape(tmp_path):
    out = tmp_path / "r.json"
    r = invoke("check", GOOD, "--format", "json", "--output", str(out), "--as-of", "2026-11-22")
    assert r.exit_code == 0
    data = json.loads(out.read_text())
    assert data["policylint"]["schema_version"] == 1
    assert data["as_of"] == "2026-11-22"
    doc = data["documents"][0]
    by_id = {x["rule"]: x for x in doc["results"]}
    cookie = by_id["core-cookie-opt-out"]
    assert cookie["status"] == "passed" and cookie["practices"] == ["cookie_optout"]
    ev = cookie["evidence"][0]
    assert ev["line"] == 26 and ev["text"].startswith("You can set your browser to refuse")
    assert data["summary"]["documents"] == 1


def test_stdin_with_filename():
    r = invoke("check", "-", "--stdin-filename", "p.md", input=b"# P\n\nWe do not sell data.\n")
    assert r.exit_code == 1
    assert "p.md:1:1:" in r.output


def test_missing_and_binary_files_exit_2_but_others_checked(tmp_path):
    png = tmp_path / "image.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = invoke("check", str(png), "nope.md", GOOD)
    assert r.exit_code == 2
    assert "binary file" in r.output and "no such file" in r.output
    assert "3 document(s) checked" in r.output


def test_bad_ruleset_exits_2_with_location(tmp_path):
    rs = tmp_path / "bad.yaml"
    rs.write_text("id: x\ntitle: X\nversion: '1'\nrules:\n  - id: a\n    title: t\n    severity: fatal\n    message: m\n    check: {require: x}\n")
    r = invoke("check", GOOD, "--ruleset", str(rs))
    assert r.exit_code == 2
    assert "bad.yaml:7:" in r.output and "severity" in r.output


def test_bad_as_of_is_usage_error():
    r = invoke("check", GOOD, "--as-of", "yesterday")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_rules_list_and_show():
    r = invoke("rules", "list")
    assert r.exit_code == 0 and "core-cookie-opt-out" in r.output
    r = invoke("rules", "show", "core-children-under-13")
    assert r.exit_code == 0 and "COPPA" in r.output and "how to fix" in r.output
    assert invoke("rules", "show", "no-such-rule").exit_code == 2


def test_rulesets_validate(tmp_path):
    assert invoke("rulesets", "validate", str(ROOT / "rulesets" / "core.yaml")).exit_code == 0
    bad = tmp_path / "b.yaml"
    bad.write_text("id: b\ntitle: B\n")
    r = invoke("rulesets", "validate", str(bad))
    assert r.exit_code == 2 and "version" in r.output


def test_directory_walk_with_globs(tmp_path):
    (tmp_path / "a.md").write_text("We do not sell data.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>We do not sell data.</p>")
    (tmp_path / "skip.md").write_text("x")
    r = invoke("check", str(tmp_path), "--exclude", "skip.md", "--fail-on", "never")
    assert r.exit_code == 0
    assert "2 document(s) checked" in r.output


# -- output files: write errors, inputs, atomic replacement ------------------------------------

import errno  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

FULL = "/dev/full"


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [
    ("-o", FULL), ("-f", "html", "-o", FULL), ("-f", "json", "-o", FULL), ("--report", f"sarif={FULL}"),
    ("--write-baseline", FULL),
])
def test_unwritable_output_is_one_line_and_exit_2(args):
    r = invoke("check", GOOD, "--no-config", *args)
    assert r.exit_code == 2, r.output
    assert f"policylint: error: cannot write {FULL}: No space left on device" in r.output
    assert "Traceback" not in r.output and isinstance(r.exception, SystemExit)


@pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full (Linux)")
def test_full_stdout_is_one_line_and_exit_2():
    # A real process: the interpreter's own flush of stdout at exit must not fail a second time.
    with open(FULL, "w") as full:
        proc = subprocess.run([sys.executable, "-m", "policylint", "check", GOOD, "--no-config", "-f", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "policylint: error: cannot write standard output: No space left on device\n"


def test_closed_pipe_stops_quietly_as_sigpipe_would():
    # `policylint check ... | head -1`: the reader is gone; no error message, the shell's status for SIGPIPE.
    r, w = os.pipe()
    os.close(r)
    try:
        proc = subprocess.run([sys.executable, "-m", "policylint", "check", GOOD, "--no-config", "-f", "json"],
                              stdout=w, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    finally:
        os.close(w)
    assert proc.returncode == 141 and proc.stderr == ""


def test_write_error_midway_keeps_the_previous_report(tmp_path, monkeypatch):
    from policylint import outputs

    out = tmp_path / "r.json"
    out.write_text("previous\n")

    def full(self, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs.AtomicFile, "write", full)
    r = invoke("check", GOOD, "--no-config", "-f", "json", "-o", str(out))
    assert r.exit_code == 2 and f"cannot write {out}: No space left on device" in r.output
    assert out.read_text() == "previous\n" and os.listdir(tmp_path) == ["r.json"]


@pytest.mark.parametrize("option", ["-o", "--report", "--write-baseline"])
def test_output_over_an_input_is_refused(tmp_path, option):
    policy = tmp_path / "victim.md"
    policy.write_text((ROOT / "examples" / "privacy-policy.md").read_text())
    before = policy.read_bytes()
    spec = f"markdown={policy}" if option == "--report" else str(policy)
    r = invoke("check", GOOD, str(policy), "--no-config", option, spec)
    assert r.exit_code == 2 and f"would overwrite {policy}, a document this run checks" in r.output
    assert policy.read_bytes() == before
    # Other inputs too: the template, the baseline read, a ruleset file.
    template = tmp_path / "t.j2"
    template.write_text("{{ summary.documents }}")
    r = invoke("check", GOOD, "--no-config", "--template", str(template), "-o", str(template))
    assert r.exit_code == 2 and "which this run reads" in r.output and template.read_text() == "{{ summary.documents }}"


def test_two_outputs_to_one_file_are_refused(tmp_path):
    out = tmp_path / "k.json"
    r = invoke("check", GOOD, "--no-config", "-f", "json", "-o", str(out), "--report", f"sarif={tmp_path}/./k.json")
    assert r.exit_code == 2 and "name the same file" in r.output and not out.exists()
    r = invoke("check", GOOD, "--no-config", "--report", f"json={out}", "--write-baseline", str(out))
    assert r.exit_code == 2 and "name the same file" in r.output and not out.exists()


def test_aborted_run_keeps_the_previous_report(tmp_path):
    out = tmp_path / "keep.json"
    assert invoke("check", GOOD, "--no-config", "-f", "json", "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.j2"
    bad.write_text("{{ nothing.attr.x }}")
    r = invoke("check", GOOD, "--no-config", "--template", str(bad), "-o", str(out))
    assert r.exit_code == 2 and "template error" in r.output
    r = invoke("check", GOOD, "--no-config", "-f", "json", "-o", str(out), "--report", f"sarif={tmp_path}/no/x.sarif")
    assert r.exit_code == 2 and "cannot write" in r.output
    assert out.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["bad.j2", "keep.json"]


def test_report_of_a_failing_run_replaces_the_old_one(tmp_path):
    out, base = tmp_path / "r.md", tmp_path / "base.json"
    out.write_text("old report\n")
    os.chmod(out, 0o640)
    r = invoke("check", BAD, "--no-config", "-f", "markdown", "-o", str(out))
    assert r.exit_code == 1
    assert out.read_text().startswith("# policylint report") and (os.stat(out).st_mode & 0o777) == 0o640
    r = invoke("check", BAD, "--no-config", "--write-baseline", str(base))
    assert r.exit_code == 0 and json.loads(base.read_text())["entries"] and f"to {base}" in r.output
    assert sorted(os.listdir(tmp_path)) == ["base.json", "r.md"]


def test_own_report_is_not_read_back_as_a_policy(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "privacy.md").write_text((ROOT / "examples" / "privacy-policy.md").read_text())
    monkeypatch.chdir(site)
    summary = tmp_path / "r.json"
    for _ in range(2):  # the second run finds the first one's reports in the folder
        r = invoke("check", ".", "--no-config", "-f", "html", "-o", "report.html", "--report", "markdown=report.md",
                   "--report", f"json={summary}")
        assert r.exit_code == 0, r.output
        assert json.loads(summary.read_text())["summary"]["documents"] == 1
    # `files` globs in the configuration are expanded like a walk.
    (site / ".policylint.yaml").write_text('files: ["*.md"]\n')
    for _ in range(2):
        r = invoke("check", "-f", "markdown", "-o", "report.md", "--report", f"json={summary}")
        assert r.exit_code == 0, r.output
        assert json.loads(summary.read_text())["summary"]["documents"] == 1


def test_an_output_over_a_policy_found_in_a_walked_folder_is_refused(tmp_path, monkeypatch):
    # Only an earlier report may be left out of the walk and replaced; a policy there is kept.
    docs = tmp_path / "docs"
    docs.mkdir()
    policy = (ROOT / "examples" / "privacy-policy.md").read_text()
    (docs / "privacy.md").write_text(policy)
    (docs / "terms.md").write_text("# Terms\n\nBe nice.\n")
    r = invoke("check", str(docs), "--no-config", "-f", "markdown", "-o", str(docs / "privacy.md"))
    assert r.exit_code == 2 and "would overwrite" in r.output and str(docs / "privacy.md") in r.output
    assert (docs / "privacy.md").read_text() == policy
    monkeypatch.chdir(docs)
    (docs / ".policylint.yaml").write_text('files: ["*.md"]\n')
    r = invoke("check", "-f", "markdown", "-o", "privacy.md")
    assert r.exit_code == 2 and (docs / "privacy.md").read_text() == policy


def test_paths_without_documents_are_a_usage_error(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    r = invoke("check", str(tmp_path / "empty"), "--no-config", "-o", str(tmp_path / "r.txt"))
    assert r.exit_code == 2 and f"no documents to check in {tmp_path / 'empty'}" in r.output
    assert not (tmp_path / "r.txt").exists()
    r = invoke("check", str(ROOT / "examples"), "--no-config", "--include", "*.nothing")
    assert r.exit_code == 2 and "--include *.nothing" in r.output
    # A file named directly and excluded (pre-commit passes changed files) is not an error.
    r = invoke("check", GOOD, "--no-config", "--exclude", "*.md")
    assert r.exit_code == 0 and "0 document(s) checked" in r.output
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".policylint.yaml").write_text('files: ["legal/privacy*.md"]\n')
    r = invoke("check")
    assert r.exit_code == 2 and "key 'files': legal/privacy*.md matched no files" in r.output
    assert "set `files`" not in r.output


def test_input_error_shows_once_when_text_report_and_errors_share_a_terminal(tmp_path, monkeypatch):
    import policylint.cli as cli

    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00")
    monkeypatch.setattr(cli, "_same_terminal", lambda: True)
    r = invoke("check", str(junk), GOOD, "--no-config")
    assert r.exit_code == 2 and "input-error binary file" in r.stdout and r.stderr == ""
    monkeypatch.setattr(cli, "_same_terminal", lambda: False)  # stdout redirected: stderr still says it
    r = invoke("check", str(junk), GOOD, "--no-config")
    assert "policylint: error:" in r.stderr and "binary file" in r.stderr


import pytest  # noqa: E402


@pytest.mark.parametrize("how", ["-j1-file", "-j2-stdout", "dask-file"])
def test_ctrl_c_exits_130_with_one_line_and_keeps_the_old_report(tmp_path, how):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while documents are being
    checked: exit 130, one line naming what was kept, no "Aborted!", no worker tracebacks.

    The run is caught mid-way without timing: its last input is a URL served by a socket that
    accepts and never answers, so once the connection arrives the run is certainly under way."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    if how.startswith("dask"):
        pytest.importorskip("distributed")
    for i in range(6):  # enough files for a pool (runner.MIN_FILES_FOR_POOL)
        (tmp_path / f"p{i}.md").write_text((ROOT / "examples" / "privacy-policy.md").read_text())
    report = tmp_path / "out.jsonl"
    report.write_text("previous run\n")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(120)  # only if the run never gets there: a failure, not a hang
        url = f"http://127.0.0.1:{server.getsockname()[1]}/privacy"
        args = {"-j1-file": ["-j", "1", "-o", str(report)], "-j2-stdout": ["-j", "2"],
                "dask-file": ["--engine", "dask", "-o", str(report), "--report", f"sarif={tmp_path / 'new.sarif'}"]}[how]
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
        with open(tmp_path / "stdout", "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "policylint", "check", *sorted(str(p) for p in tmp_path.glob("p*.md")),
                                     url, "-f", "jsonl", *args], stdout=out, stderr=subprocess.PIPE, env=env,
                                    cwd=tmp_path, start_new_session=True)
            try:
                conn, _ = server.accept()
                os.killpg(proc.pid, signal.SIGINT)
                _, err = proc.communicate(timeout=120)
                conn.close()
            finally:
                if proc.poll() is None:
                    proc.kill()
    stderr = err.decode()
    if how == "-j2-stdout":
        assert stderr == "policylint: interrupted\n"
        lines = (tmp_path / "stdout").read_text().splitlines()
        assert len(lines) == 6 and all(json.loads(line)["type"] == "document" for line in lines)  # whole lines, no summary
    elif how == "-j1-file":
        assert stderr == f"policylint: interrupted; {report} left unchanged\n"
    else:
        assert stderr == f"policylint: interrupted; {report} left unchanged; {tmp_path / 'new.sarif'} not written\n"
    assert proc.returncode == 130
    assert report.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p")) == ["out.jsonl", "stdout"]
