"""queryAsyncJobResult and listAsyncJobs."""
from .. import exceptions
from ..jobs import view
from ..registry import Listing, command
from .common import visible


@command("queryAsyncJobResult")
def query_async_job_result(ctx, params):
    job = ctx.store.get("asyncjob", params["jobid"])
    if job is None:
        raise exceptions.invalid_uuid(ctx.command, "jobid", params["jobid"])
    if job["_accountid"] != ctx.account["id"] and not ctx.is_root_admin:
        raise exceptions.permission_denied("Account %s does not have permission to access job %s"
                                           % (ctx.account["name"], job["jobid"]))
    return view(job)


@command("listAsyncJobs")
def list_async_jobs(ctx, params):
    jobs = visible(ctx, ctx.store.all("asyncjob"), params)
    if params.get("startdate"):
        start = params["startdate"].strftime("%Y-%m-%dT%H:%M:%S")
        jobs = [j for j in jobs if j["created"][:19] >= start]
    return Listing(jobs, view)
