"""Command line: `python -m tests.emulator --host 127.0.0.1 --port 8765 [--seed seed.json]
[--tls-cert F --tls-key F] [--port-file F]`. Runs in the foreground until SIGTERM or SIGINT."""

import argparse
import json
import os
import signal
import sys
import tempfile
import threading

# The emulator writes nothing to the work tree; run `python -B` to skip the two package
# __init__ files that are imported before this line as well.
sys.dont_write_bytecode = True

from tests.emulator.server import start_emulator  # noqa: E402  (after dont_write_bytecode)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.emulator",
                                     description="Local emulator of Arduino IoT Cloud and Qubitro.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one")
    parser.add_argument("--seed", help="JSON seed file (see docs/emulator.md)")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--port-file", help="write the port here once listening")
    parser.add_argument("--verbose", action="store_true", help="print one line per request")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    return args


def write_port_file(path, port):
    """Write atomically, so that a reader polling for the file never sees it half written."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".port-")
    with os.fdopen(fd, "w") as handle:
        handle.write("%d\n" % port)
    os.replace(tmp, path)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    seed = None
    if args.seed:
        with open(args.seed) as handle:
            seed = json.load(handle)
    emulator = start_emulator(port=args.port, seed=seed, host=args.host, tls_cert=args.tls_cert,
                              tls_key=args.tls_key, verbose=args.verbose)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.port_file:
        write_port_file(args.port_file, emulator.port)
    print("iotcloud emulator listening on %s" % emulator.url, flush=True)
    while not stop.wait(0.5):
        pass
    emulator.stop()
    print("iotcloud emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
