#!/usr/bin/env python3
"""A real SMTP server on loopback for Kalyna's tests (aiosmtpd).

Usage: server.py DIRECTORY [PORT]

With KALYNA_TEST_SMTP_TLS=CERT:KEY in the environment it offers STARTTLS
with that certificate and takes no mail before the upgrade, as a real
submission server does.

Prints "listening PORT" once it accepts connections. Every message it accepts
is written to DIRECTORY as N.eml (the bytes received) and N.json (what a mail
client shows: envelope, decoded headers and both parts, parsed with Python's
email package), each made whole before it appears.

DIRECTORY/mode, read at each recipient, changes its behaviour:
  accept  (or no file) take the message
  refuse  answer 451 (try again later), as a server in trouble does
  stall   hold the transaction open, unanswered, until the mode changes
"""
import json
import ssl
import os
import socket
import sys
import time
import asyncio
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

directory = sys.argv[1]


def mode():
    try:
        with open(os.path.join(directory, "mode")) as f:
            return f.read().strip() or "accept"
    except FileNotFoundError:
        return "accept"


class Handler:
    # Numbered on from what an earlier server left in the same directory.
    count = max([int(name[:-5]) for name in os.listdir(directory) if name.endswith(".json")] or [0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        while mode() == "stall":
            await asyncio.sleep(0.05)
        if mode() == "refuse":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        n = Handler.count
        message = message_from_bytes(envelope.content, policy=policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_subtype()] = part.get_content()
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "content_language": str(message["Content-Language"]),
            "auto_submitted": str(message["Auto-Submitted"]),
            "tls": session.ssl is not None,
            "text": parts.get("plain", ""),
            "html": parts.get("html", ""),
        }
        base = os.path.join(directory, str(n))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".json.tmp", "w") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


port = int(sys.argv[2]) if len(sys.argv) > 2 else free_port()
tls = {}
if os.environ.get("KALYNA_TEST_SMTP_TLS"):
    cert, key = os.environ["KALYNA_TEST_SMTP_TLS"].split(":")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    tls = {"tls_context": context, "require_starttls": True}
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **tls)
controller.start()
print("listening", port, flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
