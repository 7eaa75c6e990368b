"""POST requests: a service request from an integrator's app becomes an ordinary ticket.

The caller's API key (`api_key` field or query parameter, or the Authorization / X-API-Key
header) must hold the SUBMIT scope. A retry with the same `Idempotency-Key` header (or
`idempotency_key` field) under the same key answers with the same request, never a second one.
"""

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from cozum.attachments import service as attachments
from cozum.context import Context, Shared
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.open311 import params
from cozum.open311.errors import Open311Error, bad_request
from cozum.open311.forms import read_form
from cozum.open311.keys import submitter
from cozum.open311.services import active_service
from cozum.open311.submission import new_ticket
from cozum.open311.tokens import issue
from cozum.tickets.intake import Created

Checker = Callable[[Mapping[str, str]], None]
_MEDIA_FIELDS = ("media[]", "media")
_STATUS_OF = {UserErrorCode.NOT_FOUND: 404, UserErrorCode.DUPLICATE_KEY: 409, UserErrorCode.FILE_TOO_LARGE: 413}


def _fields(request: Request, form: FormData) -> dict[str, str]:
    fields = dict(request.query_params)
    fields.update((name, value) for name, value in form.multi_items() if isinstance(value, str))
    return fields


def _media(form: FormData) -> list[UploadFile]:
    files = [value for name in _MEDIA_FIELDS for value in form.getlist(name)]
    if not all(isinstance(value, UploadFile) for value in files):
        raise bad_request("media[] must be sent as files in a multipart/form-data body.")
    return [value for value in files if isinstance(value, UploadFile)]


def refusal(error: DomainError) -> Open311Error:
    where = f" ({error.field[-1]})" if error.field else ""
    return Open311Error(_STATUS_OF.get(error.code, 400), f"{error.message}{where}")


async def submit(request: Request, shared: Shared, check_jurisdiction: Checker) -> Created:
    """The ticket created, or found again for a retry."""
    form = await read_form(request)
    try:
        return await _submit(request, shared, form, check_jurisdiction)
    finally:
        await form.close()


async def _submit(request: Request, shared: Shared, form: FormData, check_jurisdiction: Checker) -> Created:
    fields = _fields(request, form)
    context = Context(request, None, shared)
    try:
        async with context.db() as session:
            actor = await submitter(context, session, fields)
            check_jurisdiction(fields)
            code = params.text(fields, "service_code")
            if code is None:
                raise bad_request("service_code is required.")
            category_id = (await active_service(session, code)).id
        assert category_id is not None
        await context.finish(commit=False)  # the connection goes back while the files are checked
        idempotency_key = request.headers.get("idempotency-key") or params.text(fields, "idempotency_key")
        data = new_ticket(fields, category_id, idempotency_key)
        # Checked and re-encoded before the transaction: no connection waits on Pillow.
        files = await attachments.prepare(_media(form), shared.settings, ["media"])
        async with context.write() as session:
            created = await attachments.create_with_files(session, actor, data, files, shared.settings)
        await context.finish(commit=True)
    except DomainError as error:
        raise refusal(error) from None
    except (IntegrityError, DBAPIError):
        # A constraint that fires only at COMMIT: nothing was kept, and a retry may pass.
        raise Open311Error(409, "The request could not be saved; send it again.") from None
    finally:
        await context.finish(commit=False)  # a no-op once committed
    return created


def service_notice(created: Created) -> str | None:
    if created.forwarded_to is None:
        return None
    return (
        f"Görev alanımız dışında: {created.forwarded_to} kurumuna iletildi. "
        f"/ Outside our remit: forwarded to {created.forwarded_to}."
    )


def answer(created: Created, secret_key: str) -> list[dict[str, Any]]:
    reference = created.reference
    return [{
        "service_request_id": reference, "token": issue(secret_key, reference),
        "service_notice": service_notice(created), "account_id": None,
    }]
