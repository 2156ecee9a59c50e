"""The building blocks of every params model: strict frozen models and rules with Chinese messages.

Each audit's settings (its params block) are pydantic models built on :class:`Strict`; a rule a
model's validator checks raises :class:`RuleError`, whose Chinese text the params loader shows.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RuleError(ValueError):
    """A rule of the params file broken: the English message, and the same in Chinese (`zh`).

    Raised by the models' own validators; pydantic keeps the exception in the error's
    ``ctx["error"]``, where the params loader finds the Chinese text (and `key`, the place a rule
    checked over the whole model points at).
    """

    def __init__(self, message: str, zh: str, key: str | None = None):
        super().__init__(message)
        self.zh = zh
        self.key = key  # the dotted key the rule is about, where a model-wide rule names one


class Strict(BaseModel):
    """A params block: unknown keys are errors (a typo is caught), values cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
