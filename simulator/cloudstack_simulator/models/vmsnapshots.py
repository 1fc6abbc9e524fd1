"""Instance snapshots (CloudStack's VMSnapshotManagerImpl): createVMSnapshot of a running or stopped instance, with
its memory only when it runs (type DiskAndMemory, else Disk); revertToVMSnapshot (a disk-only snapshot on a stopped
instance, one with memory on a running one); deleteVMSnapshot. The latest snapshot of an instance is its current one."""
import datetime

from .. import exceptions
from ..registry import Job, command, finisher
from .common import now, owner_fields
from .resource import Resource

# HypervisorCapabilities' vm_snapshot_enabled
SNAPSHOT_HYPERVISORS = ("Simulator", "KVM", "XenServer", "VMware", "Hyperv")
DEFAULT_MAX = 10  # vmsnapshot.max


def narrow(ctx, snapshots, params):
    """listVMSnapshot names its snapshots by `vmsnapshotid`/`vmsnapshotids`."""
    if params.get("vmsnapshotid"):
        snapshots = [s for s in snapshots if s["id"] == params["vmsnapshotid"]]
    if params.get("vmsnapshotids"):
        snapshots = [s for s in snapshots if s["id"] in params["vmsnapshotids"]]
    return snapshots


VM_SNAPSHOTS = Resource("vmsnapshot", "vmsnapshot", "listVMSnapshot", filters=("virtualmachineid", "state"),
                        narrow=narrow, tagged=True, jobtype="VMSnapshot", keyword_fields=("name", "displayname"),
                        name_field="displayname")


def of_vm(store, vm):
    return list(store.find("vmsnapshot", virtualmachineid=vm["id"]))


@command("createVMSnapshot")
def create_vm_snapshot(ctx, params):
    """allocVMSnapshot's checks, in its order and words."""
    store = ctx.store
    vm = ctx.store.get("virtualmachine", params["virtualmachineid"])
    if vm is None or vm.get("vmtype", "User") != "User":
        raise exceptions.invalid("Creating Instance Snapshot failed because Instance:%s is a System VM or does not "
                                 "exist" % params["virtualmachineid"])
    memory = bool(params.get("snapshotmemory"))
    if vm["hypervisor"] not in SNAPSHOT_HYPERVISORS:
        raise exceptions.invalid("Instance Snapshot is not enabled for hypervisor type: %s" % vm["hypervisor"])
    for field in ("name", "description"):
        if len(params.get(field) or "") > 255:
            raise exceptions.invalid("Creating Instance Snapshot failed due to length of Instance Snapshot %s should "
                                     "not exceed 255" % ("vsDisplayName" if field == "name" else "vsDescription"))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
    internal_name = "%s_VS_%s" % (vm["instancename"], stamp)
    display = params.get("name") or internal_name
    if any(s["displayname"] == display for s in of_vm(store, vm)):
        raise exceptions.invalid("Creating Instance Snapshot failed because Instance Snapshot with name%s  already "
                                 "exists" % display)
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.invalid("Creating Instance Snapshot failed because Instance:%s is not in Running or Stopped "
                                 "state" % vm["id"])
    if memory and vm["state"] != "Running":
        raise exceptions.invalid("Can not Snapshot memory when the Instance is not in Running state")
    ctx.check_owner(vm)
    limit = int(ctx.setting("vmsnapshot.max") or DEFAULT_MAX)
    if len(of_vm(store, vm)) >= limit:
        raise exceptions.internal("Creating Instance Snapshot failed due to a Instance can just have : %d Instance "
                                  "Snapshots. Please delete old ones" % limit)
    if any(s["state"] not in ("Ready", "Error") for s in of_vm(store, vm)):
        raise exceptions.internal("There are other active Instance Snapshot tasks on the Instance, please try again "
                                  "later")
    snapshot = {"name": internal_name, "displayname": display, "description": params.get("description"),
                "type": "DiskAndMemory" if memory else "Disk", "state": "Allocated", "current": False,
                "created": now(), "virtualmachineid": vm["id"], "virtualmachinename": vm["name"],
                "hypervisor": vm["hypervisor"], "zoneid": vm["zoneid"], "zonename": vm["zonename"],
                "hasannotations": False}
    account = store.get("account", vm["_accountid"])
    project = store.get("project", vm["projectid"]) if vm.get("projectid") else None
    snapshot.update(owner_fields(store, account, project))
    record = VM_SNAPSHOTS.insert(store, snapshot, account, project)
    return Job("vmsnapshot.create", {"id": record["id"]}, "VMSnapshot", record["id"])


@finisher("vmsnapshot.create")
def finish_create(store, args):
    snapshot = store.get("vmsnapshot", args["id"])
    vm = store.get("virtualmachine", snapshot["virtualmachineid"])
    for other in of_vm(store, vm):
        if other["current"]:
            other["current"] = False
            store.put("vmsnapshot", other)
            snapshot.update(parent=other["id"], parentName=other["displayname"])
    snapshot.update(state="Ready", current=True)
    store.put("vmsnapshot", snapshot)
    return {"vmsnapshot": VM_SNAPSHOTS.view(store, snapshot)}


def active_tasks(store, snapshot):
    vm = store.get("virtualmachine", snapshot["virtualmachineid"])
    return vm is not None and any(s["state"] in ("Creating", "Expunging", "Reverting", "Allocated")
                                  for s in of_vm(store, vm) if s["id"] != snapshot["id"])


@command("deleteVMSnapshot")
def delete_vm_snapshot(ctx, params):
    snapshot = ctx.lookup("vmsnapshot", "vmsnapshotid")
    ctx.check_owner(snapshot)
    if snapshot["state"] not in ("Ready", "Expunging", "Error"):
        raise exceptions.invalid("Can't delete the Instance Snapshotshot %s due to it is not in Created or Error, or "
                                 "Expunging State" % snapshot["displayname"])
    if active_tasks(ctx.store, snapshot):
        raise exceptions.invalid("There are other active Instance Snapshot tasks on the Instance, please try again "
                                 "later")
    return Job("vmsnapshot.delete", {"id": snapshot["id"]}, "VMSnapshot", snapshot["id"])


@finisher("vmsnapshot.delete")
def finish_delete(store, args):
    snapshot = store.get("vmsnapshot", args["id"])
    for child in store.find("vmsnapshot", parent=snapshot["id"]):
        child.update(parent=snapshot.get("parent"), parentName=snapshot.get("parentName"))
        store.put("vmsnapshot", child)
    VM_SNAPSHOTS.remove(store, snapshot)
    return {"success": True}


@command("revertToVMSnapshot")
def revert_to_vm_snapshot(ctx, params):
    store = ctx.store
    snapshot = ctx.lookup("vmsnapshot", "vmsnapshotid")
    vm = store.get("virtualmachine", snapshot["virtualmachineid"])
    if active_tasks(store, snapshot):
        raise exceptions.invalid("There are other active Instance Snapshot tasks on the Instance, please try again "
                                 "later")
    ctx.check_owner(snapshot)
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.invalid("Instance Snapshot reverting failed because the Instance is not in Running or "
                                 "Stopped state.")
    if vm["state"] == "Running" and snapshot["type"] == "Disk":
        raise exceptions.invalid(
            "Reverting to the Instance Snapshot is not allowed for running Instances as this would result in an "
            "Instance state change. For running Instances only Snapshots with memory can be reverted. In order to "
            "revert to a Snapshot without memory you need to first stop the Instance.")
    if vm["state"] == "Stopped" and snapshot["type"] == "DiskAndMemory":
        raise exceptions.invalid(
            "Reverting to the Instance Snapshot is not allowed for stopped Instances when the Snapshot contains memory "
            "as this would result in an Instance state change. In order to revert to a Snapshot with memory you need "
            "to first start the Instance.")
    if snapshot["state"] != "Ready":
        raise exceptions.invalid("Instance Snapshot reverting failed because the Instance Snapshot is not in Created "
                                 "state.")
    return Job("vmsnapshot.revert", {"id": snapshot["id"]}, "VirtualMachine", vm["id"])


@finisher("vmsnapshot.revert")
def finish_revert(store, args):
    """The reverted snapshot becomes the instance's current one."""
    from .virtualmachines import VMS  # virtualmachines imports this module (remove_vm_snapshots)
    snapshot = store.get("vmsnapshot", args["id"])
    for other in store.find("vmsnapshot", virtualmachineid=snapshot["virtualmachineid"]):
        if other["current"] != (other["id"] == snapshot["id"]):
            other["current"] = other["id"] == snapshot["id"]
            store.put("vmsnapshot", other)
    return {"virtualmachine": VMS.view(store, store.get("virtualmachine", snapshot["virtualmachineid"]))}


def remove_vm_snapshots(store, vm):
    """An expunged instance takes its snapshots with it."""
    for snapshot in of_vm(store, vm):
        VM_SNAPSHOTS.remove(store, snapshot)
