"""Template filters of the archive's admin: names people read instead of codes.

`format_name` turns a MIME type into its 格式名称 (PDF 文档, MP4 视频), keeping
the type itself for the tooltip; `agent_label` names the archive's own
programs that appear as 执行者 in case histories (users stay as they are);
`bag_path` shows a bag path without its `data/` prefix.
"""

from django import template

register = template.Library()

FORMAT_NAMES = {
    "application/pdf": "PDF 文档",
    "application/ofd": "OFD 版式文档",
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/tiff": "TIFF 图片",
    "image/gif": "GIF 图片",
    "video/mp4": "MP4 视频",
    "video/quicktime": "MOV 视频",
    "video/x-msvideo": "AVI 视频",
    "audio/mp4": "M4A 音频",
    "audio/x-m4a": "M4A 音频",
    "audio/mpeg": "MP3 音频",
    "audio/x-wav": "WAV 音频",
    "audio/wav": "WAV 音频",
    "audio/amr": "AMR 音频",
    "text/plain": "纯文本",
    "text/xml": "XML 文件",
    "application/xml": "XML 文件",
    "application/json": "JSON 文件",
    "text/csv": "CSV 表格",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX 表格",
    "application/zip": "ZIP 压缩包",
}
KIND_NAMES = {"image": "图片", "video": "视频", "audio": "音频", "text": "文本"}
AGENT_LABELS = {
    "ingest": "接收程序",
    "assembly": "组卷程序",
    "fixity audit": "固定性审计程序",
    "enforcement-archive AIP writer": "保存包生成程序",
    "enforcement-archive catalogue rebuild": "目录重建程序",
    "ENFORCEMENT_ARCHIVE_DISC_WRITER": "光盘刻录程序",
    "system": "系统",
}


@register.filter
def format_name(media_type: str) -> str:
    """ "application/pdf" → "PDF 文档"; an unknown type → "其他格式（…）"."""
    if media_type in FORMAT_NAMES:
        return FORMAT_NAMES[media_type]
    kind = media_type.split("/", 1)[0]
    return f"{KIND_NAMES.get(kind, '其他')}格式（{media_type}）"


@register.filter
def agent_label(agent: str) -> str:
    return AGENT_LABELS.get(agent, agent)


@register.filter
def bag_path(path: str) -> str:
    """ "data/materials/a.pdf" → "materials/a.pdf": people read payload paths."""
    return path.removeprefix("data/") if path else path
