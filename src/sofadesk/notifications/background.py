"""The server's background sender: a daemon thread that sends the due mail every SOFADESK_NOTIFY_INTERVAL seconds
and the daily digests once a day after SOFADESK_DIGEST_HOUR (UTC).  Started and stopped by the API's lifespan
when e-mail is configured.  It has its own sessions (and so its own connections) and never runs in a request's
thread: a slow or failing mail server, or a database that is away, costs requests nothing.  Several processes
or nodes may each run one: claiming (notifications.sender) sends each mail once, and the digests' dedupe keys
write each user's digest once a day."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from sofadesk.audit.chain import now as utc_now
from sofadesk.config import SmtpSettings
from sofadesk.notifications.digest import send_digests
from sofadesk.notifications.sender import send_due

log = logging.getLogger("sofadesk.notifications")
BATCH = 50
ROUNDS = 20  # batches at most per tick: a long outbox does not keep the thread from noticing a stop


class BackgroundSender:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        smtp: SmtpSettings,
        clock: Callable[[], datetime] = utc_now,
        scan: Callable[[Session, datetime], int] | None = None,
        scan_every: timedelta = timedelta(minutes=15),
    ) -> None:
        self.sessions = session_factory
        self.smtp = smtp
        self.clock = clock
        # What else must be told on a schedule (decisions about to fall due, overdue): given by whoever composes
        # the application, so that this package needs nothing of the cases; it runs with or without e-mail.
        self.scan, self.scan_every = scan, scan_every
        self.scanned_at: datetime | None = None
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.digest_day: date | None = None  # the day this process last ran the digest
        self.ticks = 0

    def start(self) -> None:
        if not (self.smtp.enabled or self.scan) or self.thread is not None:
            return
        self.thread = threading.Thread(target=self._run, name="sofadesk-mail-sender", daemon=True)
        self.thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to stop and wait for it (a mail being sent is given its SMTP timeout to finish)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout if timeout is not None else self.smtp.timeout_seconds * 3 + 1)
            self.thread = None

    def tick(self) -> None:
        """One round: the due mail, then the digest if its hour has come and this process has not run it today
        (the database's dedupe keys make a run by another process, or after a restart, send nothing twice)."""
        moment = self.clock()
        if self.scan is not None and (self.scanned_at is None or moment - self.scanned_at >= self.scan_every):
            with self.sessions() as session, session.begin():
                self.scan(session, moment)
            self.scanned_at = moment
        if not self.smtp.enabled:
            self.ticks += 1
            return
        for _ in range(ROUNDS):  # a burst is sent batch after batch, not one batch per interval
            result = send_due(self.sessions, self.smtp, moment, BATCH)
            if result.sent + result.failed < BATCH or self.stopping.is_set():
                break
        if moment.hour >= self.smtp.digest_hour and self.digest_day != moment.date():
            send_digests(self.sessions, self.smtp, moment)
            self.digest_day = moment.date()
        self.ticks += 1

    def _run(self) -> None:
        while not self.stopping.wait(self.smtp.interval_seconds):
            try:
                self.tick()
            except Exception:  # the database away, say: log it and try again next round, never die
                log.exception("the background mail sender failed this round; it will try again")
