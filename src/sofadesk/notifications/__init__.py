"""Notifications: telling a State's deciders that they must decide (a slot opens, is reopened, is about to fall
due, is overdue), in an in-app inbox and by e-mail.

The case engine calls `service.notify(session, ...)` in the transaction of the step that caused it: the inbox
rows and the e-mails to send (the outbox) are written with that step or not at all, and no network is touched.
`sender.send_due` delivers the outbox afterwards (the server's background thread, or `sofadesk notify send`),
retrying with backoff; `sender.send_digests` sends the daily digests.

Modules: models (tables), service (notify, inbox, unread_count, mark_read), sender (SMTP, digests),
background (the server's sender thread), addresses (e-mail address check).  This package's import is light on
purpose (config.py uses `addresses` on the CLI's start-up path): import the modules themselves.
"""
