"""Volumes: every instance's ROOT disk, created with the instance and removed when it is expunged."""
from .. import exceptions
from ..registry import Job, command, finisher
from .common import new_id, now
from .resource import Resource

GIB = 1024 ** 3


def make_root_volume(store, vm, template, size_gb=None, volume_id=None, pool=None):
    size = int(size_gb) * GIB if size_gb else template["size"]
    volume = {"id": volume_id or new_id(), "name": "ROOT-%s" % vm["instancename"].split("-")[2], "type": "ROOT",
              "deviceid": 0, "virtualmachineid": vm["id"], "vmname": vm["name"], "vmdisplayname": vm["displayname"],
              "vmtype": "User", "zoneid": vm["zoneid"], "zonename": vm["zonename"], "size": size,
              "virtualsize": size, "physicalsize": size // 4, "state": "Allocated", "storagetype": "shared",
              "provisioningtype": "thin", "hypervisor": vm["hypervisor"], "templateid": template["id"],
              "templatename": template["name"], "templatedisplaytext": template["displaytext"],
              "serviceofferingid": vm["serviceofferingid"], "serviceofferingname": vm["serviceofferingname"],
              "destroyed": False, "isextractable": False, "displayvolume": True, "deleteprotection": False,
              "quiescevm": False, "supportsstoragesnapshot": False, "hasannotations": False, "created": now(),
              "_vm": vm["id"]}
    for field in ("account", "domain", "domainid", "domainpath", "project", "projectid", "_accountid"):
        if field in vm:
            volume[field] = vm[field]
    if pool:
        on_pool(volume, pool)
    return store.put("volume", volume)


def on_pool(volume, pool):
    volume.update(state="Ready", attached=volume.get("attached") or now(), storageid=pool["id"],
                  storage=pool["name"], clusterid=pool["clusterid"], clustername=pool["clustername"],
                  podid=pool["podid"], podname=pool["podname"])


def place_volumes(store, vm, pool):
    """Once the instance runs, its volumes live on the primary storage of its host's cluster."""
    for volume in store.children("volume", vm["id"]):
        if pool:
            on_pool(volume, pool)
        else:
            volume["state"] = "Ready"
        store.put("volume", volume)


def sync_vm_fields(store, vm):
    for volume in store.children("volume", vm["id"]):
        volume.update(vmname=vm["name"], vmdisplayname=vm["displayname"], serviceofferingid=vm["serviceofferingid"],
                      serviceofferingname=vm["serviceofferingname"], destroyed=vm["state"] == "Destroyed")
        store.put("volume", volume)


def remove_volumes(store, vm):
    for volume in list(store.children("volume", vm["id"])):
        VOLUMES.remove(store, volume)


def instance_state(store, volume):
    vm = store.get("virtualmachine", volume["_vm"])
    return {"vmstate": vm["state"]} if vm else {}


def on_host(ctx, volumes, params):
    if params.get("hostid"):
        on_it = {v["id"] for v in ctx.store.all("virtualmachine") if v.get("hostid") == params["hostid"]}
        volumes = [v for v in volumes if v["_vm"] in on_it]
    return volumes


VOLUMES = Resource("volume", "volume", "listVolumes", filters=(
    "virtualmachineid", "storageid", "podid", "clusterid", "serviceofferingid", "displayvolume"),
    text_filters={"type": "type"}, narrow=on_host, keyword_fields=("name", "state"), tagged=True,
    computed=instance_state, jobtype="Volume")


@command("resizeVolume")
def resize_volume(ctx, params):
    """A new size in GB; shrinking needs shrinkok, as CloudStack asks. CloudStack resizes the disks of running
    instances on the hypervisors the simulator stands for."""
    volume = VOLUMES.owned(ctx)
    if volume["state"] not in ("Ready", "Allocated"):
        raise exceptions.invalid("Volume should be in ready or allocated state before attempting a resize. Volume "
                                 "%s is in state %s." % (volume["name"], volume["state"]))
    if params.get("size") is None:
        raise exceptions.invalid("No new size or disk offering given for volume %s" % volume["name"])
    new_size = int(params["size"]) * GIB
    if volume["size"] > new_size and not params.get("shrinkok"):
        raise exceptions.invalid("Going from existing size of %s to size of %s would shrink the volume.Need to sign "
                                 "off by supplying the shrinkok parameter with value of true." % (volume["size"], new_size))
    return Job("volume.resize", {"id": volume["id"], "size": new_size}, "Volume", volume["id"])


@finisher("volume.resize")
def finish_resize(store, args):
    volume = store.get("volume", args["id"])
    volume.update(size=args["size"], virtualsize=args["size"])
    store.put("volume", volume)
    return {"volume": VOLUMES.view(store, volume)}
