"""``python -m policylint``: the same command as the installed ``policylint``."""

from policylint.cli import main

if __name__ == "__main__":
    main(prog_name="policylint")
