"""The line a case.json problem points the producer to."""

import pytest

from preservation.services.bag_validate.json_lines import field_line

CASE_JSON = """{
  "profile": "enforcement-case-sip/1.0",
  "case": {
    "title": "未按规定开展安全生产培训案",
    "parties": [
      {"type": "legal_person", "name": "某公司"},
      {
        "type": "alien"
      }
    ]
  },
  "materials": []
}"""


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("profile", 2),
        ("case.title", 4),
        ("case.parties.0", 6),
        ("case.parties.1.type", 8),
        # A missing field is placed at the object that should hold it.
        ("case.closed_on", 3),
        ("case.parties.1.name", 7),
        ("materials", 12),
    ],
)
def test_a_field_is_found_on_its_line(field, line):
    assert field_line(CASE_JSON, field) == line


def test_text_that_is_not_json_has_no_line():
    assert field_line('{"case": ', "case.title") is None
