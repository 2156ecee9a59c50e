"""``python -m audit``: the `audit` command, where the venv's scripts folder is not on PATH (Windows)."""

from audit.cli import entry

if __name__ == "__main__":
    entry()
