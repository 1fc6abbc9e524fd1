# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CloudStack API client, on top of the ``cs`` library.

``cs`` signs requests, pages lists (``fetch_list``) and decodes answers. This module adds what
it lacks, through a ``requests`` session that ``cs`` sends every request through:
- every request is counted (``calls``) and, with a logger, logged with secrets masked;
- transient failures (connection errors, timeouts, HTTP 429, HTTP 5xx without a CloudStack
  error body) are retried with exponential backoff, but only for reads (list*, get*, query*,
  which includes polling async jobs): a write that may have reached the server is never re-sent;
- a TLS failure (such as a certificate that cannot be verified) is not transient: one attempt,
  and a message that says how to fix it;
- errors become CloudStackApiError(command, errorcode, errortext), never carrying a secret;
- async jobs are awaited with a deadline, polling quickly first, then every ``poll_interval``.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    from urllib.parse import parse_qsl, urlsplit
except ImportError:  # pragma: no cover
    from urlparse import parse_qsl, urlsplit

try:
    import requests
    from cs import CloudStack, CloudStackApiException, CloudStackException
    HAS_CS = True
    CS_IMPORT_ERROR = None
except ImportError as exc:  # reported by the modules through missing_required_lib
    HAS_CS = False
    CS_IMPORT_ERROR = exc
    requests = None

READ_PREFIXES = ("list", "get", "query")
RETRY_STATUSES = (429, 500, 502, 503, 504)
JOB_PENDING, JOB_SUCCEEDED = 0, 1
MASK = "********"
SUBMITTERS = 4  # requests submit_all() has in flight at once
SECRET_PARAM = re.compile(r"^(apikey|signature|userdata|privatekey|sessionkey)$|password|secret|token|psk|presharedkey", re.IGNORECASE)
QUERY_STRING = re.compile(r"\?\S*")


class CloudStackApiError(Exception):
    """CloudStack refused or failed a command: ``command``, ``errorcode`` and ``errortext``."""

    def __init__(self, command, errorcode, errortext):
        self.command = command
        self.errorcode = errorcode
        self.errortext = errortext
        super(CloudStackApiError, self).__init__(
            "CloudStack API %s failed: errorcode %s: %s" % (command, errorcode, errortext)
            if errorcode is not None else "CloudStack API %s failed: %s" % (command, errortext))


class CloudStackTransportError(CloudStackApiError):
    """No usable answer (connection, timeout, HTTP error without a CloudStack error body).

    For a write, the command may or may not have been applied: re-read before acting again.
    ``errorcode`` is the HTTP status when there was one.
    """


class CloudStackJobTimeout(CloudStackApiError):
    """An async job did not finish before the deadline; ``jobid`` names it, it may still finish."""

    def __init__(self, command, jobid, seconds):
        self.jobid = jobid
        super(CloudStackJobTimeout, self).__init__(
            command, None, "async job %s did not finish within %s seconds (it may still complete)" % (jobid, seconds))


def job_failure(command, jobid, result):
    """The error of a failed async job: CloudStack's code and text, and the job's id."""
    text = result.get("errortext")
    error = CloudStackApiError(command, result.get("errorcode"),
                               "%s (async job %s)" % (text, jobid) if text else "async job %s failed" % jobid)
    error.jobid = jobid
    return error


def is_read(command):
    return command.startswith(READ_PREFIXES)


def mask_params(params):
    """A copy of the request parameters with every secret value masked."""
    return dict((k, MASK if SECRET_PARAM.search(k) else v) for k, v in params.items())


def request_params(prepared):
    """The parameters of a prepared request, from its query string (GET) or form body (POST)."""
    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return dict(parse_qsl(body or urlsplit(prepared.url).query, keep_blank_values=True))


def is_cloudstack_error(response):
    """True when the body is CloudStack's own error document (a refusal, not a transient fault)."""
    if not response.headers.get("Content-Type", "").startswith(("application/json", "text/javascript")):
        return False
    try:
        values = list(response.json().values())
    except ValueError:
        return False
    return len(values) == 1 and isinstance(values[0], dict) and "errorcode" in values[0]


def tls_failure(endpoint, exc):
    """What to say when the TLS connection failed: no retry can fix it, the settings can."""
    reason = QUERY_STRING.sub("?...", str(exc))
    if "CERTIFICATE_VERIFY_FAILED" in reason:
        return ("the TLS certificate of %s could not be verified (%s); give the CA bundle that signed it in "
                "api_verify_ssl_cert (or CLOUDSTACK_VERIFY), or set validate_certs: false to skip the check "
                "(insecure)" % (endpoint, reason))
    return "the TLS connection to %s failed (%s); check the URL's scheme and port and the TLS settings" % (endpoint, reason)


def is_transient(response):
    return response.status_code == 429 or (response.status_code in RETRY_STATUSES and not is_cloudstack_error(response))


if HAS_CS:
    class CountingSession(requests.Session):
        """The session cs sends every request through: counts, logs, retries reads."""

        def __init__(self, client):
            super(CountingSession, self).__init__()
            self.client = client

        def send(self, request, **kwargs):
            params = request_params(request)
            command = params.get("command", "?")
            attempts = 1 + (self.client.retries if is_read(command) else 0)
            attempt = 0
            while True:
                attempt += 1
                self.client.count_call(command, params)
                started = time.monotonic()
                try:
                    response = super(CountingSession, self).send(request, **kwargs)
                except requests.exceptions.SSLError as exc:
                    raise CloudStackTransportError(command, None, tls_failure(self.client.endpoint, exc))
                except requests.exceptions.RequestException as exc:
                    # requests' messages carry the URL, and so the api key and signature: drop the query.
                    reason = "%s: %s" % (type(exc).__name__, QUERY_STRING.sub("?...", str(exc)))
                    if attempt == attempts:
                        raise CloudStackTransportError(command, None, "no answer from %s (%s)%s" % (
                            self.client.endpoint, reason, "" if is_read(command) else "; the command may have been applied"))
                    self.client.backoff(command, attempt, attempts, reason)
                    continue
                self.client.log("  -> HTTP %s in %.3fs" % (response.status_code, time.monotonic() - started))
                if attempt == attempts or not is_transient(response):
                    return response
                self.client.backoff(command, attempt, attempts, "HTTP %s" % response.status_code,
                                    response.headers.get("Retry-After"))


class CloudStackClient:
    """A CloudStack API client; ``config`` is the dict returned by config.resolve_config."""

    def __init__(self, config, logger=None, retries=4, retry_backoff=0.5, max_retry_delay=10.0,
                 poll_interval=2.0, wait_timeout=600):
        self.logger = logger
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.max_retry_delay = max_retry_delay
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        self.endpoint = config.get("endpoint")
        self.calls = 0
        self._lock = threading.Lock()
        self._cs = CloudStack(session=CountingSession(self), retry=0, fetch_result=False, **config)

    def log(self, message):
        if self.logger:
            self.logger(message)

    def count_call(self, command, params):
        with self._lock:
            self.calls += 1
            number = self.calls
        if self.logger:
            shown = mask_params(params)
            for noise in ("command", "response", "signatureVersion", "expires"):
                shown.pop(noise, None)
            self.log("API call %d: %s %s" % (number, command, shown))

    def backoff(self, command, attempt, attempts, reason, retry_after=None):
        delay = min(self.retry_backoff * 2 ** (attempt - 1), self.max_retry_delay)
        if retry_after and retry_after.isdigit():
            delay = min(max(delay, float(retry_after)), self.max_retry_delay)
        self.log("  %s failed transiently (%s); retry %d of %d in %.2fs" % (command, reason, attempt, attempts - 1, delay))
        time.sleep(delay)

    def _request(self, command, params, fetch_list=False):
        try:
            return getattr(self._cs, command)(fetch_list=fetch_list, **params)
        except CloudStackApiException as exc:
            error = exc.error if isinstance(exc.error, dict) else {}
            status = getattr(exc.response, "status_code", None)
            raise CloudStackApiError(command, error.get("errorcode", status), error.get("errortext") or str(exc.error))
        except CloudStackException as exc:
            status = getattr(exc.response, "status_code", None)
            raise CloudStackTransportError(command, status, " ".join(str(a) for a in exc.args) + (
                "" if is_read(command) else " (the command may have been applied)"))

    def call(self, command, wait=True, wait_timeout=None, **params):
        """One command. An async command's job is awaited when ``wait``: returns its ``jobresult``.

        Without ``wait`` an async command returns ``{"jobid": ..., "id": ...}`` at once.
        """
        data = self._request(command, params)
        if wait and isinstance(data, dict) and "jobid" in data and not is_read(command):
            return self.await_job(command, data["jobid"], wait_timeout)
        return data

    def list(self, command, **params):
        """Every item of a list command, across all pages."""
        return self._request(command, params, fetch_list=True)

    def submit_all(self, commands, parallel=SUBMITTERS):
        """Send every (key, command, params) of ``commands`` without waiting for its job, ``parallel`` requests at a
        time. Returns {key: the answer (with ``jobid`` for an async command), or the CloudStackApiError that refused
        it}, in the order given; await the jobs together with outcomes()."""
        def send(item):
            key, command, params = item
            try:
                return key, self.call(command, wait=False, **params)
            except CloudStackApiError as exc:
                return key, exc
        if len(commands) < 2 or parallel < 2:
            return dict(send(item) for item in commands)
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            return dict(pool.map(send, commands))

    def outcomes(self, jobs, wait_timeout=None):
        """Await the jobs {key: (command, job id)} at once (await_jobs). Returns {key: the job's result, or the
        CloudStackApiError of its failure}: one failure does not stop the others."""
        ended = self.await_jobs([jobid for _command, jobid in jobs.values()], wait_timeout) if jobs else {}
        out = {}
        for key, (command, jobid) in jobs.items():
            job = ended[jobid]
            result = job.get("jobresult") or {}
            if job.get("jobstatus") != JOB_SUCCEEDED or job.get("jobresultcode"):
                result = job_failure(command, jobid, result)
            out[key] = result
        return out

    def await_job(self, command, jobid, wait_timeout=None):
        """Poll ``queryAsyncJobResult`` until the job ends; a failed job raises with its code and text."""
        job = self.await_jobs([jobid], wait_timeout, command)[jobid]
        result = job.get("jobresult") or {}
        if job.get("jobstatus") != JOB_SUCCEEDED or job.get("jobresultcode"):
            raise job_failure(command, jobid, result)
        return result

    def await_jobs(self, jobids, wait_timeout=None, command="queryAsyncJobResult"):
        """Poll every job until all have ended, each round asking only about those still running (CloudStack runs
        them side by side: one wait covers them all). Returns {job id: the job as queryAsyncJobResult answers it};
        a job still running at the deadline raises CloudStackJobTimeout naming it."""
        timeout = wait_timeout or self.wait_timeout
        start = time.monotonic()
        deadline = start + timeout
        pending, ended = list(dict.fromkeys(jobids)), {}
        while True:
            for jobid in pending:
                job = self._request("queryAsyncJobResult", {"jobid": jobid})
                if job.get("jobstatus") != JOB_PENDING:
                    ended[jobid] = job
            pending = [jobid for jobid in pending if jobid not in ended]
            if not pending:
                return ended
            # The pause grows with the time waited (half of it, from 0.05 s up to poll_interval): a job is seen ended
            # at most half as late again as it took, with a few more polls than pauses that double (which saw a 1.6 s
            # job ended at 3.15 s).
            now = time.monotonic()
            delay = min(max(0.05, (now - start) / 2), self.poll_interval)
            if now + delay > deadline:
                raise CloudStackJobTimeout(command, pending[0], timeout)
            time.sleep(delay)
