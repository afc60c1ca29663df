"""Command line: `iotcloud-emulator --host 127.0.0.1 --port 8765 [--seed seed.json]
[--tls-cert F --tls-key F] [--port-file F] [--verbose]`. Runs in the foreground until SIGTERM
or SIGINT. Every start-up failure is one line on stderr and exit status 2."""

import argparse
import errno
import json
import os
import signal
import sys
import tempfile
import threading

from iotcloud_emulator.server import start_emulator

PROG = "iotcloud-emulator"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog=PROG,
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


class StartupError(Exception):
    """A reason the emulator cannot start, said in one line."""


def load_seed(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except OSError as exc:
        raise StartupError("cannot read seed %s: %s" % (path, exc.strerror or exc))
    except ValueError as exc:
        raise StartupError("seed %s is not valid JSON: %s" % (path, exc))


def start(args, seed):
    """The running emulator, or StartupError for a busy port, a bad address, TLS or seed."""
    try:
        return start_emulator(port=args.port, seed=seed, host=args.host, tls_cert=args.tls_cert,
                              tls_key=args.tls_key, verbose=args.verbose)
    except OSError as exc:
        where = "%s:%d" % (args.host, args.port)
        if exc.errno == errno.EADDRINUSE:
            raise StartupError("cannot listen on %s: the port is already in use" % where)
        if exc.errno in (errno.EACCES, errno.EADDRNOTAVAIL):
            raise StartupError("cannot listen on %s: %s" % (where, exc.strerror))
        if args.tls_cert:
            raise StartupError("cannot load --tls-cert/--tls-key: %s" % (exc.strerror or exc))
        raise StartupError("cannot listen on %s: %s" % (where, exc.strerror or exc))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StartupError("invalid seed: %s: %s" % (type(exc).__name__, exc))


def main(argv=None):
    # The emulator writes nothing but the port file, not even byte code beside its sources.
    sys.dont_write_bytecode = True
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        emulator = start(args, load_seed(args.seed) if args.seed else None)
    except StartupError as exc:
        sys.stderr.write("%s: %s\n" % (PROG, exc))
        return 2
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
