"""The API's JSON parser (its own module: DRF reads its settings, which name it, while
rest_framework.views is imported, so it may not live beside anything that imports DRF's views)."""

from typing import Any

from pydantic_core import from_json
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser reading with pydantic's reader, the one the game socket reads frames
    with: a body nested deeper than it allows (200 levels) is a 400 `parse_error`, where the
    standard library's reader raised RecursionError (a 500) at about 1,000 levels, or returned
    a document deep enough to crash whatever walked it next. NaN and Infinity are not JSON."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return from_json(stream.read(), allow_inf_nan=False)
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
