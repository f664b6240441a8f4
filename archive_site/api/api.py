"""The producers' HTTP API (django-ninja): send a SIP, follow it, see the case.

Mounted at /api/ with version 1 under /api/v1/ and its OpenAPI 3 document at
/api/openapi.json (browsable at /api/docs). Views are thin: they call
`submissions`, `selectors` and the access log; `middleware` answers every
failure in JSON and audits each call.
"""

from django.http.multipartparser import MultiPartParserError
from ninja import File, NinjaAPI, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.files import UploadedFile

from access_control.models import AccessAction, ReadPurpose
from access_control.services import access_log_record
from archive_site.api import schemas
from archive_site.api.auth import ProducerBearer
from archive_site.api.errors import ApiError, error_response
from archive_site.api.selectors import (
    producer_case_get,
    producer_dossier_newest,
    producer_submission_get,
)
from archive_site.api.submissions import sip_receive

api = NinjaAPI(
    title="执法档案提交接口",
    version="1.0.0",
    description="办案系统向档案馆提交 SIP 提交包、查询接收结果和本机关案件的接口。"
    "调用时在请求头携带 `Authorization: Bearer <令牌>`。",
    auth=ProducerBearer(),
    docs_url="/docs",
    urls_namespace="producer_api",
)
v1 = Router(tags=["v1"])
ERRORS = {
    400: schemas.Error,
    401: schemas.Error,
    404: schemas.Error,
    413: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
}


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error_response(exc.status, exc.code, exc.message)


@api.exception_handler(MultiPartParserError)
def _malformed_body(request, exc):
    return error_response(
        400, "malformed_multipart", "请求体不是有效的 multipart/form-data。"
    )


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    response = error_response(401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return error_response(422, detail=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error_response(exc.status_code)


@v1.post("/sips", response={202: schemas.SipCreated, **ERRORS})
def sip_create(request, package: File[UploadedFile]):
    """上传一个提交包（zip 或 tar），异步接收；同一提交包重复上传返回首次的编号。"""
    digest = getattr(package, "digest", "")
    if not digest:
        raise ApiError(400, "upload_not_staged", "提交包未能写入暂存区。")
    submission = sip_receive(
        token=request.auth,
        upload=package.path,
        name=package.name or "package",
        digest=digest,
        size=package.size,
    )
    return Status(202, {"id": submission.pk})


@v1.get("/sips/{sip_id}", response={200: schemas.SipStatus, **ERRORS})
def sip_status(request, sip_id: int):
    """查询提交包的接收状态、进度和接收报告（与 `ingest --json` 相同）。"""
    submission = producer_submission_get(token=request.auth, submission_id=sip_id)
    if submission is None:
        raise ApiError(404, "sip_not_found", "没有找到该提交包。")
    report = submission.report.as_json() if submission.report else None
    return {
        "id": submission.pk,
        "state": submission.state,
        "progress": submission.progress,
        "report": report,
    }


@v1.get("/cases/{case_number}", response={200: schemas.CaseStatus, **ERRORS})
def case_status(request, case_number: str):
    """查询本机关的一个案件：是否已接收、案卷状态、档号和保管期限。"""
    token = request.auth
    case = producer_case_get(token=token, case_number=case_number)
    if case is None:
        # Another agency's case is as unknown as one that does not exist.
        raise ApiError(404, "case_not_found", "本机关没有该案号的案件。")
    access_log_record(
        user=None,
        action=AccessAction.VIEW_CASE,
        obj=case,
        case_number=case.case_number,
        request=request,
        reason=ReadPurpose.CASE_READ,
        data={"producer_token": token.prefix, "agency": token.agency.code},
    )
    return schemas.case_status(case, producer_dossier_newest(case))


api.add_router("/v1/", v1)
