"""Claims over HTTP: the public form (no account: submit with evidence, follow with the secret link), the claims
offices' steps, statements, reports and configuration.  Every route is a few lines around one service call in one
transaction; a step's answer is the claim read back after the write has committed."""

# No `from __future__ import annotations`: the step routes below are built by a function, and FastAPI reads
# their parameter types from the annotations as objects.
import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Path, Query, Request, Response, UploadFile, status
from pydantic import ValidationError
from sqlalchemy.orm import Session

from sofadesk.accounts.service import CurrentUser
from sofadesk.cases.bodies import MAX_INT
from sofadesk.cases.claim import service
from sofadesk.cases.claim.kind import Status
from sofadesk.cases.claim.public import MAX_FILE, MAX_FILES
from sofadesk.cases.claim.reads import (
    ClaimList,
    ClaimRead,
    PublicClaimRead,
    PublicSubmitted,
    SendingViewRead,
)
from sofadesk.cases.claim.schemas import (
    AdjudicateBody,
    AssessBody,
    AssignBody,
    AwardBody,
    ClaimantAnswerBody,
    ClaimCloseBody,
    ClaimCreate,
    DatedStep,
    IncidentBody,
    JudgmentBody,
    NoticeAnswerBody,
    OfferBody,
    PayBody,
    PaymentBody,
    PublicClaim,
    ReasonedBody,
    RecordBody,
    ReferBody,
    RegisterBody,
    ReproposeBody,
    RouteBody,
    ShareAnswerBody,
)
from sofadesk.cases.core.reads import TimelineEvent
from sofadesk.errors import DomainError, NotFound
from sofadesk.registry.inforce import InForceEngine
from sofadesk.serving.deps import CurrentActor, EngineDep, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS, error_responses
from sofadesk.serving.responses import idempotent_create, json_response
from sofadesk.web.routes_claim_statements import PDF, binary, file_response
from sofadesk.web.routes_claim_statements import router as statements_router

# A list's next_cursor or previous_cursor, as given (opaque; issue 18).
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")]
router = APIRouter(tags=["claims"], responses=ERRORS)
ClaimId = Annotated[int, Path(ge=1, le=MAX_INT)]
LIMITED = error_responses(429)


class InvalidClaim(DomainError):
    status = 422
    title = "Invalid claim"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _read_after(request: Request, user: CurrentUser, claim_id: int) -> Response:
    with read_only(request) as session:
        return json_response(service.read_visible(session, user, claim_id))


# --- the public form -------------------------------------------------------------------------------------------


@router.post("/public/claims", response_model=PublicSubmitted, status_code=status.HTTP_201_CREATED,
             tags=["public"], responses=LIMITED)  # fmt: skip
def submit_public_claim(
    request: Request,
    claim: Annotated[str, Form(min_length=2, max_length=60000, description="The claim as JSON (PublicClaim).")],
    evidence: Annotated[list[UploadFile] | None, File(
        description=f"Up to {MAX_FILES} files of at most {MAX_FILE:,} bytes each: PDF, JPEG or PNG.")] = None,
) -> Response:  # fmt: skip
    """File a claim without an account (multipart form: `claim` as JSON, `evidence` files).  Answers the claim's
    reference and the secret key of its follow link, shown this once.  Submissions are limited per client
    address (429 with Retry-After past the limit)."""
    with unit_of_work(request) as session:
        service.count_submission(session, _client(request))
    try:
        body = PublicClaim.model_validate(json.loads(claim))
    except (ValueError, ValidationError) as exc:
        raise _form_problem(exc) from None
    files = evidence or []
    if len(files) > MAX_FILES:
        raise InvalidClaim(
            f"evidence: at most {MAX_FILES} files",
            [{"field": "evidence", "message": f"at most {MAX_FILES} files"}],
        )
    uploads = [service.Upload(f.filename or "evidence", f.file.read(MAX_FILE + 1)) for f in files]
    with unit_of_work(request) as session:
        made = service.submit(session, body, uploads)
    return json_response(
        made, status_code=201, headers={"Location": f"/api/v1/public/claims/{made.reference}"}
    )


def _form_problem(exc: Exception) -> InvalidClaim:
    """The claim's problems with their field paths (`claim.occurred_on`), as the pages will show them."""
    errors = []
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            message = str(e["msg"]).removeprefix("Value error, ")
            path = ".".join(str(p) for p in e["loc"])
            named = re.match(
                r"^([a-z_][a-z_.0-9]*): (.+)$", message
            )  # our validators name the field themselves
            if not path and named:
                path, message = named.group(1), named.group(2)
            errors.append({"field": f"claim.{path}" if path else "claim", "message": message})
    else:
        errors.append({"field": "claim", "message": f"not JSON: {exc}"})
    return InvalidClaim("; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]), errors)


@router.get("/public/claims/{reference}", response_model=PublicClaimRead, tags=["public"], responses=LIMITED)
def follow_public_claim(
    reference: Annotated[str, Path(max_length=40, pattern=r"^CL-[A-Z]{3}-\d{4}-\d{5,}$")],
    key: Annotated[str, Query(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")],
    request: Request,
) -> Response:
    """The claimant follows their claim with the secret link; anything else is 404 (and counted per address)."""
    client = _client(request)
    try:
        with read_only(request) as session:
            return json_response(
                service.public_read(service.followed(session, client, reference, key), session)
            )
    except NotFound:
        with unit_of_work(request) as session:
            service.count_follow_failure(session, client)
        raise


# --- claims ----------------------------------------------------------------------------------------------------


@router.post("/claims", response_model=ClaimRead, status_code=status.HTTP_201_CREATED)
def create_claim(
    body: ClaimCreate, user: CurrentActor, engine: EngineDep, request: Request,
    idempotency_key: Annotated[str | None, Header(max_length=200, description="Repeat a create safely.")] = None,
) -> Response:  # fmt: skip
    """The receiving State's claims office enters a claim it received (registered at once; routed where the
    sending States are named)."""

    def create(session: Session) -> dict[str, Any]:
        claim = service.create(session, user, body, engine)
        session.flush()
        return service.read(session, user, claim).model_dump(mode="json")

    return idempotent_create(request, user, idempotency_key, body, create, "/api/v1/claims/{}")


@router.get("/claims", response_model=ClaimList)
def list_claims(
    user: CurrentActor, request: Request,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    route: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
    role: Annotated[str | None, Query(pattern=r"^(receiving|sending)$", description="The user's State's part")] = None,
    incident: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Cursor = None,
) -> ClaimList:  # fmt: skip
    """Claims the user's State received, or was told of as a sending State, newest first."""
    with read_only(request) as session:
        return service.list_visible(session, user, status_, route, role, incident, limit, offset, cursor)


@router.get("/claims/{claim_id}", response_model=ClaimRead)
def get_claim(claim_id: ClaimId, user: CurrentActor, request: Request) -> Response:
    """One claim with its route, clocks and what falls due next, shares and the actions open to the user."""
    with read_only(request) as session:
        return json_response(service.read_visible(session, user, claim_id))


@router.get("/claims/{claim_id}/timeline", response_model=list[TimelineEvent])
def claim_timeline(claim_id: ClaimId, user: CurrentActor, request: Request) -> list[TimelineEvent]:
    with read_only(request) as session:
        return service.timeline(session, user, claim_id)


@router.get("/claims/{claim_id}/sending-view", response_model=SendingViewRead)
def claim_sending_view(claim_id: ClaimId, user: CurrentActor, request: Request) -> SendingViewRead:
    """The sending State's own view: the particulars it was sent, its part and record, its shares."""
    with read_only(request) as session:
        return service.sending_view(session, user, claim_id)


@router.get("/claims/{claim_id}/documents/{document_id}", response_class=Response,
            responses={200: binary("The file as uploaded, as a download.", "application/pdf", "image/jpeg",
                                   "image/png")})  # fmt: skip
def claim_document(
    claim_id: ClaimId,
    document_id: Annotated[int, Path(ge=1, le=MAX_INT)],
    user: CurrentActor,
    request: Request,
) -> Response:
    with read_only(request) as session:
        row = service.document(session, user, claim_id, document_id)
        return file_response(row.content, row.media_type, row.filename)


@router.post("/claims/{claim_id}/documents", response_model=ClaimRead)
def attach_claim_documents(
    claim_id: ClaimId, user: CurrentActor, request: Request,
    evidence: Annotated[list[UploadFile], File(description=f"Up to {MAX_FILES} PDF, JPEG or PNG files of at most {MAX_FILE:,} bytes.")],
) -> Response:  # fmt: skip
    """Add evidence to a claim (the receiving State's office, or a sending State told of it)."""
    with read_only(request) as session:
        service.load_visible(session, user, claim_id)  # 404 before anything is read
    if len(evidence) > MAX_FILES:
        raise InvalidClaim(
            f"evidence: at most {MAX_FILES} files",
            [{"field": "evidence", "message": f"at most {MAX_FILES} files"}],
        )
    uploads = [service.Upload(f.filename or "evidence", f.file.read(MAX_FILE + 1)) for f in evidence]
    with unit_of_work(request) as session:
        service.attach(session, user, claim_id, uploads)
    return _read_after(request, user, claim_id)


@router.get("/claims/{claim_id}/receipt.pdf", response_class=Response, responses={200: PDF})
def claim_receipt(claim_id: ClaimId, user: CurrentActor, request: Request) -> Response:
    """The written acknowledgement of receipt, in the claimant's language (the receiving State's office)."""
    with read_only(request) as session:
        claim = service.read_visible(session, user, claim_id)
    if claim.receiving_state != user.state or claim.received_on is None:
        raise NotFound(f"no acknowledgement of receipt of claim {claim_id} for your State")
    return file_response(service.receipt_pdf(claim), "application/pdf", f"{claim.reference}-receipt.pdf")


Call = Callable[[Session, CurrentUser, int, Any, InForceEngine], object]


def _step(path: str, name: str, body_type: Any, call: Call, doc: str) -> None:
    def endpoint(claim_id: ClaimId, body: body_type, user: CurrentActor, engine: EngineDep,
                 request: Request) -> Response:  # fmt: skip
        with unit_of_work(request) as session:
            call(session, user, claim_id, body, engine)
        return _read_after(request, user, claim_id)

    endpoint.__name__, endpoint.__doc__ = name, doc
    router.post(f"/claims/{{claim_id}}/{path}", response_model=ClaimRead, name=name)(endpoint)


for _path, _name, _body, _call, _doc in (
    ("register", "register_claim", RegisterBody, lambda s, u, i, b, e: service.register(s, u, i, b),
     "Register a claim filed on the public form: receipt is confirmed in writing with the date received."),
    ("route", "route_claim", RouteBody, lambda s, u, i, b, e: service.route(s, u, i, b, e),
     "Name the sending State(s) and the facts established: the Art. VIII route follows, with its citations."),
    ("office", "assign_claim", AssignBody, lambda s, u, i, b, e: service.assign(s, u, i, b.office, b.version),
     "Assign the competent claims office."),
    ("incident", "link_claim_incident", IncidentBody,
     lambda s, u, i, b, e: service.link_incident(s, u, i, b.incident_id, b.version), "Link the incident case."),
    ("notify", "notify_claim", DatedStep, lambda s, u, i, b, e: service.notify(s, u, i, b.on, b.version),
     "Send the sending State(s) notice of the claim with its particulars."),
    ("notice-answer", "answer_claim_notice", NoticeAnswerBody,
     lambda s, u, i, b, e: service.answer_notice(s, u, i, b, e),
     "The sending State answers with its evidence and official duty certificate."),
    ("record", "keep_claim_record", RecordBody, lambda s, u, i, b, e: service.keep_record(s, u, i, b),
     "The sending State's own date-stamped record of the claim."),
    ("referrals", "refer_claim", ReferBody, lambda s, u, i, b, e: service.refer(s, u, i, b, e),
     "Refer a dispute to the arbitrator (Art. VIII(8), (2)(b)) or to negotiation (PfP SOFA Art. III)."),
    ("awards", "record_claim_award", AwardBody, lambda s, u, i, b, e: service.award(s, u, i, b, e),
     "Record the award or the outcome of negotiation."),
    ("adjudication", "adjudicate_claim", AdjudicateBody, lambda s, u, i, b, e: service.adjudicate(s, u, i, b),
     "Record the receiving State's decision: amount awarded (0 rejects), legal basis, date."),
    ("advances", "pay_claim_advance", PaymentBody, lambda s, u, i, b, e: service.advance(s, u, i, b),
     "Record an advance payment (in the receiving State's currency)."),
    ("judgment", "record_claim_judgment", JudgmentBody, lambda s, u, i, b, e: service.judgment(s, u, i, b),
     "Record a court's judgment where the claimant sued (Art. VIII(5)(c))."),
    ("payment", "pay_claim", PayBody, lambda s, u, i, b, e: service.pay(s, u, i, b),
     "Record the payment: the shares (Art. VIII(5)(e)) are proposed to each sending State."),
    ("share-answer", "answer_claim_share", ShareAnswerBody, lambda s, u, i, b, e: service.answer_share(s, u, i, b),
     "The sending State accepts or contests its share (`version`: its decision's version as read)."),
    ("redistribution", "repropose_claim_shares", ReproposeBody, lambda s, u, i, b, e: service.repropose(s, u, i, b),
     "Propose a new distribution after a share was contested."),
    ("assessment", "assess_claim", AssessBody, lambda s, u, i, b, e: service.assess(s, u, i, b),
     "The receiving State's ex gratia assessment and report (Art. VIII(6)(a))."),
    ("offer", "offer_ex_gratia", OfferBody, lambda s, u, i, b, e: service.offer(s, u, i, b),
     "The sending State's ex gratia offer (0: none)."),
    ("claimant-answer", "record_claimant_answer", ClaimantAnswerBody,
     lambda s, u, i, b, e: service.claimant_answer(s, u, i, b), "The claimant's answer to the ex gratia offer."),
    ("ex-gratia-payment", "pay_ex_gratia", DatedStep, lambda s, u, i, b, e: service.ex_gratia_paid(s, u, i, b),
     "The sending State paid the accepted offer: the case closes."),
    ("refusal", "refuse_claim", ReasonedBody, lambda s, u, i, b, e: service.refuse(s, u, i, b.reason, b.version),
     "Refuse the claim (e.g. a contract claim, outside the Agreement)."),
    ("waiver", "waive_claim", ReasonedBody, lambda s, u, i, b, e: service.waive(s, u, i, b.reason, b.version),
     "Close a claim the rules route as waived."),
    ("withdrawal", "withdraw_claim", ReasonedBody, lambda s, u, i, b, e: service.withdraw(s, u, i, b.reason, b.version),
     "Record the claimant's withdrawal."),
    ("closing", "close_claim", ClaimCloseBody, lambda s, u, i, b, e: service.close(s, u, i, b.reason, b.version),
     "Close a decided claim."),
):  # fmt: skip
    _step(_path, _name, _body, _call, _doc)


router.include_router(statements_router)  # statements, balances, reports, configuration
