"""Specs and catalog entries as plain objects, as the schema cache fills them in.

`mailroom check` must take under a quarter of a second, and importing pydantic and
building the models takes ~110 ms of it. So a spec is validated by pydantic-core
against the core schema pydantic builds from the models, kept in the cache folder
(validation.py), and pydantic-core fills in these plain classes instead of the
models. They carry the same fields, and the same methods through the mixins the
models inherit too, so everything that reads a spec takes either. Commands that
change a spec (the interview) use the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mailroom.spec.model import System as SystemModel


class Record:
    """An object whose fields pydantic-core put in its __dict__, as it does for a model."""

    # The same slots as pydantic's BaseModel: pydantic-core sets the last three.
    __slots__ = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__",
                 "__pydantic_private__")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        """Equal to a record or a model of the same name with the same fields."""
        if not isinstance(other, Record) and not hasattr(other, "__pydantic_core_schema__"):
            return NotImplemented
        return type(other).__name__ == type(self).__name__ and vars(other) == vars(self)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a model is


class SystemMethods:
    """What a system knows about itself, for the model and the record alike."""

    if TYPE_CHECKING:
        id: str
        name: str | None

    @property
    def label(self) -> str:
        """The name people use for it; its id when it has no name yet."""
        return self.name or self.id


class SpecMethods:
    """Looking systems up by id, for the model and the record alike."""

    if TYPE_CHECKING:
        systems: list[SystemModel]

    def system(self, system_id: str | None) -> SystemModel | None:
        if system_id is None:
            return None
        return next((s for s in self.systems if s.id == system_id), None)

    def label(self, system_id: str | None) -> str:
        """The name people use for a system id; the id itself when unknown."""
        found = self.system(system_id)
        if found is not None:
            return found.label
        return system_id or "(not decided)"


# One class per model, named as the model is (validation.py finds them by name).


class Spec(Record, SpecMethods):
    __slots__ = ()


class Stakeholder(Record):
    __slots__ = ()


class Prospect(Record):
    __slots__ = ()


class Offer(Record):
    __slots__ = ()


class System(Record, SystemMethods):
    __slots__ = ()


class Auth(Record):
    __slots__ = ()


class FieldMap(Record):
    __slots__ = ()


class Flow(Record):
    __slots__ = ()


class FileSpec(Record):
    __slots__ = ()


class EffectiveDate(Record):
    __slots__ = ()


class Entry(Record):
    __slots__ = ()


class ApiFact(Record):
    __slots__ = ()


class EventsFact(Record):
    __slots__ = ()


class AuthFact(Record):
    __slots__ = ()


class LimitFact(Record):
    __slots__ = ()


class Evidence(Record):
    __slots__ = ()


class PagingFact(Record):
    __slots__ = ()


class ChangesFact(Record):
    __slots__ = ()


class RateLimitFact(Record):
    __slots__ = ()


class CalloutFact(Record):
    __slots__ = ()


class AdaptorFact(Record):
    __slots__ = ()


def as_data(value: Any, *, exclude_none: bool = False) -> Any:
    """A record or a model as plain data: what `model_dump(mode="json")` gives for ours."""
    if isinstance(value, list):
        return [as_data(item, exclude_none=exclude_none) for item in value]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return {
            name: as_data(item, exclude_none=exclude_none)
            for name, item in vars(value).items()
            if not (exclude_none and item is None)
        }
    return value
