"""The steps of an incident as forms of its case page: each posts to /incidents/{id}/steps/{action}, is read
into the same body the API takes and goes through the same service call; a refusal comes back as the case page
with the message and each error next to its field (ids `{action}-{field}`).  With htmx the case is swapped in
place (a refusal answers 200, as htmx swaps only those; the outcome is in the page)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.incident import schemas as s
from sofadesk.cases.incident import service
from sofadesk.cases.incident.report import MAX_ATTACHMENT
from sofadesk.errors import DomainError, Invalid, NotFound
from sofadesk.law.messages import msg
from sofadesk.serving.deps import unit_of_work
from sofadesk.ui import domain_messages, form_errors, incident_form
from sofadesk.ui.incident_case import show
from sofadesk.ui.pages import form_version, posted_form, t

router = APIRouter(include_in_schema=False)
IncidentId = Annotated[int, PathParam(ge=1, le=MAX_INT)]


@dataclass(frozen=True)
class Step:
    call: Callable[..., Any]
    body: type[BaseModel]
    fields: dict[str, str]  # field -> how it is read: text, check (a checkbox), yesno, int, dates


def _step(call: Callable[..., Any], body: type[BaseModel], **fields: str) -> Step:
    return Step(call, body, fields)


STEPS: dict[str, Step] = {
    "state_law": _step(
        service.state_law,
        s.LawStatementBody,
        punishable="yesno",
        security_offence="check",
        death_penalty_possible="check",
        provision="text",
    ),
    "certify_duty": _step(
        service.certify,
        s.CertificateBody,
        on_duty="yesno",
        signed_by="text",
        signed_on="text",
        statement="text",
    ),
    "answer_certificate": _step(
        service.answer_certificate, s.CertificateAnswerBody, answer="text", note="text"
    ),
    "settle_duty": _step(
        service.settle_duty, s.DutyOutcomeBody, outcome="text", decided_by="text", note="text"
    ),
    "decide_primary": _step(service.decide_primary, s.PrimaryDecisionBody, decision="text", note="text"),
    "notify_case": _step(service.notify_case, s.CaseNoticeBody, notified_on="text"),
    "recall_waiver": _step(service.recall_waiver, s.StatementBody, statement="text"),
    "request_waiver": _step(service.request_waiver, s.WaiverRequestBody, reasons="text"),
    "answer_waiver": _step(service.answer_waiver, s.WaiverAnswerBody, answer="text", reasons="text"),
    "arrest": _step(service.arrest, s.ArrestBody, person="int", at="text", place="text"),
    "notify_arrest": _step(service.notify_arrest, s.NoticeBody, at="text"),
    "request_custody": _step(service.request_custody, s.CustodyRequestBody, person="int", reasons="text"),
    "answer_custody": _step(
        service.answer_custody, s.CustodyAnswerBody, request="int", answer="text", note="text"
    ),
    "visit": _step(service.visit, s.VisitBody, person="int", visited_on="text", note="text"),
    "end_custody": _step(service.end_custody, s.EndCustodyBody, person="int", reason="text", at="text"),
    "trial": _step(
        service.trial,
        s.TrialBody,
        person="int",
        kind="text",
        court="text",
        charges="text",
        charged_on="text",
        hearings="dates",
        in_receiving_state_territory="check",
    ),
    "observe": _step(service.observe, s.ObservationBody, trial="int", observer="int"),
    "verdict": _step(
        service.verdict,
        s.VerdictBody,
        trial="int",
        outcome="text",
        sentence="text",
        detail="text",
        verdict_on="text",
    ),
    "close": _step(service.close, s.IncidentCloseBody, disposition="text"),
}
ACTIONS = "|".join(sorted([*STEPS, "attach", "set_person", "remove_person"]))


def _value(kind: str, text: str) -> Any:
    if kind == "yesno":
        return {"yes": True, "no": False}.get(text, text)
    if kind == "int":
        return int(text) if text.isdigit() else text
    if kind == "dates":
        return [d for d in re.split(r"[\s,;]+", text) if d]
    return text


def body_data(action: str, form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted step as the body's data (a field left empty is not given), and the values typed (by field
    id) to show again after a refusal."""
    text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    step = STEPS[action]
    data: dict[str, Any] = {}
    for name, kind in step.fields.items():
        key = f"{action}-{name}"
        if kind == "check":
            data[name] = key in text
        elif text.get(key):
            data[name] = _value(kind, text[key])
    if action == "observe":
        # The Art. VII(9) checklist: an item is given once its answer is chosen.
        data["checklist"] = {
            item: {
                "met": text[f"observe-met-{item}"],
                **({"note": text[f"observe-note-{item}"]} if text.get(f"observe-note-{item}") else {}),
            }
            for item in s.CHECKLIST
            if text.get(f"observe-met-{item}")
        }
        if not data["checklist"]:
            data.pop("checklist")
    data["version"] = form_version(form)
    typed = {k: v for k, v in text.items() if k.startswith(f"{action}-") or k.startswith("observe-")}
    return data, typed


def errors_of(action: str, exc: ValidationError) -> dict[str, list[str]]:
    """A body's validation errors by the form field they concern, in words."""
    errors: dict[str, list[str]] = {}
    for err in exc.errors():
        where, message = form_errors.located(err)
        loc = [str(p) for p in where]
        if loc and loc[0] == "checklist":
            name = f"observe-met-{loc[1]}" if len(loc) > 1 and loc[1] in s.CHECKLIST else "observe-checklist"
        elif loc and loc[0] == "version":
            name = action
        else:
            name = f"{action}-{loc[0]}" if loc else action
        errors.setdefault(name, []).append(message)
    return errors


def _refused(
    request: Request,
    user: CurrentUser,
    csrf: str,
    incident_id: int,
    action: str,
    status: int,
    errors: dict[str, list[str]],
    typed: dict[str, Any],
) -> Response:
    htmx = request.headers.get("hx-request") == "true"
    message = t(request, "The step was not taken: see the form below.")
    return show(request, user, csrf, incident_id, message, 200 if htmx else status, errors, action, typed)


def _take(
    request: Request, user: CurrentUser, csrf: str, form: FormData, incident_id: int, action: str
) -> Response:
    engine = request.app.state.inforce
    typed: dict[str, Any] = {}
    try:
        if action == "set_person":
            text = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
            row = incident_form.person_row(text, 0) or incident_form.blank_person()
            typed = {"person": row}
            person = s.PersonBody.model_validate(incident_form.person_data(row))
            with unit_of_work(request) as session:
                service.set_person(session, user, incident_id, None, person, engine, form_version(form))
        elif action == "remove_person":
            number = str(form.get("remove_person-number") or "")
            with unit_of_work(request) as session:
                service.remove_person(
                    session,
                    user,
                    incident_id,
                    int(number) if number.isdigit() else 0,
                    engine,
                    form_version(form),
                )
        elif action == "attach":
            upload = form.get("attach-file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Invalid("file", msg("Choose a file to attach."))
            data = upload.file.read(MAX_ATTACHMENT + 1)
            with unit_of_work(request) as session:
                service.attach(session, user, incident_id, upload.filename, data, engine, form_version(form))
        else:
            given, typed = body_data(action, form)
            body = STEPS[action].body.model_validate(given)
            with unit_of_work(request) as session:
                STEPS[action].call(session, user, incident_id, body, engine)
    except ValidationError as exc:
        if action == "set_person":
            parsed = incident_form.Parsed(None, {})
            incident_form.add_errors(parsed, exc, ("persons", 0))
            return _refused(request, user, csrf, incident_id, action, 422, parsed.errors, typed)
        return _refused(request, user, csrf, incident_id, action, 422, errors_of(action, exc), typed)
    except NotFound:
        raise
    except DomainError as exc:
        errors = {f"{action}-{e['field']}": [e["message"]] for e in exc.errors if e.get("field")}
        return _refused(
            request,
            user,
            csrf,
            incident_id,
            action,
            exc.status,
            errors or {action: [domain_messages.in_words(exc.detail)]},
            typed,
        )
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/incidents/{incident_id}/steps/{action}")
async def take_step(
    request: Request, incident_id: IncidentId, action: Annotated[str, PathParam(pattern=f"^({ACTIONS})$")]
) -> Response:
    return await posted_form(request, _take, 1, 100, incident_id=incident_id, action=action)
