"""Directory scans over symlink loops, dangling links, FIFOs and unreadable files: one line per
problem, every other file checked, exit 2."""

from __future__ import annotations

import builtins
import os
import threading
from pathlib import Path

import pytest

from tests.robustness.conftest import GOOD_POLICY, cli, error_lines


def _tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text(GOOD_POLICY, encoding="utf-8")
    (root / "sub" / "b.md").write_text(GOOD_POLICY, encoding="utf-8")
    return root


def _checked(result) -> set[str]:
    import json

    return {os.path.basename(d["path"]) for d in json.loads(result.stdout)["documents"] if d["results"]}


def test_symlink_loop_to_a_parent_directory(tmp_path: Path) -> None:
    root = _tree(tmp_path / "policies")
    os.symlink("..", root / "sub" / "loop")
    r = cli("check", str(root), "-f", "json")
    assert r.exit_code == 2, r.output
    assert any("symbolic link loop" in line for line in error_lines(r)), r.stderr
    assert {"a.md", "b.md"} <= _checked(r)


def test_self_referencing_and_dangling_links(tmp_path: Path) -> None:
    root = _tree(tmp_path / "policies")
    os.symlink("self.md", root / "self.md")
    os.symlink("missing.md", root / "dangling.md")
    r = cli("check", str(root), "-f", "json")
    assert r.exit_code == 2, r.output
    errors = error_lines(r)
    assert any("self.md" in e and "symbolic links" in e for e in errors), r.stderr
    assert any("dangling.md" in e and "no such file" in e for e in errors), r.stderr
    assert len(errors) == 2
    assert {"a.md", "b.md"} <= _checked(r)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_in_a_directory_scan_does_not_block(tmp_path: Path) -> None:
    root = _tree(tmp_path / "policies")
    os.mkfifo(root / "pipe.md")
    result: list = []
    t = threading.Thread(target=lambda: result.append(cli("check", str(root), "-f", "json")), daemon=True)
    t.start()
    t.join(60)
    assert result, "policylint blocked on a FIFO"
    r = result[0]
    assert r.exit_code == 2
    assert any("pipe.md" in e and "not a regular file" in e for e in error_lines(r)), r.stderr
    assert {"a.md", "b.md"} <= _checked(r)


def test_directory_named_like_a_policy_is_walked_not_read(tmp_path: Path) -> None:
    root = _tree(tmp_path / "policies")
    (root / "odd.md").mkdir()
    (root / "odd.md" / "c.md").write_text(GOOD_POLICY, encoding="utf-8")
    r = cli("check", str(root), "-f", "json")
    assert r.exit_code in (0, 1), r.output
    assert {"a.md", "b.md", "c.md"} <= _checked(r)


def test_unreadable_file_with_real_permissions(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode; see test_unreadable_file_permission_error")
    root = _tree(tmp_path / "policies")
    locked = root / "locked.md"
    locked.write_text(GOOD_POLICY, encoding="utf-8")
    locked.chmod(0)
    try:
        r = cli("check", str(root), "-f", "json")
    finally:
        locked.chmod(0o644)
    assert r.exit_code == 2
    assert any("locked.md" in e and "permission denied" in e for e in error_lines(r))
    assert {"a.md", "b.md"} <= _checked(r)


def test_unreadable_file_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod 000 does not stop reads: make open() refuse instead.
    root = _tree(tmp_path / "policies")
    locked = root / "locked.md"
    locked.write_text(GOOD_POLICY, encoding="utf-8")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    r = cli("check", str(root), "-f", "json")
    assert r.exit_code == 2
    errors = error_lines(r)
    assert len(errors) == 1 and "locked.md" in errors[0] and "permission denied" in errors[0], r.stderr
    assert {"a.md", "b.md"} <= _checked(r)


def test_unreadable_subdirectory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "policies")
    (root / "private").mkdir()
    real_scandir = os.scandir

    def fake_scandir(path="."):
        if os.path.basename(os.fspath(path)) == "private":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    r = cli("check", str(root), "-f", "json")
    assert r.exit_code == 2
    assert any("private" in e and "cannot read directory" in e for e in error_lines(r)), r.stderr
    assert {"a.md", "b.md"} <= _checked(r)


def test_missing_path_among_good_ones(tmp_path: Path) -> None:
    root = _tree(tmp_path / "policies")
    r = cli("check", str(root / "nope.md"), str(root), "-f", "json")
    assert r.exit_code == 2
    assert any("nope.md" in e for e in error_lines(r))
    assert {"a.md", "b.md"} <= _checked(r)
