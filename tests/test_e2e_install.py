"""End to end: build the wheel, install it in a fresh virtual environment, run `policylint`.

Proves that a plain (non-editable) install ships the rulesets and templates.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    dist = tmp / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True, text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"wheel build failed:\n{build.stdout}\n{build.stderr}")
    wheel = next(dist.glob("*.whl"))
    env_dir = tmp / "venv"
    # system_site_packages: the fresh environment reuses already-installed dependencies so the
    # test runs offline; the package itself is installed from the wheel only.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # --ignore-installed: when CI has already installed policylint into the base interpreter,
    # pip would otherwise call the requirement satisfied and put no `policylint` script here.
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
                    str(wheel)], check=True)
    exe = env_dir / "bin" / "policylint"
    assert exe.exists(), f"the wheel install created no {exe}"
    return wheel, env_dir


@pytest.mark.e2e
def test_wheel_contains_rulesets_templates_and_schema(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "policylint/rulesets/core.yaml" in names
    assert "policylint/schema/ruleset.schema.json" in names
    assert any(n.startswith("policylint/templates/") for n in names)


@pytest.mark.e2e
def test_installed_command_runs_outside_checkout(installed, tmp_path):
    _, env_dir = installed
    exe = env_dir / "bin" / "policylint"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([str(exe), "check", str(ROOT / "examples" / "privacy-policy.md")], cwd=tmp_path,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 failed" in r.stdout
    r = subprocess.run([str(exe), "check", str(ROOT / "examples" / "incomplete-policy.md")], cwd=tmp_path,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "core-contact-address" in r.stdout
    r = subprocess.run([str(exe), "rules", "list"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "core-dated" in r.stdout
