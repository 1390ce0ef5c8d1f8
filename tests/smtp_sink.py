"""An SMTP sink for the integration tests (checklist M04, M05).

Usage: smtp_sink.py PORT DIR. Listens on 127.0.0.1:PORT with aiosmtpd and saves each message
it receives as a file in DIR, its envelope recipients first as an `X-Sink-Rcpt:` line. Prints
"ready" once it accepts connections, then runs until killed.
"""
import pathlib
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Save:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = f"{time.time_ns()}-{self.count}"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        rcpt = ", ".join(envelope.rcpt_tos).encode()
        partial = self.folder / f"{name}.part"
        partial.write_bytes(b"X-Sink-Rcpt: " + rcpt + b"\r\n" + content)
        partial.rename(self.folder / f"{name}.eml")
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Save(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
