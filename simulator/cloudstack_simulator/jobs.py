"""Async jobs: created by async commands, completed (their effects applied) once the job latency has
passed. Completion is lazy: every API request first completes the jobs that are due, so what a
client observes is the same as with a background worker."""
import time

from . import exceptions
from .models.common import new_id, now
from .registry import FINISHERS

PENDING, SUCCEEDED, FAILED = 0, 1, 2


class JobQueue:
    def __init__(self, store, latency):
        self.store = store
        self.latency = latency
        self.pending = sorted((j for j in store.all("asyncjob") if j["jobstatus"] == PENDING),
                              key=lambda j: j["_due"])

    def submit(self, ctx, job, command, fail=False):
        jobid = new_id()
        record = {
            "id": jobid, "jobid": jobid, "cmd": command, "created": now(),
            "userid": ctx.user["id"], "accountid": ctx.account["id"], "account": ctx.account["name"],
            "domainid": ctx.account["domainid"], "_accountid": ctx.account["id"],
            "jobstatus": PENDING, "jobprocstatus": 0, "jobresultcode": 0,
            "_due": time.time() + self.latency, "_finish": job.finish, "_args": job.args, "_fail": fail,
        }
        if job.instancetype:
            record.update(jobinstancetype=job.instancetype, jobinstanceid=job.instanceid)
        self.store.put("asyncjob", record)
        self.pending.append(record)
        return record

    def complete_due(self):
        moment = time.time()
        while self.pending and self.pending[0]["_due"] <= moment:
            self._complete(self.pending.pop(0))

    def _complete(self, job):
        finish, rollback = FINISHERS[job["_finish"]]
        with self.store.batch():
            try:
                if job["_fail"]:
                    raise exceptions.internal("Job failed as requested by the simulator's job_failure fault")
                result = finish(self.store, job["_args"])
                job.update(jobstatus=SUCCEEDED, jobresultcode=0, jobresulttype="object", jobresult=result)
            except exceptions.ApiError as error:
                if rollback:
                    rollback(self.store, job["_args"])
                job.update(jobstatus=FAILED, jobresultcode=error.errorcode, jobresulttype="object",
                           jobresult={"errorcode": error.errorcode, "errortext": error.errortext})
            job["completed"] = now()
            self.store.put("asyncjob", job)


def view(job):
    out = {k: v for k, v in job.items() if not k.startswith("_") and k != "id"}
    return out
