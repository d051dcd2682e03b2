"""Subcommands beyond `check`, one module each; `cli.py` registers them."""
