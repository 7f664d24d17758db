"""The claims use cases, in one place for the API, the pages and the CLI.  Each step takes a session and the
current user (the public form: the client's address) and never commits; it returns the claim row, which
`read` turns into the typed read model (`ClaimRead`) the pages show.

Step by step:
- public form: `count_submission` (own transaction, first), `submit` -> PublicSubmitted (reference, key);
  `followed` + `public_read` -> PublicClaimRead (`count_follow_failure` on a 404, own transaction);
- registration: `register` (a public claim), `create` (a paper claim, or a State's own), `assign`,
  `link_incident`, `route` (sending States and facts -> the Art. VIII route), `refuse`, `waive`, `withdraw`;
- the sending State's part: `notify`, `answer_notice`, `keep_record`, `sending_view`, `refer`, `award`;
- adjudication and payment: `adjudicate`, `advance`, `judgment`, `pay` (shares proposed);
- shares: `answer_share`, `repropose`, `scan_deemed` (deemed acceptances, audit events);
- ex gratia: `assess`, `offer`, `claimant_answer`, `ex_gratia_paid`; `close`;
- statements: `statement` (preview or issued), `issue_statement`, `reimburse`, `statements`, `balances`,
  `statement_pdf`, `statement_xlsx`, `receipt_pdf`;
- reads: `read`, `read_visible`, `list_visible`, `timeline`, `document`; reports: `report`, `sending_report`,
  `report_csv`, `report_xlsx`;
- configuration: `set_office`, `offices`, `set_clock`, `clocks`, `set_period`, `periods`, `add_rate`,
  `delete_rate`, `thresholds`.
"""

from sofadesk.cases.claim.config import (
    add_rate,
    clocks,
    delete_rate,
    offices,
    periods,
    set_clock,
    set_office,
    set_period,
    thresholds,
)
from sofadesk.cases.claim.documents import receipt_pdf, report_csv, report_xlsx, statement_pdf, statement_xlsx
from sofadesk.cases.claim.exgratia import assess, claimant_answer, ex_gratia_paid, offer
from sofadesk.cases.claim.payment import adjudicate, advance, judgment, pay
from sofadesk.cases.claim.public import (
    Upload,
    count_follow_failure,
    count_submission,
    followed,
    submit,
)
from sofadesk.cases.claim.queries import (
    document,
    list_visible,
    load_visible,
    public_read,
    read,
    read_visible,
    sending_view,
    timeline,
)
from sofadesk.cases.claim.registration import (
    assign,
    attach,
    close,
    create,
    link_incident,
    refuse,
    register,
    waive,
    withdraw,
)
from sofadesk.cases.claim.reports import report, sending_report
from sofadesk.cases.claim.route import route_claim as route
from sofadesk.cases.claim.sending import answer_notice, award, keep_record, notify, refer
from sofadesk.cases.claim.shares import answer_share, repropose, scan_deemed
from sofadesk.cases.claim.statements import balances, reimburse, statements
from sofadesk.cases.claim.statements import build as statement
from sofadesk.cases.claim.statements import issue as issue_statement

__all__ = [
    "Upload",
    "add_rate",
    "adjudicate",
    "advance",
    "answer_notice",
    "answer_share",
    "assess",
    "assign",
    "attach",
    "award",
    "balances",
    "claimant_answer",
    "clocks",
    "close",
    "count_follow_failure",
    "count_submission",
    "create",
    "delete_rate",
    "document",
    "ex_gratia_paid",
    "followed",
    "issue_statement",
    "judgment",
    "keep_record",
    "link_incident",
    "list_visible",
    "load_visible",
    "notify",
    "offer",
    "offices",
    "pay",
    "periods",
    "public_read",
    "read",
    "read_visible",
    "receipt_pdf",
    "refer",
    "refuse",
    "register",
    "reimburse",
    "report",
    "report_csv",
    "report_xlsx",
    "repropose",
    "route",
    "scan_deemed",
    "sending_report",
    "sending_view",
    "set_clock",
    "set_office",
    "set_period",
    "statement",
    "statement_pdf",
    "statement_xlsx",
    "statements",
    "submit",
    "thresholds",
    "timeline",
    "waive",
    "withdraw",
]
