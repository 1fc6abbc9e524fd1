"""One request, one transaction: a refused request leaves every table as it was, in memory and in SQLite;
a job's transitional state is what clients see until the job completes."""
import json
import sqlite3
import time

import pytest

from cloudstack_simulator import exceptions, sandbox
from cloudstack_simulator.server import Simulator
from cloudstack_simulator.store import Store
from conftest import sign


class InProcess:
    """A sandbox simulator called without HTTP, so that a test can look at every table it holds."""

    def __init__(self, path=None, job_latency=0.0):
        self.store = Store(path)
        with self.store.transaction():
            sandbox.build_defaults(self.store)
            sandbox.build_sandbox(self.store)
        self.sim = Simulator(self.store, strict=True, job_latency=job_latency)
        self.admin = self.store.first("user", username="admin")

    def call(self, command, **params):
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()}
        params.update(command=command, apiKey=self.admin["apikey"], response="json")
        params["signature"] = sign(params, self.admin["secretkey"])
        status, document = self.sim.dispatch(params, {})[:2]
        if isinstance(document, str):  # lists of VMs come pre-encoded
            document = json.loads(document)
        return status, document[command.lower() + "response"]

    def ok(self, command, **params):
        status, body = self.call(command, **params)
        assert status == 200, body
        return body

    def snapshot(self):
        return json.dumps(self.store.tables, sort_keys=True)


def rows(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT kind, id, data FROM objects ORDER BY rowid").fetchall()


def deployed(cloud, **params):
    zone = cloud.store.first("zone", name="Sandbox-simulator-advanced")
    body = cloud.ok("deployVirtualMachine", zoneid=zone["id"], templateid=cloud.store.first("template")["id"],
                    serviceofferingid=cloud.store.first("serviceoffering", name="Small Instance")["id"], **params)
    cloud.ok("listZones")  # completes the job
    return cloud.store.get("virtualmachine", body["id"])


def test_a_deployment_refused_half_way_leaves_no_trace(tmp_path):
    path = str(tmp_path / "cloud.db")
    cloud = InProcess(path)
    first = deployed(cloud, name="first")
    nic = cloud.store.children("nic", first["id"])[0]
    before, before_rows = cloud.snapshot(), rows(path)
    # the instance group, the VM number and the VM are made before the taken address is found
    status, body = cloud.call("deployVirtualMachine", zoneid=first["zoneid"], templateid=first["templateid"],
                              serviceofferingid=first["serviceofferingid"], networkids=nic["networkid"],
                              ipaddress=nic["ipaddress"], group="fresh-group", name="second")
    assert status == 533 and "is already in use" in body["errortext"]
    assert cloud.snapshot() == before
    assert rows(path) == before_rows
    assert cloud.store.first("instancegroup", name="fresh-group") is None


def test_a_failed_transaction_restores_created_changed_and_deleted_records(tmp_path):
    path = str(tmp_path / "cloud.db")
    store = Store(path)
    with store.transaction():
        for number in range(3):
            store.put("thing", {"id": "t%d" % number, "name": "thing %d" % number, "_list": [number]})
            store.put("tag", {"id": "g%d" % number, "resourceid": "t%d" % number, "key": "k", "value": "v"})
    before, before_rows, revision = json.dumps(store.tables), rows(path), store.revision("t1")
    with pytest.raises(exceptions.ApiError):
        with store.transaction():
            store.get("thing", "t0")["_list"].append(99)  # changed in place, never saved
            changed = store.get("thing", "t1")
            changed["name"] = "renamed"
            store.put("thing", changed)
            store.delete("thing", "t2")
            store.delete("tag", "g2")
            store.put("thing", {"id": "t3", "name": "new"})
            store.put("tag", {"id": "g3", "resourceid": "t0", "key": "k2", "value": "v"})
            raise exceptions.invalid("refused")
    assert json.dumps(store.tables) == before  # same records, same order
    assert rows(path) == before_rows
    assert [t["id"] for t in store.tags_of("t0")] == ["g0"] and [t["id"] for t in store.tags_of("t2")] == ["g2"]
    assert store.revision("t1") > revision  # rendered views of restored records are not reused
    assert Store(path).tables == store.tables


def test_a_request_outside_any_transaction_commits_at_once(tmp_path):
    path = str(tmp_path / "cloud.db")
    store = Store(path)
    store.put("thing", {"id": "t0"})
    assert [row[1] for row in rows(path)] == ["t0"]


def test_the_transitional_state_is_seen_until_the_job_completes():
    cloud = InProcess(job_latency=0.4)
    vm = deployed(cloud, name="mover")
    time.sleep(0.5)
    cloud.ok("listZones")
    assert cloud.store.get("virtualmachine", vm["id"])["state"] == "Running"
    job = cloud.ok("stopVirtualMachine", id=vm["id"])
    listed = cloud.ok("listVirtualMachines", id=vm["id"])["virtualmachine"][0]
    assert listed["state"] == "Stopping"
    assert cloud.ok("queryAsyncJobResult", jobid=job["jobid"])["jobstatus"] == 0
    time.sleep(0.5)
    assert cloud.ok("queryAsyncJobResult", jobid=job["jobid"])["jobstatus"] == 1
    assert cloud.ok("listVirtualMachines", id=vm["id"])["virtualmachine"][0]["state"] == "Stopped"
