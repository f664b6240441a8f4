"""The API's JSON errors: a stable machine `code` and a message in Chinese.

Every failure under /api/ is answered with `{"code", "message"}` (and
`detail` where there is more to say), never with an HTML page.
"""

from django.http import JsonResponse

MESSAGES = {
    400: ("bad_request", "请求格式不正确。"),
    401: ("unauthorized", "缺少令牌，或令牌无效、已吊销。"),
    403: ("forbidden", "不允许此操作。"),
    404: ("not_found", "没有找到该资源。"),
    405: ("method_not_allowed", "该地址不支持此请求方法。"),
    413: ("payload_too_large", "上传内容超过大小限制。"),
    422: ("invalid_request", "请求参数不正确。"),
    429: ("rate_limited", "请求过于频繁，请稍后再试。"),
    500: ("server_error", "服务器内部错误，请稍后再试；问题已记录。"),
}


class ApiError(Exception):
    """An answered failure: raised anywhere in a request, rendered as JSON."""

    def __init__(self, status: int, code: str = "", message: str = "", **extra):
        default_code, default_message = MESSAGES.get(status, MESSAGES[400])
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.extra = extra


def error_response(
    status: int, code: str = "", message: str = "", **extra
) -> JsonResponse:
    """The JSON body of a failure with `status`."""
    error = ApiError(status, code, message, **extra)
    body = {"code": error.code, "message": error.message, **error.extra}
    response = JsonResponse(
        body, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response
