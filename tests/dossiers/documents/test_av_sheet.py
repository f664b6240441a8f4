"""The 音像资料说明 and 材料说明 sheets that stand in for unprintable files."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from dossiers.documents import av_sheet_pdf, material_sheet_pdf
from dossiers.documents.av_sheet import duration_text
from tests.dossiers.documents.builders import (
    VIDEO_AV,
    agency_case,
    compact,
    material_add,
    photo_add,
    video_add,
)

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return compact(reader.pages[0].extract_text())


def test_video_sheet_states_how_who_and_what_it_proves(store):
    video = video_add(agency_case(), store)
    text = _text(av_sheet_pdf(video))
    for expected in (
        "音像资料说明",
        "题名现场检查录像",
        "制作方法执法记录仪录像",
        "制作人吴婷",
        f"证明对象{VIDEO_AV['proves']}",
        "设备ZFJLY-0015",
        "制作时间2025-02-1009:10:00至2025-02-1009:50:00",
        "时长40分00秒",
        "连续记录否",
        "2025-02-1009:20:00中断，2025-02-1009:25:00恢复；原因：执法记录仪电量不足更换电池",
        "2025-02-1213:50:00存储；本系统内容寻址存储，SHA-256摘要：",
        video.digest,
        "原始文件名03-现场检查录像.mp4",
        "格式video/mp4",
    ):
        assert compact(expected) in text, expected


def test_photo_sheet_has_no_duration(store):
    photo = photo_add(agency_case(), store)
    text = _text(av_sheet_pdf(photo))
    assert "制作方法数码相机拍照" in text
    assert "连续记录是" in text
    assert "中断情况无" in text
    assert "时长—" in text


def test_many_interruptions_still_fit_on_one_page(store):
    stop = {
        "at": "2025-02-10T09:20:00+08:00",
        "resumed_at": "2025-02-10T09:21:00+08:00",
    }
    interruptions = [{**stop, "reason": f"第{n}次信号中断"} for n in range(1, 80)]
    video = video_add(agency_case(), store, interruptions=interruptions)
    assert "第79次信号中断" in _text(av_sheet_pdf(video))


def test_other_formats_get_a_material_sheet(store):
    ofd = material_add(
        agency_case(), store, b"PK\x03\x04", "application/ofd", title="电子送达回执"
    )
    text = _text(material_sheet_pdf(ofd))
    assert "材料说明" in text
    assert "application/ofd" in text
    assert ofd.digest in text


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0分00秒"), (2400, "40分00秒"), (3723, "1小时02分03秒")],
)
def test_duration_text(seconds, expected):
    start = dt.datetime(2025, 2, 10, 9, 0, tzinfo=dt.UTC)
    assert duration_text(start, start + dt.timedelta(seconds=seconds)) == expected
    assert duration_text(start, None) == ""
