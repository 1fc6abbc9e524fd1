"""Templates from volumes and snapshots, extraction, ISOs that download and update, volume snapshots and their
policies, instance snapshots with CloudStack's state rules."""
import time

from conftest import api_error


def deploy(api, world, name, **extra):
    return api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"], name=name,
                                    serviceofferingid=world.small["id"], **extra)["virtualmachine"]


def root_volume(api, vm):
    return api.listVolumes(virtualmachineid=vm["id"], type="ROOT")["volume"][0]


def test_iso_downloads_then_updates(api, world):
    iso = api.registerIso(name="tools", displaytext="Tools", url="http://example.com/tools.iso",
                          zoneid=world.basic["id"])["iso"][0]
    assert (iso["isready"], iso["status"]) == (False, "Downloading")
    time.sleep(0.6)
    listed = api.listIsos(isofilter="self", id=iso["id"])["iso"][0]
    assert (listed["isready"], listed["status"]) == (True, "Successfully Installed")
    updated = api.updateIso(id=iso["id"], displaytext="Guest tools", bootable=False)["iso"]
    assert (updated["displaytext"], updated["bootable"]) == ("Guest tools", False)
    assert api.listIsos(isofilter="self", isready=True, bootable=False)["iso"][0]["id"] == iso["id"]


def test_template_from_volume_and_snapshot(api, world):
    vm = deploy(api, world, "tpl-src")
    volume = root_volume(api, vm)
    ostype = api.listOsTypes(description="Other (64-bit)")["ostype"][0]
    error = api_error(api.createTemplate, name="gold", displaytext="Gold", ostypeid=ostype["id"],
                      volumeid=volume["id"])
    assert error["errorcode"] == 530 and "please stop the VM first" in error["errortext"]
    error = api_error(api.createTemplate, name="gold", displaytext="Gold", ostypeid=ostype["id"])
    assert "neither volume ID nor snapshot ID" in error["errortext"]
    snapshot = api.createSnapshot(volumeid=volume["id"])["snapshot"]
    assert (snapshot["state"], snapshot["snapshottype"]) == ("BackedUp", "MANUAL")
    from_snapshot = api.createTemplate(name="gold", displaytext="Gold", ostypeid=ostype["id"],
                                       snapshotid=snapshot["id"])["template"]
    assert (from_snapshot["isready"], from_snapshot["zoneid"], from_snapshot["format"]) == (True, world.basic["id"], "RAW")
    api.stopVirtualMachine(id=vm["id"])
    from_volume = api.createTemplate(name="silver", displaytext="Silver", ostypeid=ostype["id"],
                                     volumeid=volume["id"])["template"]
    assert from_volume["sourcetemplateid"] == world.template["id"]
    assert {t["name"] for t in api.listTemplates(templatefilter="self")["template"]} == {"gold", "silver"}
    assert api.deleteSnapshot(id=snapshot["id"]) == {"success": True}
    assert api.listSnapshots() == {}


def test_extract_template(api, world):
    registered = api.registerTemplate(name="extractable", displaytext="x", format="QCOW2", hypervisor="KVM",
                                      url="http://example.com/x.qcow2", zoneid=world.basic["id"],
                                      isextractable=True)["template"][0]
    assert "not yet ready" in api_error(api.extractTemplate, id=registered["id"], mode="HTTP_DOWNLOAD")["errortext"]
    time.sleep(0.6)
    assert "valid extract Mode" in api_error(api.extractTemplate, id=registered["id"], mode="SCP")["errortext"]
    extracted = api.extractTemplate(id=registered["id"], mode="HTTP_DOWNLOAD", zoneid=world.basic["id"])["template"]
    assert extracted["url"].endswith(".qcow2") and extracted["state"] == "DOWNLOAD_URL_CREATED"


def test_snapshot_policies(api, world):
    vm = deploy(api, world, "policy-src")
    volume = root_volume(api, vm)
    policy = api.createSnapshotPolicy(volumeid=volume["id"], intervaltype="daily", schedule="30:02", maxsnaps=4,
                                      timezone="Europe/Berlin")["snapshotpolicy"]
    assert (policy["intervaltype"], policy["schedule"], policy["maxsnaps"], policy["timezone"]) == (
        1, "30:02", 4, "Europe/Berlin")
    again = api.createSnapshotPolicy(volumeid=volume["id"], intervaltype="DAILY", schedule="00:03", maxsnaps=2,
                                     timezone="UTC")["snapshotpolicy"]
    assert again["id"] == policy["id"] and api.listSnapshotPolicies(volumeid=volume["id"])["count"] == 1
    for schedule, interval in (("61", "hourly"), ("00:24", "daily"), ("00:01:8", "weekly"), ("00:01", "monthly")):
        error = api_error(api.createSnapshotPolicy, volumeid=volume["id"], intervaltype=interval, schedule=schedule,
                          maxsnaps=1, timezone="UTC")
        assert "invalid schedule [%s]" % schedule in error["errortext"]
    assert "Unsupported interval type" in api_error(api.createSnapshotPolicy, volumeid=volume["id"],
                                                    intervaltype="yearly", schedule="1", maxsnaps=1,
                                                    timezone="UTC")["errortext"]
    assert "maxSnaps exceeds limit" in api_error(api.createSnapshotPolicy, volumeid=volume["id"],
                                                 intervaltype="hourly", schedule="1", maxsnaps=9,
                                                 timezone="UTC")["errortext"]
    assert api.deleteSnapshotPolicies(id=policy["id"])["success"] in (True, "true")
    assert api.listSnapshotPolicies(volumeid=volume["id"]) == {}


def test_vm_snapshots_follow_the_instance_state(api, world):
    vm = deploy(api, world, "snap-src")
    disk = api.createVMSnapshot(virtualmachineid=vm["id"], name="disk", description="before")["vmsnapshot"]
    assert (disk["type"], disk["state"], disk["current"], disk["displayname"]) == ("Disk", "Ready", True, "disk")
    memory = api.createVMSnapshot(virtualmachineid=vm["id"], name="mem", snapshotmemory=True)["vmsnapshot"]
    assert (memory["type"], memory["parent"]) == ("DiskAndMemory", disk["id"])
    assert "already exists" in api_error(api.createVMSnapshot, virtualmachineid=vm["id"], name="disk")["errortext"]
    error = api_error(api.revertToVMSnapshot, vmsnapshotid=disk["id"])
    assert error["errorcode"] == 431 and "first stop the Instance" in error["errortext"]
    reverted = api.revertToVMSnapshot(vmsnapshotid=memory["id"])["virtualmachine"]
    assert reverted["id"] == vm["id"]
    api.stopVirtualMachine(id=vm["id"])
    error = api_error(api.createVMSnapshot, virtualmachineid=vm["id"], name="m2", snapshotmemory=True)
    assert error["errortext"] == "Can not Snapshot memory when the Instance is not in Running state"
    assert "first start the Instance" in api_error(api.revertToVMSnapshot, vmsnapshotid=memory["id"])["errortext"]
    api.revertToVMSnapshot(vmsnapshotid=disk["id"])
    listed = api.listVMSnapshot(virtualmachineid=vm["id"])["vmsnapshot"]
    assert {s["displayname"]: s["current"] for s in listed} == {"disk": True, "mem": False}
    assert api.listVMSnapshot(name="mem")["vmsnapshot"][0]["id"] == memory["id"]
    assert api.deleteVMSnapshot(vmsnapshotid=disk["id"]) == {"success": True}
    assert "parent" not in api.listVMSnapshot(vmsnapshotid=memory["id"])["vmsnapshot"][0]
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert api.listVMSnapshot() == {}


def test_permissions_and_iso_in_the_cd_rom(api, world):
    vm = deploy(api, world, "cd-rom")
    iso = api.registerIso(name="rescue", displaytext="Rescue", url="http://example.com/rescue.iso",
                          zoneid=world.basic["id"])["iso"][0]
    assert "Ready state" in api_error(api.attachIso, id=iso["id"], virtualmachineid=vm["id"])["errortext"]
    time.sleep(0.6)
    assert api.attachIso(id=iso["id"], virtualmachineid=vm["id"])["virtualmachine"]["isoname"] == "rescue"
    assert "already attached" in api_error(api.attachIso, id=iso["id"], virtualmachineid=vm["id"])["errortext"]
    assert "isoid" not in api.detachIso(virtualmachineid=vm["id"])["virtualmachine"]
    assert "no ISO attached" in api_error(api.detachIso, virtualmachineid=vm["id"])["errortext"]
    assert api.updateIsoPermissions(id=iso["id"], ispublic=True, isfeatured=True)["success"] in (True, "true")
    assert api.listIsos(isofilter="featured", id=iso["id"])["iso"][0]["ispublic"] is True
