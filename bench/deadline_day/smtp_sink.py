"""An SMTP server that accepts everything and writes one JSON line per message and recipient.

    python -m bench.deadline_day.smtp_sink --port 2525 --out mail.jsonl

Each line: {"message_id", "to", "subject", "arrived"} (arrival as a Unix time, the same clock
as the load generator's, both on this machine).
"""

import argparse
import asyncio
import json
import signal
import time
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


class JsonlHandler:
    def __init__(self, path: str):
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the process's life)

    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        for recipient in envelope.rcpt_tos:
            line = {
                "message_id": message.get("Message-ID", ""),
                "to": recipient.lower(),
                "subject": subject,
                "arrived": arrived,
            }
            self.file.write(json.dumps(line) + "\n")
        self.file.flush()
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    controller = Controller(JsonlHandler(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
