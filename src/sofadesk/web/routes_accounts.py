"""Authentication, users, and each State's notice rule."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from sofadesk.accounts import service as accounts
from sofadesk.accounts import throttle
from sofadesk.cases.core.audit import verify_for
from sofadesk.cases.transit import service as transits
from sofadesk.cases.transit.models import NoticeRuleRow
from sofadesk.cases.transit.schemas import NoticeRuleBody
from sofadesk.errors import NotFound
from sofadesk.serving.deps import CurrentActor, read_only, unit_of_work
from sofadesk.serving.problems import ERRORS, error_responses
from sofadesk.web.models import AuditVerifyOut, LoginBody, NoticeRuleOut, TokenOut, UserCreate, UserOut

router = APIRouter()


@router.post(
    "/auth/tokens",
    response_model=TokenOut,
    status_code=status.HTTP_201_CREATED,
    tags=["accounts"],
    responses={**ERRORS, **error_responses(429)},
)
def login(body: LoginBody, request: Request) -> TokenOut:
    """Exchange a username and password for an API token.  Attempts count against the same limit as the web
    sign-in form (5 per username per 15 minutes, then 429 with Retry-After)."""
    with unit_of_work(request) as session:
        throttle.count_attempt(session, body.username)
    with unit_of_work(request) as session:
        user, token = accounts.login(session, body.username, body.password)
        throttle.clear(session, body.username)
    return TokenOut(
        token=token,
        user=UserOut(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            state=user.state,
            roles=sorted(user.roles),
        ),
    )


@router.get("/me", response_model=UserOut, tags=["accounts"], responses=ERRORS)
def me(user: CurrentActor) -> UserOut:
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        state=user.state,
        roles=sorted(user.roles),
    )


@router.get("/users", response_model=list[UserOut], tags=["accounts"], responses=ERRORS)
def list_users(user: CurrentActor, request: Request) -> list[UserOut]:
    """The users of the administrator's own State."""
    with unit_of_work(request) as session:
        return [UserOut.model_validate(u) for u in accounts.list_users(session, user)]


@router.post(
    "/users", response_model=UserOut, status_code=status.HTTP_201_CREATED, tags=["accounts"], responses=ERRORS
)
def create_user(body: UserCreate, user: CurrentActor, request: Request) -> UserOut:
    """Create a user of the administrator's own State."""
    with unit_of_work(request) as session:
        row = accounts.create_user(
            session,
            user,
            user.state,
            body.username,
            body.display_name,
            body.roles,
            body.password,
            email=body.email,
            notify_by_email=body.notify_by_email,
        )
        return UserOut.model_validate(
            {
                "id": row.id,
                "username": row.username,
                "display_name": row.display_name,
                "state": user.state,
                "roles": row.roles.split(","),
                "email": row.email,
                "notify_by_email": row.notify_by_email,
            }
        )


@router.get(
    "/states/{state}/notice-rule", response_model=NoticeRuleOut, tags=["notice rules"], responses=ERRORS
)
def get_notice_rule(state: str, user: CurrentActor, request: Request) -> NoticeRuleOut:
    with unit_of_work(request) as session:
        row = session.get(NoticeRuleRow, state.upper())
        if row is None:
            raise NotFound(f"{state.upper()} has recorded no notice rule")
        return NoticeRuleOut(
            state=row.state_code,
            lead_time_working_days=row.lead_time_working_days,
            requires_countersignature=row.requires_countersignature,
            restrictions=row.restrictions,
        )


@router.put(
    "/states/{state}/notice-rule", response_model=NoticeRuleOut, tags=["notice rules"], responses=ERRORS
)
def put_notice_rule(state: str, body: NoticeRuleBody, user: CurrentActor, request: Request) -> NoticeRuleOut:
    """Set the State's lead time (working days) and restrictions: configuration, not law."""
    with unit_of_work(request) as session:
        row = transits.set_notice_rule(session, user, state.upper(), body)
        return NoticeRuleOut(
            state=row.state_code,
            lead_time_working_days=row.lead_time_working_days,
            requires_countersignature=row.requires_countersignature,
            restrictions=row.restrictions,
        )


@router.get("/audit/verify", response_model=AuditVerifyOut, tags=["audit"], responses=ERRORS)
def audit_verify(user: CurrentActor, request: Request) -> AuditVerifyOut:
    """Check the whole hash chain.  The answer counts the events the user's State may see, and names the first
    event that does not verify only when it is one of them."""
    with read_only(request) as session:
        v = verify_for(session, user)
    return AuditVerifyOut(intact=v.intact, events=v.events, first_broken=v.first_broken, problem=v.problem)
