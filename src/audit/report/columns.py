"""What a page says about its registers' columns: the optional ones a file does not have, and the file's own.

The loader (:mod:`audit.registers.load`) reads an optional column a file does not have as a column
of blank cells (:attr:`~audit.registers.Register.absent`), and leaves out a file's column that no
schema column matches (:attr:`~audit.registers.Register.unread`). Neither is an error, and both can
move a figure (no 延期 column: no case is extended, and the on-time rate is computed so), so every
audit page says which, under the files it read (:meth:`audit.report.base.Report.footer`).

What an absent column means is first what a blank cell of its kind means (a flag: no; a category
with a value for blanks: that value; anything else: not given). A page may say more for a column,
what it means for its own figures, with the text ``absent.<register>.<column>`` in its ``TEXT``
(``<column>`` may end in ``*``: every column of the register whose name starts so). Only column
names are shown, never a cell's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from audit.registers import Column, Register
from audit.report import html

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "heading": "登记表中未提供的可选列及未读取的列",
        "absent.note": "未提供“{zh}”列（{name}）：{meaning}",
        "unread.note": "文件中的“{header}”列本审计不读取，不影响任何数据",
        "flag": "每行均按“否”计算",
        "blank": "每行均按“{label}”计算",
        "empty": "每行均按未填写计算",
    },
    "en": {
        "heading": "Optional columns the registers do not have, and columns not read",
        "absent.note": "No {name} column (“{zh}”): {meaning}",
        "unread.note": "The file's column “{header}” is not read by this audit and affects no figure",
        "flag": "read as “no” in every row",
        "blank": "read as “{label}” in every row",
        "empty": "read as not given in every row",
    },
}

State = Literal["absent", "unread"]


@dataclass(frozen=True)
class ColumnNote:
    """One column a page speaks of: an optional column the file lacks, or a file's column the audit does not read.

    `zh` and `name` are the schema column's Chinese and English names (an unread column: its header
    as written in the file, in both); `meaning` what an absent column means for the figures, in the
    page's language (an unread column affects none: empty).
    """

    register: str
    state: State
    zh: str
    name: str
    meaning: str

    def sentence(self, language: str) -> str:
        """The note as one sentence (``未提供“延期”列（extended）：每行均按“否”计算``)."""
        if self.state == "unread":
            return _text(language, "unread.note").format(header=self.name)
        return _text(language, "absent.note").format(zh=self.zh, name=self.name, meaning=self.meaning)


def _text(language: str, key: str) -> str:
    return TEXT.get(language, TEXT["zh"])[key]


def blank_meaning(column: Column, language: str) -> str:
    """What an optional column the file does not have means, from its kind: every row's cell read as blank.

    A flag reads as no; a category with a value for blank cells (``blank``) reads as that value (the
    label reports show); any other column as not given (no date, no number, no text).
    """
    if column.kind == "flag":
        return _text(language, "flag")
    if column.kind == "category" and column.blank is not None:
        choice = next((c for c in column.choices if c.code == column.blank), None)
        label = column.blank if choice is None else choice.zh_label if language == "zh" else choice.en
        return _text(language, "blank").format(label=label)
    return _text(language, "empty")


def _page_meaning(texts: Mapping[str, str], key: str, column: str) -> str | None:
    """The page's own words for the absent `column` of register `key` (``absent.<key>.<column>``), if any."""
    exact = texts.get(f"absent.{key}.{column}")
    if exact is not None:
        return exact
    prefix = f"absent.{key}."
    for text_key, text in texts.items():
        if text_key.startswith(prefix) and text_key.endswith("*") and column.startswith(text_key[len(prefix) : -1]):
            return text
    return None


def column_notes(
    key: str, register: Register, language: str, texts: Mapping[str, str] | None = None
) -> list[ColumnNote]:
    """The notes on register `key`'s columns: its absent optional columns, in schema order, then its unread headers.

    `texts` are the page's texts in `language`: an ``absent.<key>.<column>`` among them says what the
    column's absence means for that page's figures, in place of what a blank cell of its kind means.
    """
    texts = texts or {}
    notes = []
    for name in register.absent:
        column = register.schema.column(name)
        meaning = _page_meaning(texts, key, name) or blank_meaning(column, language)
        notes.append(ColumnNote(key, "absent", column.zh, column.name, meaning))
    notes += [ColumnNote(key, "unread", header, header, "") for header in register.unread]
    return notes


def notes_list(notes: Iterable[ColumnNote], language: str, register_title: Callable[[str], str]) -> html.Html:
    """The notes as a page shows them: a heading line, then each register's notes as sentences; nothing without notes.

    `register_title` names a register key as the page does (a key → the register's title on the page).
    """
    by_register: dict[str, list[ColumnNote]] = {}
    for note in notes:
        by_register.setdefault(note.register, []).append(note)
    if not by_register:
        return html.Html("")
    parts = [f'<div class="audit-columns"><p><strong>{html.esc(_text(language, "heading"))}</strong></p>']
    for key, listed in by_register.items():
        items = "".join(f"<li>{html.esc(n.sentence(language))}</li>" for n in listed)
        parts.append(f"<p>{html.esc(register_title(key))}</p><ul>{items}</ul>")
    return html.Html("".join(parts) + "</div>")
