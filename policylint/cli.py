"""The ``policylint`` command. Each subcommand is a small function returning an exit code.

Exit codes: 0 nothing at or above the fail threshold; 1 findings at or above it; 2 usage,
configuration or input errors (the other files are still checked and reported); 130 interrupted
(Ctrl-C), 141 standard output closed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

import click

from policylint import __version__
from policylint.reports import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_RULESETS = ("core",)


class UsageError(click.ClickException):
    """A one-line error that exits 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"policylint: error: {self.format_message()}", err=True)


class _Interrupted(UsageError):
    """Ctrl-C: one line (no click "Aborted!", which exits 1, the findings code), and 128 + SIGINT
    as a shell reports a program killed by it. Output files are replaced only by a complete run."""

    exit_code = 128 + 2

    def show(self, file: Any = None) -> None:
        click.echo(f"policylint: {self.format_message()}", err=True)


#: ``ctx.meta`` key: the files a command writes, named in the interrupted message.
OUTPUTS_META = "policylint.outputs"


def _interrupted(files: list[str]) -> _Interrupted:
    from policylint.outputs import is_special

    files = [f for f in files if f and not is_special(f)]
    kept = [f for f in files if os.path.exists(f)]
    new = [f for f in files if not os.path.exists(f)]
    said = ["interrupted"]
    said += [f"{', '.join(kept)} left unchanged"] if kept else []
    said += [f"{', '.join(new)} not written"] if new else []
    return _Interrupted("; ".join(said))


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date; use YYYY-MM-DD") from None


def _load(refs: tuple[str, ...]) -> Any:
    from policylint.rulesets import RulesetError, load_rulesets

    try:
        return load_rulesets(list(refs) or list(DEFAULT_RULESETS))
    except RulesetError as exc:
        raise UsageError(str(exc)) from None


class LazyGroup(click.Group):
    """A command group whose subcommands in ``lazy`` ("name": "module:attribute") are imported
    only when run or listed, so a ``check`` never pays for the other commands' modules."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            import importlib

            module, attr = target.split(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _interrupted(ctx.meta.get(OUTPUTS_META, [])) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, lazy={
    "eval": "policylint.commands.eval_cmd:eval_command",
    "history": "policylint.commands.history:history_command",
    "diff": "policylint.commands.diff:diff_command",
    "init": "policylint.commands.init:init_command",
})
@click.version_option(__version__, "--version", prog_name="policylint", message="%(prog)s %(version)s")
def main() -> None:
    """policylint checks privacy policies against declarative YAML rulesets."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Built-in ruleset name or YAML file (repeatable; default: core).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: nearest .policylint.yaml or pyproject.toml [tool.policylint]).")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Accept the failures recorded in this baseline file; fail only on new ones.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record today's failures in this baseline file (and accept them).")
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Report format (see docs/reports.md).")
@click.option("--template", type=click.Path(dir_okay=False), help="Render the report with this Jinja template instead of --format.")
@click.option("--report", "extra_reports", multiple=True, metavar="FORMAT=FILE",
              help="Also write the report in FORMAT to FILE, from the same run (repeatable), e.g. --report sarif=out.sarif.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour text output: auto = on a terminal unless NO_COLOR is set.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error", show_default=True,
              help="Lowest severity of a failed rule that makes the exit code 1.")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default today.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to a file.")
@click.option("--include", multiple=True, help="Glob of files to take when walking directories (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip (repeatable).")
@click.option("--stdin-filename", default="<stdin>", show_default=True, help="Name (and so format) of the document read from '-'.")
@click.option("--verbose", "-v", is_flag=True, help="Text format: also list passed rules with their evidence.")
@click.option("--offline", is_flag=True, help="Refuse all network access (URL arguments become input errors).")
@click.option("--fetch-timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, help="Seconds allowed for fetching one URL, redirects included.")
@click.option("--fetch-max-size", type=click.FloatRange(min=0.001), default=10.0, show_default=True, help="Largest page fetched from a URL, in MB.")
@click.option("--fetch-max-redirects", type=click.IntRange(min=0), default=5, show_default=True, help="Redirects followed for one URL.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Files checked in parallel (default: the number of cores); output order never changes.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where documents are checked: this machine, or a Dask cluster (pip install 'policylint[dask]').")
@click.option("--scheduler", help="Dask scheduler address for --engine dask (default: a local cluster).")
@click.option("--backend", type=click.Choice(["auto", "python", "hyperscan"]), default="auto", show_default=True,
              help="Pattern search: hyperscan (pip install 'policylint[fast]') or pure Python; results are identical. "
                   "auto: hyperscan when installed and the run has more than 8 documents.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal, for runs over a few seconds).")
@click.option("--compact", is_flag=True, help="JSON Lines output: give each rule's title, message, rationale, remediation and "
                                              "references once, in the summary line's `rules`, not in every document's results.")
def check(
    paths: tuple[str, ...], rulesets: tuple[str, ...], fmt: str, fail_on: str, as_of: str | None,
    output: str | None, include: tuple[str, ...], exclude: tuple[str, ...], stdin_filename: str, verbose: bool,
    template: str | None = None, color: str = "auto", config_file: str | None = None, no_config: bool = False,
    baseline: str | None = None, write_baseline: str | None = None, extra_reports: tuple[str, ...] = (),
    offline: bool = False, fetch_timeout: float = 20.0, fetch_max_size: float = 10.0, fetch_max_redirects: int = 5,
    jobs: int | None = None, engine: str = "local", scheduler: str | None = None, backend: str = "auto",
    progress: bool | None = None, compact: bool = False,
) -> None:
    """Check policy documents (files, directories, http(s) URLs, or - for stdin)."""
    from policylint.discover import STDIN, discover, is_url
    from policylint.engine import check_file
    from policylint.model import DocumentReport

    targets = [_report_target(spec) for spec in extra_reports]
    # Named if Ctrl-C stops the run (see LazyGroup.invoke): they keep their previous contents.
    click.get_current_context().meta[OUTPUTS_META] = [f for f in (output, *(f for _, f in targets), write_baseline) if f]
    if compact and "jsonl" not in ((() if template else (fmt,)) + tuple(f for f, _ in targets)):
        raise UsageError("--compact shapes JSON Lines output: add --format jsonl (or --report jsonl=FILE)")
    cfg = _config(config_file, no_config)
    from_config = False
    if cfg is not None:
        from policylint.config import merge_options

        click_ctx = click.get_current_context()
        given = {k for k in click_ctx.params if click_ctx.get_parameter_source(k) is not click.core.ParameterSource.DEFAULT}
        merged = merge_options(cfg, click_ctx.params, given)
        from_config = not click_ctx.params.get("paths") and bool(cfg.files)
        paths, rulesets, fmt, fail_on = merged["paths"], merged["rulesets"], merged["fmt"], merged["fail_on"]
        as_of, exclude, baseline = merged["as_of"], merged["exclude"], merged["baseline"]
    if not paths:
        if from_config:
            raise UsageError(f"{cfg.source}: key 'files': {', '.join(cfg.files)} matched no files; "
                             "fix the globs (relative to the configuration's folder) or give paths")
        raise UsageError("no files to check: give paths (or - for stdin), or set `files` in .policylint.yaml")
    date = _parse_date(as_of)
    # Output files, named as given, and the files the run reads besides its documents.
    files_out = [(f"--report {f}={file}", file) for f, file in targets]
    files_out[:0] = [(f"-o {output}", output)] if output else []
    files_out += [(f"--write-baseline {write_baseline}", write_baseline)] if write_baseline else []
    reads = [template, baseline if not write_baseline else None, cfg.source if cfg is not None else None,
             *(r for r in rulesets if os.path.isfile(r))]
    own = _check_outputs(files_out, paths if not from_config else (), [r for r in reads if r])
    if from_config:
        # `files` globs are a walk too: this run's own outputs are not policies (see discover's skip).
        from policylint.outputs import same_path

        mine = {p for p in paths if any(same_path(p, o) for o in own)}
        _refuse_overwriting_documents(sorted(mine), files_out)
        paths = tuple(p for p in paths if p not in mine)
        if not paths:
            raise UsageError(f"{cfg.source}: key 'files': {', '.join(cfg.files)} matched only this run's output files; "
                             "fix the globs or write the reports elsewhere")
    found = discover(paths, include, exclude, skip=own)
    _refuse_overwriting_documents(found.skipped, files_out)
    if not found.files and not found.problems and not found.excluded:
        raise UsageError(_nothing_found(paths, include, exclude))
    if backend == "auto" and len(found.files) <= SMALL_RUN_FILES:
        # Compiling the Hyperscan database costs more than it saves on a few documents (a
        # pre-commit run); results are the same with either backend.
        backend = "python"
    compiled = _compiled(rulesets, backend)
    loaded = compiled.rulesets
    accepted = _load_baseline(baseline) if baseline and not write_baseline else None
    early: list[DocumentReport] = []
    # Input errors go to stderr too (a report redirected to a file, or in a data format, still
    # shows them on the console), except where a text report on the same terminal already has them.
    echo_errors = not (fmt == "text" and output is None and template is None and _same_terminal())
    for path, problem in found.problems:
        if echo_errors:
            click.echo(f"policylint: error: {path}: {problem}", err=True)
        early.append(DocumentReport(path=path, error=problem))
    from policylint.runner import Progress, Task, default_jobs, run_tasks

    tasks: list[Task] = []
    for path in found.files:
        if path == STDIN:
            data = sys.stdin.buffer.read()
            tasks.append(Task(stdin_filename, lambda data=data: check_file(stdin_filename, compiled, date, data=data)))
        elif is_url(path):
            from policylint.fetch import FetchOptions, check_url  # only when a URL is given

            options = FetchOptions(fetch_timeout, int(fetch_max_size * 1e6), fetch_max_redirects, offline)
            tasks.append(Task(path, lambda path=path: check_url(path, compiled, date, options)))
        else:
            tasks.append(Task(path))
    bar = Progress.maybe(len(tasks), progress)
    # A report is written as its documents are checked (see reports/streaming.py), into a
    # temporary file that replaces the old report only once the run is complete.
    outputs = [_Output(output, bar), *(_Output(file, None) for _, file in targets)]
    baseline_out = _Output(write_baseline, None) if write_baseline else None
    files = [*outputs, *([baseline_out] if baseline_out else [])]
    try:
        writers = [_writer(fmt, template, outputs[0], verbose=verbose, color=_use_color(color, output), compact=compact),
                   *(_writer(extra_fmt, None, out, verbose=verbose, color=False, compact=compact)
                     for (extra_fmt, _), out in zip(targets, outputs[1:]))]
        if engine == "dask":
            from policylint.distributed import DistributedError, run_dask

            try:
                checked = run_dask(tasks, compiled, date, scheduler, progress=bar)
            except DistributedError as exc:
                raise UsageError(str(exc)) from None
        else:
            checked = run_tasks(tasks, compiled, date, jobs=jobs or default_jobs(), progress=bar)
        for out in files:
            out.open()  # checking is lazy: nothing has been checked yet
        reports = _filtered(early, checked, cfg, echo_errors)
        recorded = None
        if baseline_out is not None:
            reports, accepted, recorded = _write_baseline(list(reports), baseline_out)
        if accepted is not None:
            reports = _baselined(reports, accepted, write_baseline or baseline)
        summary = _write_reports(reports, loaded, writers, fail_on, date)
        # The run is complete (whatever its exit code): the reports replace the old ones.
        for out in files:
            out.commit()
        if recorded is not None:
            click.echo(f"policylint: wrote {recorded} accepted failure(s) to {write_baseline}", err=True)
    finally:
        for out in files:
            out.abort()  # after an error: the previous files stay; after commit: nothing to do
    if summary["input_errors"]:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if summary["failing"] else EXIT_OK)


def _check_outputs(outputs: list[tuple[str, str]], paths: tuple[str, ...], inputs: list[str]) -> list[str]:
    """Refuse outputs that would overwrite an input or each other; return the output files.

    ``outputs`` are (option as given, file); ``paths`` the command-line paths (a document named
    there would be replaced by its own report), ``inputs`` the other files the run reads.
    Devices and FIFOs (``/dev/stdout``) are streams, not files whose text could be lost.
    """
    if not outputs:
        return []
    from policylint.discover import STDIN, is_url
    from policylint.outputs import is_special, same_path

    named = [p for p in paths if p != STDIN and not is_url(p) and not os.path.isdir(p)]
    checked: list[tuple[str, str]] = []
    for option, file in outputs:
        if is_special(file):
            continue
        for doc in named:
            if same_path(file, doc):
                raise UsageError(f"{option} would overwrite {doc}, a document this run checks; choose another output file")
        for other in inputs:
            if same_path(file, other):
                raise UsageError(f"{option} would overwrite {other}, which this run reads; choose another output file")
        for earlier, earlier_file in checked:
            if same_path(file, earlier_file):
                raise UsageError(f"{earlier} and {option} name the same file; give each output its own file")
        checked.append((option, file))
    return [file for _, file in checked]


def _refuse_overwriting_documents(found: list[str], outputs: list[tuple[str, str]]) -> None:
    """A walk (or the `files` globs) left out files that are this run's outputs: fine for an
    earlier report, which the run replaces; a usage error for anything else, a policy the report
    would destroy."""
    from policylint.outputs import looks_like_report, same_path

    for f in found:
        if not looks_like_report(f):
            option = next((o for o, file in outputs if same_path(file, f)), "an output")
            raise UsageError(f"{option} would overwrite {f}, a document in the folders this run checks; choose another output file")


def _nothing_found(paths: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...]) -> str:
    """The error for paths that hold no document (an empty folder, globs that match nothing)."""
    which = f"matching --include {' '.join(include)}" if include else "with a policy suffix (.md, .html, .txt, .docx, .pdf, ...)"
    left = " left after the exclude globs" if exclude else ""
    return f"no documents to check in {' '.join(paths)}: no files {which}{left}; check the paths and globs"


#: With ``--backend auto``, runs of at most this many documents use the pure-Python search.
SMALL_RUN_FILES = 8


def _compiled(refs: tuple[str, ...], backend: str) -> Any:
    """Compiled rules, from the on-disk cache when the ruleset files are unchanged."""
    from policylint.cache import load_compiled

    try:
        return load_compiled(list(refs) or list(DEFAULT_RULESETS), backend=backend)
    except Exception as exc:
        # Imported only on failure: a cached run never loads the YAML and schema machinery.
        from policylint.matching.backends import BackendError
        from policylint.rulesets import RulesetError

        if isinstance(exc, (RulesetError, ValueError, BackendError)):
            raise UsageError(str(exc)) from None
        raise


class _Output:
    """Where one report goes: stdout (clearing the progress bar first) or a file.

    ``open`` is called once the run is set up and before the first document is checked: an
    unwritable folder fails at once. The file is written beside its target and replaces it on
    ``commit`` (see :mod:`policylint.outputs`), so a run that stops early leaves an existing
    report alone. Every failure to write is one ``cannot write`` line and exit 2.
    """

    def __init__(self, file: str | None, bar: Any) -> None:
        self.file = file
        self.bar = bar
        self.fh: Any = None

    def open(self) -> None:
        if self.file is not None:
            from policylint.outputs import AtomicFile

            try:
                self.fh = AtomicFile(self.file)
            except OSError as exc:
                raise _cannot_write(self.file, exc) from None

    def write(self, text: str) -> None:
        if self.fh is not None:
            try:
                self.fh.write(text)
            except OSError as exc:
                raise _cannot_write(self.file, exc) from None
            return
        if self.bar is not None:
            self.bar.clear()
        _echo(text)

    def commit(self) -> None:
        try:
            if self.fh is not None:
                self.fh.commit()
            elif self.file is None:
                sys.stdout.flush()
        except OSError as exc:
            raise _cannot_write(self.file, exc) from None

    def abort(self) -> None:
        if self.fh is not None:
            self.fh.abort()


class _ReaderGone(UsageError):
    """Standard output's reader closed the pipe (``policylint rules list | head``): as a program
    killed by SIGPIPE, stop without a message, with the shell's status for it."""

    exit_code = 128 + 13

    def show(self, file: Any = None) -> None:
        pass


def _cannot_write(file: str | None, exc: OSError) -> UsageError:
    """The one-line error for a failed write, flush or close (``None``: standard output)."""
    if file is None:
        _drop_stdout()
        if isinstance(exc, BrokenPipeError):
            return _ReaderGone("standard output closed")
    return UsageError(f"cannot write {file if file is not None else 'standard output'}: {exc.strerror or exc}")


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's flush at exit does not fail a second time
    (a traceback-like "Exception ignored" and exit code 120) after the one-line error."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (click's test runner)
        pass


def _echo(text: str) -> None:
    """Write to stdout; a failure (full disk, closed pipe) is a usage error, not a traceback."""
    try:
        # color=True: the renderer already decided; click would otherwise strip codes when piped.
        click.echo(text, nl=False, color=True)
    except OSError as exc:
        raise _cannot_write(None, exc) from None


def _writer(fmt: str, template: str | None, out: _Output, **options: Any) -> Any:
    from policylint.reports import open_writer

    return open_writer(fmt, out.write, template, **options)


def _write_reports(reports: Any, loaded: Any, writers: list[Any], fail_on: str, date: dt.date | None) -> dict[str, Any]:
    """Write every report document by document; returns the corpus summary."""
    from policylint.reports.streaming import write_all

    try:
        return write_all(reports, loaded, writers, fail_on=fail_on, as_of=date)
    except Exception as exc:
        templating = sys.modules.get("policylint.reports.templating")  # a template error needs it loaded
        if templating is not None and isinstance(exc, templating.TemplateError):
            raise UsageError(str(exc)) from None
        raise


def _same_terminal() -> bool:
    """Whether stdout and stderr are both a terminal (where a line on each would show twice)."""
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _filtered(early: list[Any], checked: Any, cfg: Any, echo_errors: bool = True) -> Any:
    """Reports in input order, input errors echoed to stderr, configuration overrides applied."""
    import itertools

    early_ids = {id(rep) for rep in early}
    for rep in itertools.chain(early, checked):
        if echo_errors and rep.error and id(rep) not in early_ids:
            click.echo(f"policylint: error: {rep.path}: {rep.error}", err=True)
        if cfg is not None:
            from policylint.config import apply_to_results

            apply_to_results(cfg, [rep])
        yield rep


def _load_baseline(file: str) -> set[tuple[str, str]]:
    from policylint.baseline import BaselineError, load_baseline

    try:
        return load_baseline(file)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def _write_baseline(reports: list[Any], out: _Output) -> tuple[list[Any], set[tuple[str, str]], int]:
    """Record every document's failures (so all of them are held first), then accept them.

    Returns the reports, the accepted (path, rule) pairs and the number of entries written.
    """
    from policylint.baseline import accepted, baseline_dir, baseline_json, failures

    base = baseline_dir(out.file)
    entries = failures(reports, base)
    out.write(baseline_json(entries))
    return reports, accepted(entries, base), len(entries)


def _baselined(reports: Any, accepted: set[tuple[str, str]], file: str) -> Any:
    from policylint.baseline import apply_baseline

    for rep in reports:
        apply_baseline([rep], accepted, file)
        yield rep


def _config(config_file: str | None, no_config: bool) -> Any:
    """The configuration in effect (``--config``, else the nearest file), or None."""
    if no_config and not config_file:
        return None
    from policylint.config_finder import find_config  # finding a file needs no YAML parser

    path = config_file or find_config()
    if path is None:
        return None
    from policylint.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _report_target(spec: str) -> tuple[str, str]:
    fmt, sep, file = spec.partition("=")
    if not sep or fmt not in FORMATS or not file:
        raise UsageError(f"--report {spec!r}: use FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}")
    return fmt, file


def _use_color(mode: str, output: str | None) -> bool:
    if mode != "auto":
        return mode == "always"
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _write(text: str, output: str | None) -> None:
    """Write a whole report to ``output`` (replacing it only once written) or stdout."""
    out = _Output(output, None)
    out.open()
    try:
        out.write(text)
        out.commit()
    finally:
        out.abort()


@main.group(cls=LazyGroup, lazy={
    "test": "policylint.commands.rules_test:rules_test",
    "coverage": "policylint.commands.coverage_cmd:rules_coverage",
    "profile": "policylint.commands.rules_profile:rules_profile",
})
def rules() -> None:
    """Inspect rules."""


@rules.command("list")
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Ruleset name or file (default: core).")
def rules_list(rulesets: tuple[str, ...]) -> None:
    """List rules: id, severity, practices and title."""
    for rs in _load(rulesets):
        click.echo(f"{rs.id} {rs.version}: {rs.title}")
        for rule in rs.rules:
            practices = ",".join(rule.practices) or "-"
            click.echo(f"  {rule.id:<42} {rule.severity.value:<8} {practices:<28} {rule.title}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Ruleset name or file to look in (default: all built-in).")
def rules_show(rule_id: str, rulesets: tuple[str, ...]) -> None:
    """Show one rule: message, rationale, references, remediation and its check."""
    import yaml

    from policylint.resources import builtin_rulesets

    refs = rulesets or tuple(builtin_rulesets())
    for rs in _load(refs):
        for rule in rs.rules:
            if rule.id == rule_id:
                click.echo(f"{rule.id} ({rs.id}, {rule.severity.value}): {rule.title}")
                click.echo(f"defined at {rule.source}")
                if rule.practices:
                    click.echo(f"practices: {', '.join(rule.practices)}")
                click.echo(f"\nmessage: {rule.message}")
                if rule.rationale:
                    click.echo(f"\nwhy: {rule.rationale}")
                for ref in rule.references:
                    click.echo(f"reference: {ref.citation}" + (f" <{ref.url}>" if ref.url else ""))
                if rule.remediation:
                    click.echo(f"\nhow to fix: {rule.remediation}")
                click.echo("\ncheck:\n" + yaml.safe_dump(rule.check, sort_keys=False, allow_unicode=True).rstrip())
                return
    raise UsageError(f"no rule {rule_id!r}; see `policylint rules list`")


@main.group("rulesets")
def rulesets_group() -> None:
    """Work with ruleset files."""


@rulesets_group.command("validate")
@click.argument("files", nargs=-1, required=True)
def rulesets_validate(files: tuple[str, ...]) -> None:
    """Validate ruleset files against the schema and compile their checks."""
    from policylint.rulesets import RulesetError, RulesetLoader

    bad = 0
    for f in files:
        try:
            rs = RulesetLoader().load(f)
        except RulesetError as exc:
            for one in getattr(exc, "errors", [exc]):  # RulesetErrors: every error in the file
                click.echo(f"policylint: error: {one}", err=True)
            bad += 1
            continue
        click.echo(f"{f}: ok ({rs.id} {rs.version}, {len(rs.rules)} rules)")
    sys.exit(EXIT_USAGE if bad else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
