"""Pattern vocabulary (terms, regular expressions) compiled into one shared table per run."""

from policylint.matching.table import PatternError, PatternTable, Scan
from policylint.matching.terms import term_regex, terms_regex

__all__ = ["PatternError", "PatternTable", "Scan", "term_regex", "terms_regex"]
