#!/bin/sh
# The bastion's sendmail for the rehearsal (the plan's SENDMAIL): msmtp, sendmail-compatible,
# handing each message to the mail sink on 127.0.0.1 (aiosmtpd writing a Maildir). Installed as
# ROOT/bin/sendmail with the sink's port written in.
exec msmtp --host=127.0.0.1 --port=@SMTP_PORT@ --auth=off --tls=off --from=release-cockpit@rehearsal.invalid "$@"
