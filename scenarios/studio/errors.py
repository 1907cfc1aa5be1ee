"""The studio's refusals: a code (the API's `code`), a message for a person, and the problems
with their field paths when a draft is not valid."""

from enum import StrEnum

from scenarios.schema import FieldPath, format_field_path


class StudioErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    DRAFT_CONFLICT = "draft_conflict"
    INVALID_SCENARIO = "invalid_scenario"
    PUBLISH_REFUSED = "not_allowed"


class StudioError(Exception):
    def __init__(
        self,
        code: StudioErrorCode,
        message: str,
        problems: list[tuple[FieldPath, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = problems or []

    def errors(self) -> list[dict[str, str]]:
        return [
            {"path": format_field_path(path), "message": message} for path, message in self.problems
        ]
