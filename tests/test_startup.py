"""Start-up stays cheap: what a plain ``check`` imports, and what it must not.

Run in fresh interpreters (``sys.modules`` of the test process already holds everything). Times
are measured by benchmarks/throughput.py, never here; these tests pin the import graph, which is
what keeps the time down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# Never needed to start the command line; hyperscan and dask are optional extras.
NEVER_AT_IMPORT = ("jinja2", "jsonschema", "hyperscan", "dask", "yaml", "markdown_it", "policylint.engine")
# Never needed by `check one.md` with text output once the compiled rules are cached: nor, for
# a policy of plain paragraphs, lists and headings, markdown-it; nor Hyperscan for one document
# (`--backend auto` compiles its database only for runs of more than a few documents).
NEVER_ON_CACHED_CHECK = ("jinja2", "jsonschema", "yaml", "dask", "policylint.rulesets", "policylint.yamlsource",
                         "policylint.config", "policylint.reports.templating", "policylint.commands.diff",
                         "policylint.fetch", "markdown_it", "hyperscan")

PROBE = """
import atexit, json, sys
_out = sys.argv.pop()
atexit.register(lambda: open(_out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "policylint"
{body}
"""


def _modules(tmp_path, body: str, *args: str, cwd=ROOT) -> tuple[set[str], subprocess.CompletedProcess]:
    out = tmp_path / "modules.json"
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("POLICYLINT_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", PROBE.format(body=body), *args, str(out)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return set(json.loads(out.read_text())), proc


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


def test_importing_the_cli_loads_no_heavy_or_optional_module(tmp_path):
    modules, proc = _modules(tmp_path, "import policylint.cli")
    assert proc.returncode == 0, proc.stderr
    assert not _loaded(modules, NEVER_AT_IMPORT)


def test_a_cached_check_needs_no_yaml_schema_templates_or_other_commands(tmp_path):
    body = "from policylint.cli import main\nmain()"
    args = ("check", "examples/privacy-policy.md", "--no-config")
    first, proc = _modules(tmp_path, body, *args)  # compiles and writes the cache
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "policylint.rulesets" in first  # the cold run did load the rulesets
    cached, proc = _modules(tmp_path, body, *args)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert not _loaded(cached, NEVER_ON_CACHED_CHECK)


def test_the_library_api_loads_rulesets_only_when_it_compiles_them(tmp_path):
    modules, proc = _modules(tmp_path, "import policylint.api")
    assert proc.returncode == 0, proc.stderr
    assert not _loaded(modules, ("yaml", "jsonschema", "jinja2", "policylint.rulesets"))


def test_looking_for_a_configuration_file_does_not_load_yaml(tmp_path):
    modules, proc = _modules(tmp_path, "from policylint.config_finder import find_config\nfind_config()", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "yaml" not in modules and "policylint.config" not in modules


def test_lazy_subcommands_are_listed_and_run():
    from click.testing import CliRunner

    from policylint.cli import main

    out = CliRunner().invoke(main, ["--help"]).output
    for name in ("check", "diff", "eval", "history", "init", "rules", "rulesets"):
        assert f"\n  {name} " in out
    rules = CliRunner().invoke(main, ["rules", "--help"]).output
    assert "coverage" in rules and "test" in rules
    assert CliRunner().invoke(main, ["rules", "test", "--help"]).exit_code == 0


def test_python_dash_m_runs_the_same_command(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "policylint", "check", str(ROOT / "examples" / "privacy-policy.md"), "-f", "json"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "POLICYLINT_CACHE_DIR": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["documents"] == 1
    usage = subprocess.run([sys.executable, "-m", "policylint", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert usage.stdout.startswith("Usage: policylint ")
