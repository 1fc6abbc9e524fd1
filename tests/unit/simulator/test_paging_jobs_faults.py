"""Paging, async jobs, fault injection and call statistics."""
import time

import pytest
import requests
from cs import CloudStackException

from conftest import api_error, client, raw


def test_paging_over_more_than_500_items(start_simulator):
    api = client(start_simulator("--instances", "900"))
    first = api.listVirtualMachines(listall=True, page=1, pagesize=500)
    total = first["count"]
    assert total > 500 and len(first["virtualmachine"]) == 500
    second = api.listVirtualMachines(listall=True, page=2, pagesize=500)
    assert second["count"] == total and len(second["virtualmachine"]) == total - 500
    ids = {v["id"] for v in first["virtualmachine"]} | {v["id"] for v in second["virtualmachine"]}
    assert len(ids) == total
    # without page/pagesize, default.page.size (500) items come back, with the total count
    unpaged = api.listVirtualMachines(listall=True)
    assert unpaged["count"] == total and len(unpaged["virtualmachine"]) == 500
    # cs pages through everything itself
    assert len(api.listVirtualMachines(listall=True, fetch_list=True)) == total


def test_small_pages_and_page_past_the_end(api):
    page = api.listServiceOfferings(issystem=True, page=2, pagesize=1)
    assert page["count"] == 4 and len(page["serviceoffering"]) == 1
    assert api.listServiceOfferings(issystem=True, page=9, pagesize=1) == {"count": 4}


def test_pagesize_above_default_page_size_is_refused(api):
    error = api_error(api.listZones, page=1, pagesize=501)
    assert (error["errorcode"], error["errortext"]) == (
        431, "Page size can't exceed max allowed page size value: 500")
    api.updateConfiguration(name="default.page.size", value="1000")
    assert api.listZones(page=1, pagesize=501)["count"] == 2


def test_empty_list_is_an_empty_object(simulator):
    status, body = raw(simulator, command="listSSHKeyPairs")
    assert status == 200 and body == {"listsshkeypairsresponse": {}}


def deploy_args(world, **extra):
    return dict(zoneid=world.basic["id"], templateid=world.template["id"], serviceofferingid=world.small["id"],
                **extra)


def test_job_is_pending_then_done_and_effects_apply_at_completion(start_simulator):
    sim = start_simulator("--job-latency", "1.0")
    api = client(sim, fetch_result=False)
    from conftest import World
    world = World(api)
    submitted = api.deployVirtualMachine(**deploy_args(world, name="slow"))
    assert set(submitted) == {"jobid", "id"}
    pending = api.queryAsyncJobResult(jobid=submitted["jobid"])
    assert pending["jobstatus"] == 0 and "jobresult" not in pending
    assert api.listVirtualMachines(id=submitted["id"])["virtualmachine"][0]["state"] == "Starting"
    time.sleep(1.1)
    done = api.queryAsyncJobResult(jobid=submitted["jobid"])
    assert done["jobstatus"] == 1 and done["jobresultcode"] == 0
    assert done["jobresult"]["virtualmachine"]["state"] == "Running"
    assert done["jobinstancetype"] == "VirtualMachine" and done["jobinstanceid"] == submitted["id"]
    assert api.listVirtualMachines(id=submitted["id"])["virtualmachine"][0]["state"] == "Running"
    jobs = api.listAsyncJobs()["asyncjobs"]
    assert [j["jobid"] for j in jobs] == [submitted["jobid"]]


def test_second_delete_while_the_first_is_pending_fails_as_the_objects_translation_does(start_simulator):
    """The second job runs once the first removed the object: CloudStack dispatches its command anew, the id names
    nothing any more (431, the text of the parameter's translation); no simulator traceback."""
    sim = start_simulator("--job-latency", "0.5")
    api = client(sim, fetch_result=False)
    from conftest import World
    world = World(api)
    group = client(sim).createAffinityGroup(name="twice", type="host anti-affinity")["affinitygroup"]
    vm = client(sim).deployVirtualMachine(**deploy_args(world, name="twice"))["virtualmachine"]
    jobs = [api.deleteAffinityGroup(id=group["id"]), api.deleteAffinityGroup(id=group["id"]),
            api.destroyVirtualMachine(id=vm["id"], expunge=True), api.destroyVirtualMachine(id=vm["id"], expunge=True)]
    time.sleep(0.6)
    results = [api.queryAsyncJobResult(jobid=job["jobid"]) for job in jobs]
    assert [r["jobstatus"] for r in results] == [1, 2, 1, 2]
    for result, command, oid in ((results[1], "deleteaffinitygroup", group["id"]),
                                 (results[3], "destroyvirtualmachine", vm["id"])):
        assert result["jobresultcode"] == 431
        assert result["jobresult"]["errortext"] == (
            "Unable to execute API command %s due to invalid value. Invalid parameter id value=%s due to incorrect "
            "long value format, or entity does not exist or due to incorrect parameter annotation for the field in "
            "api cmd class." % (command, oid))
    assert api.listAffinityGroups(name="twice") == {} and api.listVirtualMachines(name="twice") == {}
    assert "Traceback" not in sim.read_log()


def test_job_failure_fault_fails_the_next_matching_job(simulator, world, api):
    simulator.admin("faults", {"command": "deployVirtualMachine", "fault": "job_failure", "count": 1})
    with pytest.raises(CloudStackException) as info:
        api.deployVirtualMachine(**deploy_args(world, name="doomed"))
    assert info.value.error["errorcode"] == 530
    vm = api.listVirtualMachines(name="doomed")["virtualmachine"][0]
    assert vm["state"] == "Error"
    jobs = [j for j in api.listAsyncJobs()["asyncjobs"] if j["jobstatus"] == 2]
    assert jobs[0]["jobresultcode"] == 530 and jobs[0]["jobresult"]["errorcode"] == 530
    # the fault was consumed: the next deployment works
    assert api.deployVirtualMachine(**deploy_args(world, name="fine"))["virtualmachine"]["state"] == "Running"


@pytest.mark.parametrize("fault,status", [("http_500", 500), ("http_503", 503), ("http_429", 429)])
def test_http_faults(simulator, fault, status):
    simulator.admin("faults", {"command": "listZones", "fault": fault, "count": 2})
    assert raw_status(simulator, "listZones") == status
    assert raw_status(simulator, "listTemplates", templatefilter="featured") == 200  # other commands unaffected
    assert raw_status(simulator, "listZones") == status
    assert raw_status(simulator, "listZones") == 200


def raw_status(sim, command, **params):
    from conftest import sign
    params = dict(params, command=command, apiKey=sim.key, response="json")
    params["signature"] = sign(params, sim.secret)
    return requests.get(sim.endpoint, params=params, timeout=30).status_code


def test_drop_closes_the_connection(simulator):
    simulator.admin("faults", {"command": "*", "fault": "drop", "count": 1})
    with pytest.raises(requests.exceptions.ConnectionError):
        raw_status(simulator, "listZones")
    assert raw_status(simulator, "listZones") == 200


def test_drop_after_applies_the_command_then_closes_the_connection(simulator, api):
    simulator.admin("faults", {"command": "createInstanceGroup", "fault": "drop_after", "count": 1})
    changes = simulator.admin("changes")["changes"]
    with pytest.raises(requests.exceptions.ConnectionError):
        api.createInstanceGroup(name="lost-answer")
    assert [g["name"] for g in api.listInstanceGroups(name="lost-answer")["instancegroup"]] == ["lost-answer"]
    assert simulator.admin("changes")["changes"] > changes
    assert simulator.admin("faults") == {"faults": []}


def test_fault_command_glob_and_changes_of_failed_requests(simulator, api):
    simulator.admin("faults", {"command": "list*", "fault": "http_503", "count": 2})
    assert raw_status(simulator, "listZones") == 503
    assert raw_status(simulator, "queryAsyncJobResult", jobid="x") != 503  # not a list command
    assert raw_status(simulator, "listTemplates", templatefilter="featured") == 503
    assert raw_status(simulator, "listZones") == 200
    changes = simulator.admin("changes")["changes"]
    assert raw_status(simulator, "createInstanceGroup") == 431  # refused: nothing committed
    assert simulator.admin("changes")["changes"] == changes


def test_latency_fault_and_clearing_faults(simulator):
    simulator.admin("faults", {"command": "listZones", "fault": "latency", "seconds": 0.6, "count": 1})
    start = time.monotonic()
    assert raw_status(simulator, "listZones") == 200
    assert time.monotonic() - start >= 0.6
    simulator.admin("faults", {"command": "listZones", "fault": "http_500", "count": 5})
    simulator.admin("faults", method="DELETE")
    assert raw_status(simulator, "listZones") == 200


def test_bad_fault_spec_is_400(simulator):
    with pytest.raises(Exception) as info:
        simulator.admin("faults", {"command": "listZones", "fault": "meteor"})
    assert "400" in str(info.value)


def test_stats_count_calls_per_command(simulator, api):
    simulator.reset_stats()
    api.listZones()
    api.listZones()
    api.listTemplates(templatefilter="featured")
    stats = simulator.stats()
    assert stats == {"total": 3, "calls": {"listZones": 2, "listTemplates": 1}}
    assert simulator.reset_stats() == {"total": 0, "calls": {}}
    assert simulator.stats()["total"] == 0
    assert simulator.admin("health") == {"status": "ok"}


def test_a_vm_shows_the_job_acting_on_it(start_simulator):
    """While a job acts on a VM, its views show the job (jobid, jobstatus 0, as user_vm_view joins the pending job);
    the job's result and later views do not."""
    sim = start_simulator("--job-latency", "0.5")
    api = client(sim, fetch_result=False)
    from conftest import World
    submitted = api.deployVirtualMachine(**deploy_args(World(api), name="watched"))
    listed = api.listVirtualMachines(id=submitted["id"])["virtualmachine"][0]
    assert (listed["jobid"], listed["jobstatus"]) == (submitted["jobid"], 0)
    time.sleep(0.6)
    done = api.queryAsyncJobResult(jobid=submitted["jobid"])["jobresult"]["virtualmachine"]
    listed = api.listVirtualMachines(id=submitted["id"])["virtualmachine"][0]
    assert "jobid" not in done and "jobid" not in listed and listed["state"] == "Running"
