"""The rows of the published 行政执法音像记录事项清单 (001 §16 ¶2, 000 §5).

`rule_rows()` reads `dossiers.rules.av_activities` at each call, the same
table the AV regulation checks read, and turns each row into the Chinese
cells the page shows. The page model (`archive_site.models.AvChecklistPage`)
adds the agency's own items after these.
"""

from dataclasses import dataclass

from dossiers.codes import Activity, label
from dossiers.rules.av_activities import Continuity, Media, av_activity_table


@dataclass(frozen=True)
class ChecklistRow:
    activity: str
    media: str
    requirement: str
    basis: str


def rule_rows() -> list[ChecklistRow]:
    """The regulation's rows, in the table's order, as the page shows them."""
    return [
        ChecklistRow(
            activity=label(Activity, row.activity),
            media=Media.LABELS.get(row.media, row.media),
            requirement=Continuity.LABELS.get(row.continuity, row.continuity),
            basis=row.article,
        )
        for row in av_activity_table()
    ]
