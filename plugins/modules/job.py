#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: job
short_description: Await CloudStack async jobs
description:
  - Wait for one or many asynchronous jobs of CloudStack to end, all at once, and return how each ended.
  - The jobs are those that tasks left running with O(cloudstack.cloud.instance#module:wait=false) (their
    C(job_id)) or that M(cloudstack.cloud.api_request) started with O(cloudstack.cloud.api_request#module:wait=false)
    (its C(response.jobid)); start many, then await them in one task, while CloudStack runs them side by side.
  - Each round asks CloudStack only about the jobs still running (C(queryAsyncJobResult)).
  - The task fails when a job failed, naming it with CloudStack's error, unless O(fail_on_job_failure=false); a job
    still running after O(wait_timeout) fails the task too.
  - The module only reads; it never reports a change, and it runs in check mode as well.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  id:
    description:
      - The ids of the jobs to await; the same id given twice is awaited once.
    type: list
    elements: str
    required: true
    aliases: [ids, job_id, job_ids]
  fail_on_job_failure:
    description:
      - Whether a job that failed fails the task. With V(false) the task succeeds and RV(jobs) tells which failed.
    type: bool
    default: true
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only reads; in check mode it awaits the jobs too.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
"""

EXAMPLES = r"""
- name: Deploy three instances without waiting for each
  cloudstack.cloud.instance:
    name: "web-{{ item }}"
    zone: zone-01
    template: debian-12
    service_offering: Small Instance
    wait: false
  loop: [1, 2, 3]
  register: deployed

- name: Await their deployments together
  cloudstack.cloud.job:
    id: "{{ deployed.results | selectattr('job_id', 'defined') | map(attribute='job_id') | list }}"
    wait_timeout: 900

- name: Start a command with api_request and await it later, without failing on its failure
  cloudstack.cloud.api_request:
    command: restartNetwork
    params:
      id: "{{ network_id }}"
    wait: false
  register: restart

- name: Await it
  cloudstack.cloud.job:
    id: "{{ restart.response.jobid }}"
    fail_on_job_failure: false
  register: awaited
"""

RETURN = r"""
jobs:
  description: Every job awaited, in the order given, as it ended.
  returned: always
  type: list
  elements: dict
  contains:
    job_id:
      description: Id of the job.
      type: str
    command:
      description: The API command the job ran (CloudStack's class name of it, as C(queryAsyncJobResult) gives it).
      type: str
      sample: org.apache.cloudstack.api.command.user.vm.DeployVMCmd
    status:
      description: V(succeeded) or V(failed).
      type: str
    result:
      description: The job's result (what the command answers once it ended), when it succeeded.
      type: dict
    error_code:
      description: CloudStack's error code, when it failed.
      type: int
      sample: 530
    error_text:
      description: CloudStack's error text, when it failed.
      type: str
  sample: [{"job_id": "3f9a0d2e-2c1b-4b3a-9a55-5a1f0c3e7d10", "status": "succeeded", "command": "...DeployVMCmd",
            "result": {"virtualmachine": {"name": "web-1", "state": "Running"}}}]
failed_jobs:
  description: The ids of the jobs that failed.
  returned: always
  type: list
  elements: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.module import CloudStackModule

JOB_SUCCEEDED = 1


def outcome(jobid, job):
    """A job as the module returns it."""
    result = job.get("jobresult") or {}
    out = dict(job_id=jobid, command=job.get("cmd"))
    if job.get("jobstatus") == JOB_SUCCEEDED and not job.get("jobresultcode"):
        return dict(out, status="succeeded", result=result)
    return dict(out, status="failed", error_code=result.get("errorcode"), error_text=result.get("errortext"))


def main():
    module = CloudStackModule(
        dict(id=dict(type="list", elements="str", required=True, aliases=["ids", "job_id", "job_ids"]),
             fail_on_job_failure=dict(type="bool", default=True)),
        waits=True, supports_check_mode=True)
    ids = [jobid for jobid in dict.fromkeys(module.params["id"]) if jobid]
    if not ids:
        module.fail("id: no job id given (an empty list or empty strings)")
    with module.errors():
        ended = module.client.await_jobs(ids, module.params["wait_timeout"])
    jobs = [outcome(jobid, ended[jobid]) for jobid in ids]
    failed = [job for job in jobs if job["status"] == "failed"]
    result = dict(changed=False, jobs=jobs, failed_jobs=[job["job_id"] for job in failed])
    if failed and module.params["fail_on_job_failure"]:
        module.fail("%d of %d jobs failed: %s" % (len(failed), len(jobs), "; ".join(
            "%s: %s %s" % (job["job_id"], job["error_code"], job["error_text"]) for job in failed)), **result)
    module.exit(**result)


if __name__ == "__main__":
    main()
