"""What the document tests share: the personal data of the sample registers, to look for in every output."""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"[、,，;；/ ]+")


def private_values(registers: dict) -> set[str]:
    """Every value (each name of a list of names) of every private column of the registers."""
    found: set[str] = set()
    for register in registers.values():
        for column in register.schema.columns:
            if not column.private:
                continue
            for frame in (register.text, register.data):
                if column.name in frame:
                    for value in frame[column.name].dropna().astype(str):
                        found.update(n.strip() for n in SEPARATORS.split(value) if len(n.strip()) >= 2)
    return found
