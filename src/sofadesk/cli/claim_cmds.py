"""`sofadesk claim ...`: claims and cost sharing from the command line, acting as a named local user (the public
form's `submit` and `follow` act as the public); the same service functions as the API, one transaction per
command.  Services are imported when a command runs, not when the CLI starts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli import claim_documents_cmds, claim_money_cmds
from sofadesk.cli.cases import engine_from, run
from sofadesk.cli.claim_common import (
    EvidenceOpt,
    FileOpt,
    OnOpt,
    _body,
    _claim_step,
    _day,
    _me,
    _show,
    _uploads,
)
from sofadesk.cli.files import read_yaml, validated
from sofadesk.cli.output import AsOpt, JsonOpt, UserError, out, parse_day, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sofadesk.cases.claim.reads import ClaimRead

claim_app = typer.Typer(help="Claims and cost sharing (NATO SOFA Art. VIII): public form, route, notice, payment, "
                             "shares, statements, reports.", no_args_is_help=True)  # fmt: skip
config_app = typer.Typer(help="The claims offices' configuration (administrator).", no_args_is_help=True)
claim_app.add_typer(config_app, name="config")


@claim_app.command("submit")
def submit(file: FileOpt, evidence: EvidenceOpt = None, client: Annotated[str, typer.Option(help="Counted as")] = "cli",
           as_json: JsonOpt = False) -> None:  # fmt: skip
    """File a claim as a member of the public would on the form; prints its reference and secret key."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import PublicClaim

    body = validated(PublicClaim, read_yaml(file), f"the claim in {file}")
    uploads = _uploads(evidence)
    run(lambda s: service.count_submission(s, client))
    made = run(lambda s: service.submit(s, body, uploads))
    if as_json:
        print_json(made)
        return
    out.print(Text(f"Claim {made.reference} filed ({made.documents} document(s)). {made.status_text}"))
    out.print(Text(f"Follow it: sofadesk claim follow {made.reference} --key {made.key}"), soft_wrap=True)


@claim_app.command("follow")
def follow(reference: str, key: Annotated[str, typer.Option("--key")], as_json: JsonOpt = False) -> None:
    """A claim as its claimant follows it with the secret key."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.public_read(service.followed(s, "cli", reference, key), s))
    if as_json:
        print_json(data)
        return
    out.print(Text(f"{data.reference}: {data.status_text}"))


@claim_app.command("create")
def create(file: FileOpt, as_user: AsOpt, evidence: EvidenceOpt = None, as_json: JsonOpt = False) -> None:
    """Enter a claim the acting user's claims office received (registered at once; routed when the file names
    the sending States and the facts)."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.schemas import ClaimCreate

    body = validated(ClaimCreate, read_yaml(file), f"the claim in {file}")
    uploads = _uploads(evidence)

    def use_case(s: Session) -> ClaimRead:
        user = _me(s, as_user)
        claim = service.create(s, user, body, engine_from(s), uploads)
        s.flush()
        return service.read(s, user, claim)

    data = run(use_case)
    print_json(data) if as_json else _show(data)


@claim_app.command("show")
def show(claim_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """One claim as the acting user's State sees it: route, clocks, next due, shares."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.read_visible(s, _me(s, as_user), claim_id))
    print_json(data) if as_json else _show(data)


@claim_app.command("list")
def list_cmd(as_user: AsOpt, status: Annotated[str | None, typer.Option("--status")] = None,
             role: Annotated[str | None, typer.Option("--role", help="receiving or sending")] = None,
             as_json: JsonOpt = False) -> None:  # fmt: skip
    """Claims the acting user's State received or was told of."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.list_visible(s, _me(s, as_user), status, None, role, None, 200))
    if as_json:
        print_json(data)
        return
    for c in data.items:
        out.print(
            Text(
                f"{c.id:>5}  {c.reference:<20} {c.status:<14} {c.occurred_on}  {c.route or '-':<28} {c.claimant}"
            )
        )
    out.print(Text(f"{data.total} claim(s)"))


@claim_app.command("timeline")
def timeline(claim_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """The claim's audit events with their citations."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.timeline(s, _me(s, as_user), claim_id))
    if as_json:
        print_json(data)
        return
    for e in data:
        out.print(Text(f"{e.at}  {e.actor or '-':<16} {e.action:<34} {'; '.join(e.citations[:4])}"))


@claim_app.command("register")
def register(claim_id: int, as_user: AsOpt, received_on: Annotated[str | None, typer.Option("--received-on", help="Default: today.")] = None,
             office: Annotated[str | None, typer.Option("--office")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """Register a claim filed on the public form (receipt confirmed with the date received)."""
    from sofadesk.cases.claim import service

    def act(s: Session, u: Any, c: ClaimRead, _: Any) -> None:
        service.register(s, u, claim_id, _body("RegisterBody", {"received_on": _day(received_on, "--received-on"),
                                                                "office": office, "version": c.version}, "the registration"))  # fmt: skip

    _claim_step(as_user, claim_id, act, as_json)


@claim_app.command("route")
def route(claim_id: int, as_user: AsOpt, sending: Annotated[list[str], typer.Option("--sending", help="Alpha-3 (repeatable).")],
          facts: Annotated[Path | None, typer.Option("--facts", help="YAML: the facts established (RouteFacts).")] = None,
          as_json: JsonOpt = False) -> None:  # fmt: skip
    """Name the sending State(s) and the facts: the Art. VIII route follows, with its citations."""
    from sofadesk.cases.claim import service

    established = read_yaml(facts, "--facts") if facts else {}

    def act(s: Session, u: Any, c: ClaimRead, engine: Any) -> None:
        body = _body("RouteBody", {"sending_states": [x.upper() for x in sending], "facts": established,
                                   "version": c.version}, "the route")  # fmt: skip
        service.route(s, u, claim_id, body, engine())

    _claim_step(as_user, claim_id, act, as_json)


@claim_app.command("notify")
def notify(claim_id: int, as_user: AsOpt, on: OnOpt = None, as_json: JsonOpt = False) -> None:
    """Send the sending State(s) notice of the claim with its particulars."""
    from sofadesk.cases.claim import service

    _claim_step(as_user, claim_id, lambda s, u, c, e: service.notify(s, u, claim_id, parse_day(on) if on else None,
                                                                     c.version), as_json)  # fmt: skip


@claim_app.command("respond")
def respond(claim_id: int, as_user: AsOpt, evidence: Annotated[str, typer.Option("--evidence", help="The evidence, in words.")],
            certificate: Annotated[str, typer.Option("--certificate", help="on_duty, off_duty or not_certified")] = "not_certified",
            by: Annotated[str | None, typer.Option("--certified-by")] = None, on: OnOpt = None,
            as_json: JsonOpt = False) -> None:  # fmt: skip
    """The sending State answers the notice with its evidence and official duty certificate."""
    from sofadesk.cases.claim import service
    from sofadesk.cases.claim.kind import NOTICE_ANSWER
    from sofadesk.cases.claim.records import slot_of

    def act(s: Session, u: Any, c: ClaimRead, engine: Any) -> None:
        slot = slot_of(s, service.load_visible(s, u, claim_id), NOTICE_ANSWER, u.state)
        body = _body("NoticeAnswerBody", {"evidence": evidence, "duty_certificate": certificate, "certificate_by": by,
                                          "certificate_on": _day(on) if certificate != "not_certified" else None,
                                          "on": _day(on), "version": slot.version if slot else 0}, "the answer")  # fmt: skip
        service.answer_notice(s, u, claim_id, body, engine())

    _claim_step(as_user, claim_id, act, as_json)


@claim_app.command("record")
def record(claim_id: int, as_user: AsOpt, note: Annotated[str | None, typer.Option("--note")] = None,
           own_reference: Annotated[str | None, typer.Option("--own-reference")] = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """The sending State's own record: its file reference and a date-stamped note."""
    from sofadesk.cases.claim import service

    body = _body("RecordBody", {"note": note, "own_reference": own_reference}, "the record")
    _claim_step(as_user, claim_id, lambda s, u, c, e: service.keep_record(s, u, claim_id, body), as_json)


@claim_app.command("refer")
def refer(claim_id: int, as_user: AsOpt, question: Annotated[str, typer.Option("--question", help="official_duty, vehicle_use, liability, distribution")],
          note: Annotated[str | None, typer.Option("--note")] = None, on: OnOpt = None, as_json: JsonOpt = False) -> None:  # fmt: skip
    """Refer a dispute to the arbitrator (Art. VIII(8), (2)(b)) or to negotiation (PfP SOFA Art. III)."""
    from sofadesk.cases.claim import service

    def act(s: Session, u: Any, c: ClaimRead, engine: Any) -> None:
        service.refer(s, u, claim_id, _body("ReferBody", {"question": question, "note": note, "on": _day(on),
                                                          "version": c.version}, "the referral"), engine())  # fmt: skip

    _claim_step(as_user, claim_id, act, as_json)


@claim_app.command("award")
def award(claim_id: int, as_user: AsOpt, dispute: Annotated[int, typer.Option("--dispute")],
          outcome: Annotated[str, typer.Option("--outcome", help="yes, no, amount or agreed")],
          text: Annotated[str, typer.Option("--text", help="The award, in words.")],
          amount: Annotated[str | None, typer.Option("--amount")] = None,
          currency: Annotated[str | None, typer.Option("--currency")] = None, on: OnOpt = None,
          as_json: JsonOpt = False) -> None:  # fmt: skip
    """Record the award (or the outcome of negotiation) on a referral."""
    from sofadesk.cases.claim import service

    def act(s: Session, u: Any, c: ClaimRead, engine: Any) -> None:
        body = _body("AwardBody", {"dispute": dispute, "outcome": outcome, "award_text": text, "amount": amount,
                                   "currency": currency, "on": _day(on), "version": c.version}, "the award")  # fmt: skip
        service.award(s, u, claim_id, body, engine())

    _claim_step(as_user, claim_id, act, as_json)


def _closing(action: str) -> Any:
    def closing_command(claim_id: int, as_user: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
                        as_json: JsonOpt = False) -> None:  # fmt: skip
        from sofadesk.cases.claim import service

        _claim_step(
            as_user,
            claim_id,
            lambda s, u, c, e: getattr(service, action)(s, u, claim_id, reason, c.version),
            as_json,
        )

    return closing_command


for _name, _help in (("refuse", "Refuse the claim, with --reason (e.g. a contract claim)."),
                     ("waive", "Close a claim the rules route as waived, with --reason."),
                     ("withdraw", "Record the claimant's withdrawal, with --reason."),
                     ("close", "Close a decided claim.")):  # fmt: skip
    claim_app.command(_name, help=_help)(_closing(_name))


@claim_app.command("attach")
def attach(claim_id: int, as_user: AsOpt, evidence: EvidenceOpt = None, as_json: JsonOpt = False) -> None:
    """Add evidence (PDF, JPEG or PNG) to a claim: the receiving State's office or a sending State told of it."""
    from sofadesk.cases.claim import service

    uploads = _uploads(evidence)
    _claim_step(as_user, claim_id, lambda s, u, c, e: service.attach(s, u, claim_id, uploads), as_json)


@claim_app.command("incident")
def incident(claim_id: int, incident_id: int, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Link the incident case the claim arises from."""
    from sofadesk.cases.claim import service

    _claim_step(
        as_user,
        claim_id,
        lambda s, u, c, e: service.link_incident(s, u, claim_id, incident_id, c.version),
        as_json,
    )


@claim_app.command("office")
def office(claim_id: int, code: str, as_user: AsOpt, as_json: JsonOpt = False) -> None:
    """Assign the competent claims office."""
    from sofadesk.cases.claim import service

    _claim_step(
        as_user, claim_id, lambda s, u, c, e: service.assign(s, u, claim_id, code, c.version), as_json
    )


@claim_app.command("receipt")
def receipt(claim_id: int, as_user: AsOpt, output: Annotated[Path, typer.Option("--output", "-o")]) -> None:
    """Write the acknowledgement of receipt (PDF, in the claimant's language)."""
    from sofadesk.cases.claim import service

    data = run(lambda s: service.read_visible(s, _me(s, as_user), claim_id))
    if data.received_on is None:
        raise UserError(f"claim {claim_id} is not registered yet")
    output.write_bytes(service.receipt_pdf(data))
    out.print(Text(f"Acknowledgement of receipt written to {output}."))


@claim_app.command("scan")
def scan(on: OnOpt = None, as_json: JsonOpt = False) -> None:
    """Record every proposed distribution deemed accepted by now (or by the given day): no reply within two
    months (Art. VIII(5)(d)).  Safe to run again: each is recorded once."""
    from datetime import datetime, time

    from sofadesk.audit.chain import now
    from sofadesk.cases.claim import service

    moment = datetime.combine(parse_day(on), time()) if on else now()
    count = run(lambda s: service.scan_deemed(s, moment))
    if as_json:
        print_json({"deemed_accepted": count, "as_of": moment.date().isoformat()})
        return
    out.print(Text(f"{count} share(s) deemed accepted as of {moment.date().isoformat()}."))


for _name, _command in claim_documents_cmds.COMMANDS.items():
    claim_app.command(_name)(_command)
for _name, _command in claim_documents_cmds.CONFIG_COMMANDS.items():
    config_app.command(_name)(_command)
for _name, (_command, _text) in claim_money_cmds.COMMANDS.items():
    claim_app.command(_name, help=_text)(_command)
