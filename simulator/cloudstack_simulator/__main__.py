"""python -m cloudstack_simulator, or cloudstack-simulator once installed: [--host H] [--port P] [--empty] [--credentials FILE] [--job-latency S]
[--state FILE] [--strict] [--instances N [--instances-account NAME]] [--seed N]"""
import argparse
import os
import signal
import sys
import tempfile
import threading

from . import bulk, sandbox
from .server import Simulator, make_server
from .store import Store


def parse_args(argv, prog="python -m cloudstack_simulator"):
    parser = argparse.ArgumentParser(prog=prog,
                                     description="A stateful CloudStack management server simulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default 8080)")
    parser.add_argument("--empty", action="store_true",
                        help="only ROOT, the admin and system accounts and a fresh database's defaults")
    parser.add_argument("--credentials", metavar="FILE",
                        help="write a cloudstack.ini with the endpoint and the admin's keys once listening")
    parser.add_argument("--job-latency", type=float, default=0.1, metavar="S",
                        help="seconds an async job stays pending before it completes (default 0.1)")
    parser.add_argument("--state", metavar="FILE", help="SQLite file that keeps the cloud across restarts")
    parser.add_argument("--strict", action="store_true", help="refuse parameters the API catalogue does not know")
    parser.add_argument("--instances", type=int, default=0, metavar="N",
                        help="fill the sandbox with N instances over several accounts, projects and networks")
    parser.add_argument("--instances-account", metavar="NAME",
                        help="put every --instances instance in this account (admin, alice, bob, carol, dave, erin), "
                             "outside projects")
    parser.add_argument("--seed", type=int, default=0, help="random seed for --instances (default 0)")
    args = parser.parse_args(argv)
    if args.instances and args.empty:
        parser.error("--instances fills the sandbox: it can't be combined with --empty")
    if args.instances < 0 or args.job_latency < 0:
        parser.error("--instances and --job-latency must not be negative")
    if args.instances_account and not args.instances:
        parser.error("--instances-account needs --instances N")
    return args


def build_store(args):
    store = Store(args.state)
    if store.loaded:
        return store
    with store.transaction():  # a world that fails to build leaves nothing in --state
        sandbox.build_defaults(store)
        if not args.empty:
            sandbox.build_sandbox(store)
        if args.instances:
            bulk.fill(store, args.instances, args.seed, args.instances_account)
    return store


def write_credentials(path, endpoint, user):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".cloudstack-", suffix=".ini")
    with os.fdopen(fd, "w") as f:
        f.write("[cloudstack]\nendpoint = %s\nkey = %s\nsecret = %s\n" % (endpoint, user["apikey"], user["secretkey"]))
    os.replace(tmp, path)


def main(argv=None, prog="python -m cloudstack_simulator"):
    args = parse_args(argv, prog)
    try:
        store = build_store(args)
    except ValueError as exc:
        sys.exit("cloudstack_simulator: %s" % exc)
    sim = Simulator(store, strict=args.strict, job_latency=args.job_latency)
    server = make_server(sim, args.host, args.port)
    host, port = server.server_address[:2]
    endpoint = "http://%s:%d/client/api" % (host if ":" not in host else "[%s]" % host, port)
    admin = store.first("user", username="admin", domainid=store.first("domain", _path="/")["id"])
    if args.credentials:
        write_credentials(args.credentials, endpoint, admin)
    print("CloudStack simulator listening on %s (%s)" % (endpoint, "strict" if args.strict else "lenient"),
          flush=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def console():
    """The `cloudstack-simulator` command of the installed package."""
    sys.exit(main(prog="cloudstack-simulator"))


if __name__ == "__main__":
    sys.exit(main())
