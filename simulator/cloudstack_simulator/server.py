"""The protocol layer: HTTP on /client/api (GET and POST), authentication (signatures, sessions),
catalogue validation, paging, async job submission, faults and stats, JSON serialization.
It knows no resource: handlers come from the registry."""
import fnmatch
import http.cookies
import json
import secrets
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import exceptions, models, signing
from . import catalogue
from .context import Context
from .jobs import JobQueue
from .registry import ACCESS_CHECKS, Job, Listing, RawJSON

FAULTS = ("http_500", "http_503", "http_429", "drop", "drop_after", "latency", "job_failure")
TRANSPORT_FAULTS = ("http_500", "http_503", "http_429", "drop", "drop_after", "latency")
UNAUTHENTICATED = {"login"}


class Faults:
    """Queued faults for the next N matching calls (`POST /_sim/faults`); a command may be a glob (`list*`)."""

    def __init__(self):
        self.queue = []
        self.lock = threading.Lock()

    def add(self, spec):
        fault = spec.get("fault")
        if fault not in FAULTS:
            raise ValueError("fault must be one of %s" % ", ".join(FAULTS))
        count = int(spec.get("count", 1))
        if count < 1:
            raise ValueError("count must be at least 1")
        with self.lock:
            self.queue.append({"command": spec.get("command") or "*", "fault": fault, "count": count,
                               "seconds": float(spec.get("seconds", 1.0))})

    def take(self, command, kinds):
        """Consume one matching fault of the given kinds, if any is queued."""
        with self.lock:
            for fault in self.queue:
                if fault["fault"] in kinds and fnmatch.fnmatchcase(command, fault["command"]):
                    fault["count"] -= 1
                    if fault["count"] == 0:
                        self.queue.remove(fault)
                    return fault
        return None

    def clear(self):
        with self.lock:
            self.queue.clear()


class Stats:
    def __init__(self):
        self.calls = {}
        self.lock = threading.Lock()

    def count(self, command):
        with self.lock:
            self.calls[command] = self.calls.get(command, 0) + 1

    def snapshot(self):
        with self.lock:
            return {"total": sum(self.calls.values()), "calls": dict(self.calls)}

    def reset(self):
        with self.lock:
            self.calls.clear()


class Simulator:
    def __init__(self, store, strict=False, job_latency=0.1):
        self.store = store
        self.strict = strict
        self.catalogue = catalogue.shared()
        self.jobs = JobQueue(store, job_latency)
        self.faults = Faults()
        self.stats = Stats()
        self.sessions = {}  # JSESSIONID -> {"sessionkey", "userid"}
        self.handlers = models.handlers()

    # Authentication ----------------------------------------------------------------------------

    def authenticate(self, params, cookies):
        # like ApiServlet: the session key as a parameter, or else the sessionkey cookie set at login
        sessionkey = params.get("sessionkey") or params.get("sessionKey") or (
            cookies.get("sessionkey") if "apiKey" not in params and "apikey" not in params else None)
        if sessionkey:
            session = self.sessions.get(cookies.get("JSESSIONID"))
            if session and secrets.compare_digest(session["sessionkey"], sessionkey):
                user = self.store.get("user", session["userid"])
                if user and user["state"] == "enabled":
                    return user
            raise exceptions.unauthorized()
        apikey = params.get("apiKey") or params.get("apikey")
        user = self.store.first("user", apikey=apikey) if apikey else None
        if user is None or not signing.verify(params, user["secretkey"]):
            raise exceptions.unauthorized()
        version = params.get("signatureVersion") or params.get("signatureversion")
        if version == "3" and signing.expired(params):
            raise exceptions.unauthorized()
        account = self.store.get("account", user["accountid"])
        if user["state"] != "enabled" or account["state"] != "enabled":
            raise exceptions.unauthorized()
        return user

    def login(self, params):
        domain_path = params.get("domain") or "/"
        if not domain_path.startswith("/"):
            domain_path = "/" + domain_path
        domain_path = domain_path.rstrip("/") + "/"
        domain = self.store.first("domain", _path=domain_path) or (
            self.store.first("domain", _path="/") if domain_path in ("ROOT/", "/ROOT/") else None)
        user = self.store.first("user", username=params.get("username"), domainid=domain["id"]) if domain else None
        if user is None or user.get("_password") != signing.hash_password(params.get("password", "")) \
                or user["state"] != "enabled":
            raise exceptions.ApiError(exceptions.ACCOUNT_ERROR, "Failed to authenticate user %s in domain %s; please "
                                      "provide valid credentials" % (params.get("username"), domain_path), 4290)
        account = self.store.get("account", user["accountid"])
        jsessionid, sessionkey = secrets.token_hex(16).upper(), secrets.token_urlsafe(20)
        self.sessions[jsessionid] = {"sessionkey": sessionkey, "userid": user["id"]}
        body = {"username": user["username"], "userid": user["id"], "domainid": user["domainid"],
                "timeout": "1800", "account": account["name"], "firstname": user["firstname"],
                "lastname": user["lastname"], "type": str(account["accounttype"]), "timezone": "UTC",
                "registered": "false", "sessionkey": sessionkey, "issource": "native"}
        return body, {"JSESSIONID": jsessionid, "sessionkey": sessionkey}

    # Dispatch ----------------------------------------------------------------------------------

    def dispatch(self, params, cookies):
        """Run one API call; returns (HTTP status, JSON document, cookies to set)."""
        raw_command = params.get("command", "")
        command = self.catalogue.canonical(raw_command)
        try:
            with self.store.lock:  # never read a table while a failed request's rollback restores it
                if raw_command.lower() == "login":
                    body, new_cookies = self.login(params)
                    return 200, {"loginresponse": body}, new_cookies
                user = self.authenticate(params, cookies)
            if command == "logout":
                self.sessions.pop(cookies.get("JSESSIONID"), None)
                return 200, {"logoutresponse": {"description": "success"}}, None
            if command is None or command not in self.handlers:
                raise exceptions.unknown_command()
            with self.store.lock:
                for check in ACCESS_CHECKS:
                    check(self, user, command)
            typed = self.catalogue.validate(command, params, self.strict)
            with self.store.lock:  # the jobs due first, each in its own transaction
                self.jobs.complete_due()
            with self.store.transaction():  # one request at a time; all its changes, or none if it fails
                self.check_ids(command, typed)
                ctx = Context(self, command, typed, user)
                result = self.handlers[command](ctx, typed)
                body = self.render(ctx, command, result)
            if isinstance(body, RawJSON):
                return 200, RawJSON('{"%sresponse": %s}' % (command.lower(), body)), None
            return 200, {command.lower() + "response": body}, None
        except exceptions.ApiError as error:
            status, document = error.wire(command or raw_command)
            return status, document, None
        except Exception as error:  # a simulator bug: answer like CloudStack's internal error, keep serving
            traceback.print_exc(file=sys.stderr)
            status, document = exceptions.internal("Internal error executing command, please contact your "
                                                   "system administrator: %s" % error).wire(command or raw_command)
            return status, document, None

    def uuids(self, command, typed):
        """[(parameter, uuid)]: the objects the parameters name."""
        out = []
        for name, value in typed.items():
            kind = self.catalogue.param_type(command, name)
            values = value if kind == "list" and name.lower().endswith("ids") else [value] if kind == "uuid" else []
            out += [(name, item) for item in values if item != "-1"]
        return out

    def check_ids(self, command, typed):
        """Like CloudStack's uuid -> id translation: a uuid parameter must name an existing object."""
        for name, item in self.uuids(command, typed):
            if not self.store.exists(item):
                raise exceptions.invalid_uuid(command, name, item)

    def render(self, ctx, command, result):
        if isinstance(result, Listing):
            return self.page(ctx, result)
        if isinstance(result, Job):
            fault = self.faults.take(command, ("job_failure",))
            named = [(name, item) for name, item in self.uuids(command, ctx.params) if self.store.exists(item)]
            job = self.jobs.submit(ctx, result, command, fail=fault is not None, named=named)
            body = {"jobid": job["jobid"]}
            if result.response_id:
                body["id"] = result.response_id
            return body
        return result

    def page(self, ctx, listing):
        limit = int(ctx.setting("default.page.size") or 500)
        pagesize = ctx.params.get("pagesize")
        page = ctx.params.get("page")
        if pagesize is not None and pagesize > limit and pagesize != -1:
            raise exceptions.invalid("Page size can't exceed max allowed page size value: %s" % limit)
        if pagesize == -1 and page is not None:
            raise exceptions.invalid("Can't specify page parameter when pagesize is -1 (Unlimited)")
        records = listing.records
        if not records:
            return {}
        if pagesize != -1:
            size = pagesize or limit
            if size <= 0:
                raise exceptions.invalid("Page size should be greater than 0")
            first = (max(page or 1, 1) - 1) * size
            window = records[first:first + size]
        else:
            window = records
        body = {"count": len(records)}
        if not window:
            return body
        views = [listing.view(r) for r in window]
        if isinstance(views[0], RawJSON):
            key = json.dumps(listing.key or self.catalogue.listkey(ctx.command))
            return RawJSON('{"count": %d, %s: [%s]}' % (len(records), key, ", ".join(views)))
        body[listing.key or self.catalogue.listkey(ctx.command)] = views
        return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Apache-Coyote/1.1"
    sim = None  # set by make_server

    def log_message(self, fmt, *args):  # quiet: tests and benchmarks make many thousands of calls
        return

    def _send(self, status, document, cookies=None, content_type="application/json; charset=UTF-8"):
        if isinstance(document, bytes):
            raw = document
        elif isinstance(document, RawJSON):
            raw = document.encode()
        else:
            raw = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (cookies or {}).items():
            self.send_header("Set-Cookie", "%s=%s; Path=/client; HttpOnly" % (name, value))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self):
        self._route("GET", b"")

    def do_POST(self):
        self._route("POST", self._body())

    def do_DELETE(self):
        self._route("DELETE", self._body())

    def _route(self, method, body):
        url = urlsplit(self.path)
        if url.path.startswith("/_sim/"):
            return self._control(method, url.path[len("/_sim/"):], body)
        if url.path.rstrip("/") != "/client/api":
            return self._send(404, b"Not Found", content_type="text/plain")
        if method == "DELETE":
            return self._send(*exceptions.ApiError(exceptions.METHOD_NOT_ALLOWED, "DELETE is not allowed").wire(None))
        params = {}
        pairs = parse_qsl(url.query, keep_blank_values=True)
        if method == "POST" and "json" not in (self.headers.get("Content-Type") or ""):
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        for key, value in pairs:
            params.setdefault(key, value)
        self._api(params)

    def _api(self, params):
        sim = self.sim
        command = sim.catalogue.canonical(params.get("command")) or params.get("command") or ""
        sim.stats.count(command)
        fault = sim.faults.take(command, TRANSPORT_FAULTS)
        cookies = http.cookies.SimpleCookie(self.headers.get("Cookie") or "")
        if fault:
            kind = fault["fault"]
            if kind in ("drop", "drop_after"):
                if kind == "drop_after":  # the command is applied, its answer lost
                    sim.dispatch(params, {k: m.value for k, m in cookies.items()})
                self.close_connection = True
                return
            if kind == "latency":
                time.sleep(fault["seconds"])
            elif kind == "http_429":
                return self._send(*exceptions.rate_limited().wire(command))
            else:
                status = int(kind[5:])
                text = b"<html><body><h1>%d Service Unavailable</h1></body></html>" if status == 503 else \
                    b"<html><body><h1>%d Internal Server Error</h1></body></html>"
                return self._send(status, text % status, content_type="text/html")
        status, document, new_cookies = sim.dispatch(params, {k: m.value for k, m in cookies.items()})
        self._send(status, document, new_cookies)

    def _control(self, method, path, body):
        sim = self.sim
        try:
            spec = json.loads(body) if body else {}
        except ValueError:
            return self._send(400, {"error": "body must be JSON"})
        if path == "health" and method == "GET":
            return self._send(200, {"status": "ok"})
        if path == "stats" and method == "GET":
            return self._send(200, sim.stats.snapshot())
        if path == "stats" and method == "DELETE":
            sim.stats.reset()
            return self._send(200, {"total": 0, "calls": {}})
        if path == "changes" and method == "GET":
            return self._send(200, {"changes": sim.store.changes})
        if path == "faults" and method == "GET":
            return self._send(200, {"faults": list(sim.faults.queue)})
        if path == "faults" and method == "POST":
            try:
                sim.faults.add(spec)
            except (ValueError, TypeError) as error:
                return self._send(400, {"error": str(error)})
            return self._send(200, {"faults": list(sim.faults.queue)})
        if path == "faults" and method == "DELETE":
            sim.faults.clear()
            return self._send(200, {"faults": []})
        return self._send(404, {"error": "no control endpoint %s %s" % (method, path)})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def make_server(sim, host, port):
    handler = type("BoundHandler", (Handler,), {"sim": sim})
    return Server((host, port), handler)
