"""The table of enforcement activities that must be recorded on audio or video.

One source for two readers: the regulation checks (`dossiers.rules.audiovisual`:
`av_missing`, `av_not_continuous`, `av_not_continuous_advised`) and each
agency's published 行政执法音像记录事项清单 (001 §16 ¶2, 000 §5), a public
page of `archive_site`. Both read `AV_ACTIVITY_TABLE` when they run, never a
copy taken at import, so changing a row here changes what is checked and
what is published together.

Each row names the activity (an `Activity` code), how it must be recorded
(sound or moving images, or a photo sufficing), whether the recording must be
continuous (required: a gap blocks sealing; advised: a warning) and the
articles that ask for it.
"""

from dataclasses import dataclass

from dossiers.codes import Activity


class Media:
    AUDIO_VIDEO = "audio_video"
    PHOTO_OR_VIDEO = "photo_or_video"

    LABELS = {AUDIO_VIDEO: "录音或录像", PHOTO_OR_VIDEO: "照片或录像"}


class Continuity:
    REQUIRED = "required"
    ADVISED = "advised"
    NONE = ""

    LABELS = {
        REQUIRED: "全过程无间断记录，自到达现场至离开现场（中断须说明原因）",
        ADVISED: "宜全程不间断记录（中断须说明原因）",
        NONE: "对执法过程进行记录（中断须说明原因）",
    }


@dataclass(frozen=True)
class RecordedActivity:
    """One row of the table: an activity and how it must be recorded."""

    activity: str
    media: str
    continuity: str
    article: str


AV_ACTIVITY_TABLE: tuple[RecordedActivity, ...] = (
    RecordedActivity(
        Activity.ON_SITE_INSPECTION,
        Media.AUDIO_VIDEO,
        Continuity.ADVISED,
        "001 §16；000 §14",
    ),
    RecordedActivity(
        Activity.RANDOM_INSPECTION,
        Media.AUDIO_VIDEO,
        Continuity.NONE,
        "001 §16；000 §9",
    ),
    RecordedActivity(
        Activity.SAMPLING, Media.AUDIO_VIDEO, Continuity.ADVISED, "001 §16；000 §14"
    ),
    RecordedActivity(
        Activity.EVIDENCE_PRESERVATION,
        Media.AUDIO_VIDEO,
        Continuity.ADVISED,
        "001 §16；000 §14",
    ),
    RecordedActivity(
        Activity.HEARING, Media.AUDIO_VIDEO, Continuity.ADVISED, "001 §16；000 §14"
    ),
    RecordedActivity(
        Activity.COERCIVE_MEASURE,
        Media.AUDIO_VIDEO,
        Continuity.REQUIRED,
        "001 §16、§19；002 §13",
    ),
    RecordedActivity(
        Activity.COMPULSORY_EXECUTION,
        Media.AUDIO_VIDEO,
        Continuity.REQUIRED,
        "001 §16、§19；002 §13",
    ),
    RecordedActivity(
        Activity.SERVICE_LEFT_AT_RESIDENCE,
        Media.AUDIO_VIDEO,
        Continuity.REQUIRED,
        "001 §16；000 §24；002 §13",
    ),
    RecordedActivity(
        Activity.SERVICE_PUBLIC_NOTICE,
        Media.PHOTO_OR_VIDEO,
        Continuity.NONE,
        "001 §16；000 §27",
    ),
)


def av_activity_table() -> tuple[RecordedActivity, ...]:
    """The rows as they stand now (read at call time, never cached)."""
    return AV_ACTIVITY_TABLE


def recorded_activities() -> set[str]:
    """Activities that must be recorded (001 §16, 000 §9, §14, 002 §13)."""
    return {row.activity for row in av_activity_table()}


def photo_suffices() -> set[str]:
    """Activities a photo may record (a posted notice, 000 §27)."""
    return {
        row.activity for row in av_activity_table() if row.media == Media.PHOTO_OR_VIDEO
    }


def continuous(level: str) -> set[str]:
    """Activities whose recording continuity is `level` (a `Continuity`)."""
    return {row.activity for row in av_activity_table() if row.continuity == level}
