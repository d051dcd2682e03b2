"""``policylint history``: results of each committed version, in a throw-away git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from policylint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

V1 = "# Privacy Policy\n\nWe collect your email address to run the service.\n"
V2 = V1 + "\n## Cookies\n\nYou can refuse cookies in your browser settings.\n"
V3 = V2.replace("You can refuse cookies in your browser settings.", "We use cookies.") + (
    "\n## Contact\n\nWrite to privacy@example.com with any question.\n"
)


def _git(repo, *args, date=None):
    stamp = {"GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"} if date else {}
    env = {**os.environ, **stamp, "GIT_AUTHOR_NAME": "Ann Author", "GIT_AUTHOR_EMAIL": "ann@example.com",
           "GIT_COMMITTER_NAME": "Ann Author", "GIT_COMMITTER_EMAIL": "ann@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _commit(repo, name, text, message, date):
    (repo / name).write_text(text)
    _git(repo, "add", name)
    _git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(tmp_path):
    r = tmp_path / "site"
    r.mkdir()
    _git(r, "init", "-q")
    _commit(r, "privacy.md", V1, "First policy", "2023-01-10")
    _commit(r, "privacy.md", V2, "Add cookie opt-out", "2023-06-01")
    _git(r, "mv", "privacy.md", "policy.md")
    _git(r, "commit", "-q", "-m", "Rename")
    _commit(r, "policy.md", V3, "Rewrite cookies, add contact", "2024-02-01")
    (r / "other.txt").write_text("unrelated")
    _git(r, "add", "other.txt")
    _git(r, "commit", "-q", "-m", "Unrelated")
    return r


def _json(args):
    res = CliRunner().invoke(main, ["history", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_every_version_oldest_first_following_renames(repo):
    data = _json([str(repo / "policy.md")])
    subjects = [v["subject"] for v in data["versions"]]
    assert subjects == ["First policy", "Add cookie opt-out", "Rename", "Rewrite cookies, add contact"]
    assert [v["path"] for v in data["versions"]][:2] == ["privacy.md", "privacy.md"]
    assert data["versions"][0]["date"].startswith("2023-01-10")
    assert all(len(v["sha256"]) == 64 for v in data["versions"])
    cookie = [v["results"]["core-cookie-opt-out"]["status"] for v in data["versions"]]
    assert cookie == ["failed", "passed", "passed", "failed"]


def test_changes_say_when_a_clause_appeared_and_disappeared(repo):
    data = _json([str(repo / "policy.md")])
    changes = [(c["subject"], c["rule"], c["from"], c["to"]) for c in data["changes"]]
    assert ("Add cookie opt-out", "core-cookie-opt-out", "failed", "passed") in changes
    assert ("Rewrite cookies, add contact", "core-cookie-opt-out", "passed", "failed") in changes
    assert ("Rewrite cookies, add contact", "core-contact-address", "failed", "passed") in changes
    appeared = next(c for c in data["changes"] if c["rule"] == "core-cookie-opt-out" and c["to"] == "passed")
    assert "refuse cookies" in appeared["evidence"]["text"] and appeared["evidence"]["line"] == 7
    gone = next(c for c in data["changes"] if c["rule"] == "core-cookie-opt-out" and c["to"] == "failed")
    assert "refuse cookies" in gone["evidence"]["text"]  # the sentence that was removed


def test_text_output_and_max_count(repo):
    res = CliRunner().invoke(main, ["history", str(repo / "policy.md"), "-n", "2"])
    assert res.exit_code == 0, res.output
    assert "2 version(s)" in res.stdout
    assert "core-cookie-opt-out: passed -> failed" in res.stdout
    assert "timeline" in res.stdout
    assert any(line.strip().startswith("core-cookie-opt-out") and line.rstrip().endswith("PF") for line in res.stdout.splitlines())


def test_html_chart(repo, tmp_path):
    out = tmp_path / "history.html"
    res = CliRunner().invoke(main, ["history", str(repo / "policy.md"), "--format", "html", "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text()
    assert page.count("<svg") == 2 and "<script" not in page
    assert "core-cookie-opt-out" in page and "Add cookie opt-out" in page


def test_worktree_version(repo):
    (repo / "policy.md").write_text(V3 + "\nWe do not knowingly collect information from children under 13.\n")
    data = _json([str(repo / "policy.md"), "--worktree"])
    assert data["versions"][-1]["commit"] == "worktree"
    assert data["versions"][-1]["results"]["core-children-under-13"]["status"] == "passed"


def test_as_of_defaults_to_each_commit_date(repo):
    # A policy dated 2023 is fresh when committed in 2023 (date-age rules use the commit date).
    dated = "# Privacy Policy\n\nLast updated: January 5, 2023.\n\nWe collect your email address.\n"
    _commit(repo, "dated.md", dated, "Dated policy", "2023-01-06")
    data = _json([str(repo / "dated.md")])
    assert data["versions"][0]["results"]["core-dated"]["status"] == "passed"


def test_errors_exit_2_with_one_line(tmp_path, repo):
    outside = tmp_path / "loose.md"
    outside.write_text(V1)
    res = CliRunner().invoke(main, ["history", str(outside)])
    assert res.exit_code == 2 and "not inside a git repository" in res.stderr
    (repo / "new.md").write_text(V1)
    res = CliRunner().invoke(main, ["history", str(repo / "new.md")])
    assert res.exit_code == 2 and "no committed versions" in res.stderr


def test_unreadable_version_is_reported_and_exits_2(repo):
    (repo / "policy.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _git(repo, "add", "policy.md")
    _git(repo, "commit", "-q", "-m", "Oops, binary", date="2024-03-01")
    res = CliRunner().invoke(main, ["history", str(repo / "policy.md"), "--format", "json"])
    assert res.exit_code == 2
    assert "at " in res.stderr and "binary file" in res.stderr
    data = json.loads(res.stdout)
    assert data["versions"][-1]["error"] and data["versions"][-2]["error"] is None
    assert all(c["subject"] != "Oops, binary" for c in data["changes"])


def test_docx_history(repo):
    docx = pytest.importorskip("docx", reason="python-docx is not installed: pip install '.[docx]'")
    import io

    def word(text):
        d = docx.Document()
        d.add_heading("Privacy Policy", 1)
        d.add_paragraph(text)
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()

    (repo / "policy.docx").write_bytes(word("We collect your email address."))
    _git(repo, "add", "policy.docx")
    _git(repo, "commit", "-q", "-m", "Word v1", date="2024-04-01")
    (repo / "policy.docx").write_bytes(word("You can refuse cookies in your browser settings."))
    _git(repo, "add", "policy.docx")
    _git(repo, "commit", "-q", "-m", "Word v2", date="2024-05-01")
    data = _json([str(repo / "policy.docx")])
    assert [v["format"] for v in data["versions"]] == ["docx", "docx"]
    assert [v["results"]["core-cookie-opt-out"]["status"] for v in data["versions"]] == ["failed", "passed"]
