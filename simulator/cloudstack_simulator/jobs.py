"""Async jobs: created by async commands, completed (their effects applied) once their latency has
passed. Completion is lazy: every API request first completes the jobs that are due, so what a
client observes is the same as with a background worker.

The transitional state of an async command is observable: the handler sets it (a VM `Starting`, a
host `PrepareForMaintenance`) in the request's transaction, and it stays visible for the job's
latency (`--job-latency`, or the `Job`'s own `latency`) until the finisher sets the final state in
the job's transaction. A finisher that fails leaves none of its changes; the registered rollback
then undoes the transitional state (a deployed VM ends in `Error`)."""
import bisect
import sys
import time
import traceback

from . import exceptions
from .models.common import new_id, now
from .registry import FINISHERS

PENDING, SUCCEEDED, FAILED = 0, 1, 2
# The objects whose views show the job acting on them (jobid, jobstatus: user_vm_view's join on async_job), by
# jobinstancetype: the record keeps the pending job's id as `_jobid`.
SHOWS_JOB = {"VirtualMachine": "virtualmachine"}


def due(job):
    return job["_due"]


class JobQueue:
    def __init__(self, store, latency):
        self.store = store
        self.latency = latency
        self.pending = []
        for job in store.all("asyncjob"):  # left pending by a management server that stopped (a --state file)
            if job["jobstatus"] == PENDING:
                self._cancel(job)

    def _cancel(self, job):
        """End a job the management server was running when it stopped, as CloudStack's AsyncJobManagerImpl does when
        it starts again (cleanupMSId: failed, 530), its transitional state undone as for any failed job."""
        rollback = FINISHERS[job["_finish"]][1]
        with self.store.transaction():
            if rollback:
                rollback(self.store, job["_args"])
            self._record(job, FAILED, exceptions.INTERNAL_ERROR, {
                "errorcode": exceptions.INTERNAL_ERROR,
                "errortext": "job cancelled because of management server restart or shutdown"})

    def submit(self, ctx, job, command, fail=False, named=()):
        """Queue the job of an async command; `named`: [(parameter, uuid)] of the objects its parameters name, which
        CloudStack translates again when the job runs (ApiAsyncJobDispatcher dispatches the command anew)."""
        jobid = new_id()
        latency = self.latency if job.latency is None else job.latency
        record = {
            "id": jobid, "jobid": jobid, "cmd": command, "created": now(),
            "userid": ctx.user["id"], "accountid": ctx.account["id"], "account": ctx.account["name"],
            "domainid": ctx.account["domainid"], "_accountid": ctx.account["id"],
            "jobstatus": PENDING, "jobprocstatus": 0, "jobresultcode": 0,
            "_due": time.time() + latency, "_finish": job.finish, "_args": job.args, "_fail": fail,
            "_named": [list(pair) for pair in named],
        }
        if job.instancetype:
            record.update(jobinstancetype=job.instancetype, jobinstanceid=job.instanceid)
        self.store.put("asyncjob", record)
        self._mark(record, jobid)
        bisect.insort(self.pending, record, key=due)
        return record

    def _mark(self, job, jobid):
        """Show the job on the object it acts on (the latest one); with jobid None, once it ended, show it no more."""
        kind = SHOWS_JOB.get(job.get("jobinstancetype"))
        target = self.store.get(kind, job["jobinstanceid"]) if kind else None
        if target is None or (jobid is None and target.get("_jobid") != job["jobid"]):
            return
        target["_jobid"] = jobid
        self.store.put(kind, target)

    def complete_due(self):
        moment = time.time()
        while self.pending and self.pending[0]["_due"] <= moment:
            job = self.pending.pop(0)
            if self.store.get("asyncjob", job["id"]) is job:  # else its request failed after submitting it
                self._complete(job)

    def _complete(self, job):
        finish, rollback = FINISHERS[job["_finish"]]
        gone = [(name, item) for name, item in job.get("_named", ()) if not self.store.exists(item)]
        if gone:  # an object went meanwhile (a second delete queued while the first was pending): the command fails
            error = exceptions.invalid_uuid(job["cmd"], *gone[0])  # as its parameters' translation does
            with self.store.transaction():
                self._record(job, FAILED, error.errorcode, {"errorcode": error.errorcode, "errortext": error.errortext})
            return
        try:
            with self.store.transaction():
                if job["_fail"]:
                    raise exceptions.internal("Job failed as requested by the simulator's job_failure fault")
                self._mark(job, None)  # its result shows the object as it is once the job ended
                result = finish(self.store, job["_args"])
                self._record(job, SUCCEEDED, 0, result)
        except Exception as error:  # noqa: BLE001 - a job's failure is its result, whatever the cause
            if not isinstance(error, exceptions.ApiError):  # a simulator bug: fail like CloudStack's internal error
                traceback.print_exc(file=sys.stderr)
                error = exceptions.internal("Internal error executing command: %s" % error)
            with self.store.transaction():
                if rollback:
                    rollback(self.store, job["_args"])
                self._record(job, FAILED, error.errorcode,
                             {"errorcode": error.errorcode, "errortext": error.errortext})

    def _record(self, job, status, code, result):
        job.update(jobstatus=status, jobresultcode=code, jobresulttype="object", jobresult=result, completed=now())
        self.store.put("asyncjob", job)
        self._mark(job, None)


def view(job):
    out = {k: v for k, v in job.items() if not k.startswith("_") and k != "id"}
    return out
