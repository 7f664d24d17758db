"""`sofadesk audit ...`: verify the chain (whole, or resumed from the newest signed head), sign and publish
tree heads, export a State's events with their proofs, and check such an export offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from sofadesk.cli.cases import run
from sofadesk.cli.output import UserError, out, print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)


def _trusted_key() -> str | None:
    """The log's public key when its signing key exists; verifying never makes a key."""
    from sofadesk.audit.signing import key_path, public_hex, signing_key

    path = key_path()
    return public_hex(signing_key(path)) if path.exists() else None


def _write(path: Path, text: str, option: str = "--out") -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{option}: cannot write {path}: {exc.strerror}") from None


@audit_app.command("verify")
def verify_cmd(
    resume: Annotated[
        bool, typer.Option("--resume", help="Walk only the events after the newest signed tree head.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Prove the audit chain and its signed tree heads intact, or name the first event that does not verify
    (exit 1)."""
    from sofadesk.audit.heads import verify_log

    trusted = _trusted_key()
    result = run(lambda session: verify_log(session, trusted, resume))
    v = result.verification
    if as_json:
        print_json(
            {
                "intact": v.intact,
                "events": v.events,
                "first_broken": v.first_broken,
                "problem": v.problem,
                "heads": result.heads,
                "resumed_from": result.resumed_from,
                "tree_size": result.tree_size,
                "root_hash": result.root_hash,
            }
        )
    elif v.intact:
        since = (
            f" since the signed head of size {result.resumed_from}" if result.resumed_from is not None else ""
        )
        out.print(
            Text(
                f"Audit chain intact: {v.events} events verified{since}; {result.heads} signed tree "
                f"heads checked; Merkle root {result.root_hash}.",
                style="green",
            )
        )
    else:
        where = f"at event {v.first_broken}" if v.first_broken is not None else "in its signed heads"
        out.print(
            Text(f"Audit chain BROKEN {where}: {v.problem} ({v.events} events read).", style="bold red")
        )
    if not v.intact:
        raise typer.Exit(1)


@audit_app.command("sign-head")
def sign_head_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Sign a tree head over every event so far (after verifying those added since the last head)."""
    from sofadesk.audit.heads import as_head, sign_head
    from sofadesk.audit.signing import signing_key

    key = signing_key()
    head = run(lambda session: as_head(sign_head(session, key)))
    if as_json:
        print_json(head.as_dict())
    else:
        out.print(
            Text(f"Signed tree head: {head.tree_size} events, root {head.root_hash}, at {head.signed_at}.")
        )


@audit_app.command("heads")
def heads_cmd(
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the heads to this file.")] = None,
) -> None:
    """The signed tree heads, as published to every State (JSON): they hold no event's content."""
    from sofadesk.audit.heads import heads_document

    document = run(heads_document)
    if out_file is None:
        print_json(document)
        return
    _write(out_file, json.dumps(document, indent=1) + "\n")
    out.print(Text(f"{len(document['heads'])} signed tree heads written to {out_file}."))  # type: ignore[arg-type]


@audit_app.command("key")
def key_cmd(
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the key to this file.")] = None,
) -> None:
    """The public key that signs tree heads (hex), to give each State out of band."""
    from sofadesk.audit.signing import public_hex, signing_key

    public = public_hex(signing_key())
    if out_file is None:
        out.print(public)
    else:
        _write(out_file, public + "\n")
        out.print(Text(f"Public key written to {out_file}."))


@audit_app.command("export")
def export_cmd(
    state: Annotated[str, typer.Option("--state", help="The State (alpha-3) whose cases' events to export.")],
    out_file: Annotated[Path, typer.Option("--out", help="The bundle to write (JSON).")],
) -> None:
    """A State's events (its cases' and its officials') with inclusion proofs against a signed tree head, and
    consistency proofs between the heads; no other State's events."""
    from sofadesk.audit.export import build_export, dump
    from sofadesk.audit.signing import signing_key

    code = state.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise UserError(f"--state: {state!r} is not an alpha-3 State code (e.g. RUS)")
    key = signing_key()

    def use_case(session: Session) -> dict[str, Any]:
        return build_export(session, code, key)

    bundle = run(use_case)
    _write(out_file, dump(bundle))
    out.print(
        Text(
            f"{len(bundle['events'])} events of {code} exported to {out_file} with their proofs against "
            f"the signed head of size {bundle['head']['tree_size']}."
        )
    )


def _read_json(path: Path, option: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{option}: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{option}: cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{option}: {path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


@audit_app.command("verify-export")
def verify_export_cmd(
    bundle_file: Annotated[Path, typer.Argument(help="The bundle `sofadesk audit export` wrote.")],
    heads_file: Annotated[Path, typer.Option("--heads", help="The signed heads your State was given.")],
    key_file: Annotated[
        Path | None, typer.Option("--key", help="The log's public key your State holds (hex or PEM file).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check an export offline (no database): every event's hash, its inclusion proof, the heads' signatures
    and their consistency.  Exit 1 when anything fails."""
    from sofadesk.audit.offline import BadBundle, verify_bundle
    from sofadesk.audit.signing import read_public_key

    key = None
    if key_file is not None:
        try:
            key = read_public_key(key_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"--key: cannot read {key_file}: {exc}") from None
        except ValueError as exc:
            raise UserError(f"--key: {key_file}: {exc}") from None
    bundle, heads = _read_json(bundle_file, "FILE"), _read_json(heads_file, "--heads")
    try:
        report = verify_bundle(bundle, heads, key)
    except BadBundle as exc:
        raise UserError(f"{bundle_file} or {heads_file}: {exc}") from None
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "state": report.state,
                "events": report.events,
                "heads": report.heads,
                "consistency_proofs": report.proofs,
                "tree_size": report.tree_size,
                "problems": report.problems,
                "notes": report.notes,
            }
        )
    else:
        for note in report.notes:
            out.print(Text(f"Note: {note}", style="dim"))
        if report.ok:
            out.print(
                Text(
                    f"Export of {report.state} verified: {report.events} events in the signed log of "
                    f"{report.tree_size} events; {report.heads} published heads consistent with it "
                    f"({report.proofs} consistency proofs).",
                    style="green",
                )
            )
        else:
            out.print(Text(f"Export of {report.state} does NOT verify:", style="bold red"))
            for problem in report.problems:
                out.print(Text(f"  - {problem}"))
    if not report.ok:
        raise typer.Exit(1)
