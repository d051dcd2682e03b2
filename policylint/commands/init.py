"""``policylint init``: write a commented starter config, a pre-commit snippet and a CI workflow.

Existing files are never overwritten without ``--force``; a pre-commit config that exists
already gets the snippet printed instead, to paste in.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

# Which files are policies, for both the pre-commit hook (`files:` in .pre-commit-hooks.yaml, a
# regex) and the starter configuration's `files` globs (what CI checks): one list, so a policy
# blocked locally is never invisible in CI. Each word is a regex and, letter by letter, a glob;
# a `[...]` class is valid in both.
POLICY_WORDS = ("privacy", "cookie", "data[-_]protection", "dataprotection", "gdpr", "ccpa", "dpa", "legal")
POLICY_SUFFIXES = ("md", "markdown", "html", "htm", "txt")


def hook_pattern() -> str:
    """The hook's `files` regex: a policy word in the file name, a policy suffix, any case."""
    return rf"(?i)(^|/)[^/]*({'|'.join(POLICY_WORDS)})[^/]*\.({'|'.join(POLICY_SUFFIXES)})$"


def _any_case(word: str) -> str:
    """``privacy`` as the case-insensitive glob ``[Pp][Rr]...`` (config globs match case-sensitively)."""
    out, i = [], 0
    while i < len(word):
        if word[i] == "[":  # a class: as it is
            end = word.index("]", i)
            out.append(word[i:end + 1])
            i = end + 1
            continue
        c = word[i]
        out.append(f"[{c.upper()}{c}]" if c.isalpha() else c)
        i += 1
    return "".join(out)


def files_globs() -> list[str]:
    """The starter configuration's `files`: the files :func:`hook_pattern` takes, as globs."""
    return [f"**/*{_any_case(w)}*.{_any_case(s)}" for w in POLICY_WORDS for s in POLICY_SUFFIXES]

# (template under templates/init, where it goes, what it is)
FILES = {
    "config": ("policylint.yaml", ".policylint.yaml", "configuration"),
    "pre-commit": ("pre-commit-config.yaml", ".pre-commit-config.yaml", "pre-commit hook"),
    "github": ("github-workflow.yml", ".github/workflows/policylint.yml", "GitHub Actions workflow"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.policylint.yml", "GitLab CI job (include it from .gitlab-ci.yml)"),
}


def starter(name: str) -> str:
    """The text of a starter file (``templates/init/NAME``) for this version of policylint."""
    from policylint import __version__
    from policylint.resources import data_dir

    text = (data_dir("templates") / "init" / name).read_text(encoding="utf-8")
    files = "".join(f'  - "{g}"\n' for g in files_globs())
    return text.replace("@VERSION@", __version__).replace("  - @FILES@\n", files)


@click.command("init")
@click.option("--ci", type=click.Choice(["github", "gitlab", "none"]), default="github", show_default=True, help="Which CI example to write.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@click.option("--directory", "-C", default=".", type=click.Path(file_okay=False), help="Project folder to write into (must exist).")
def init_command(ci: str, force: bool, directory: str) -> None:
    """Write .policylint.yaml, a pre-commit hook and a CI workflow example."""
    wanted = ["config", "pre-commit"] + ([ci] if ci != "none" else [])
    root = Path(directory)
    if not root.is_dir():
        # A mistyped -C must not create a new project folder (only .github/ inside one is made).
        from policylint.cli import UsageError

        raise UsageError(f"{directory}: no such folder; create it first or fix the -C path")
    for key in wanted:
        template, target, what = FILES[key]
        path = root / target
        text = starter(template)
        if path.exists() and not force:
            if key == "pre-commit":
                click.echo(f"{path} exists; add this hook to it:\n\n" + text.split("repos:\n", 1)[1])
            else:
                click.echo(f"{path} exists; left as it is (--force to overwrite)")
            continue
        try:
            os.makedirs(path.parent, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            click.echo(f"policylint: error: cannot write {path}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        click.echo(f"wrote {path} ({what})")
    click.echo("next: edit .policylint.yaml, then run `policylint check` (and `pre-commit install`)")
