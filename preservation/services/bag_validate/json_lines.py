"""The line of a field in a JSON text, so that a case.json problem names it.

jsonschema reports where a problem is as a path (`materials.3.form`), and the
json module keeps no positions; this walks the text with the json module's
own decoder to the value the path names. A field that is missing (a required
one) is placed at its nearest ancestor that exists.
"""

import json

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def field_line(text: str, field: str) -> int | None:
    """The 1-based line where `field` (dot-separated) starts in `text`."""
    try:
        position = _value_start(text, 0)
        for part in field.split(".") if field else []:
            found = _child(text, position, part)
            if found is None:
                break
            position = found
    except (ValueError, IndexError):
        return None  # not JSON: the schema layer says so
    return text.count("\n", 0, position) + 1


def _value_start(text: str, position: int) -> int:
    while text[position] in _WHITESPACE:
        position += 1
    return position


def _child(text: str, position: int, part: str) -> int | None:
    """Where the member or item `part` of the value at `position` starts."""
    opening = text[position]
    if opening not in "{[":
        return None
    position = _value_start(text, position + 1)
    index = 0
    while text[position] not in "}]":
        key = None
        if opening == "{":
            key, position = json.decoder.scanstring(text, position + 1)
            position = _value_start(text, _value_start(text, position) + 1)
        if key == part or (key is None and str(index) == part):
            return position
        _, position = _DECODER.raw_decode(text, position)
        position = _value_start(text, position)
        if text[position] == ",":
            position = _value_start(text, position + 1)
        index += 1
    return None
