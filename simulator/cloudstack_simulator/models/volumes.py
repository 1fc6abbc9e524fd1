"""Volumes (CloudStack's VolumeApiServiceImpl): every instance's ROOT disk, created with the instance and removed
when it is expunged, and DATADISK volumes created from a disk offering, attached to and detached from instances,
resized, migrated between primary storage pools and deleted. A data volume is Allocated until it is attached to a
running instance (then Ready, on the storage pool of the instance's root disk). extractVolume gives a download URL
on the zone's secondary storage; uploadVolume registers a volume from a URL (UploadOp, then Uploaded)."""
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Job, command, finisher
from . import capacity, limits
from .common import new_id, now, owner_fields, resolve_owner
from .snapshots import remove_policies
from .resource import Resource

GIB = 1024 ** 3


def make_root_volume(store, vm, template, size_gb=None, volume_id=None, pool=None, charge=False):
    """The instance's ROOT disk; `charge`: count its size against the owner's primary storage limit first (a
    deployment; the sandbox's bulk fill does not)."""
    size = int(size_gb) * GIB if size_gb else template["size"]
    if charge:
        limits.charge(store, store.get("account", vm["_accountid"]), "primary_storage", size)
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
    """An expunged instance takes its ROOT disk with it; its data disks stay, detached (as CloudStack does)."""
    for volume in list(store.children("volume", vm["id"])):
        if volume["type"] == "ROOT":
            VOLUMES.remove(store, volume)
        else:
            finish_detach(store, {"id": volume["id"]})


def instance_state(store, volume):
    vm = store.get("virtualmachine", volume["_vm"]) if volume.get("_vm") else None
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


# Data volumes ----------------------------------------------------------------------------------

# HypervisorCapabilities' max_data_volumes_limit (the Simulator's own row says 6, as XenServer's).
MAX_DATA_VOLUMES = {"KVM": 26, "VMware": 59, "XenServer": 6, "Hyperv": 64, "LXC": 26, "Simulator": 6}
CD_ROM_DEVICE = 3  # CloudStack keeps device 3 for the CD-ROM: data disks skip it


def reparent(store, volume, vmid):
    """Attach to or detach from an instance: the store indexes volumes by instance, so the record goes again."""
    store.delete("volume", volume["id"])
    volume["_vm"] = vmid
    return store.put("volume", volume)


def offering_of(ctx, name="diskofferingid"):
    offering = ctx.lookup("diskoffering", name)
    if offering is not None and offering.get("state", "Active") != "Active":
        raise exceptions.invalid("Please specify a valid disk offering.")
    return offering


def custom_size(offering, size, required_text):
    """The size in bytes a disk offering gives: its own, or the custom size (in GB) it requires."""
    if offering["iscustomized"]:
        if size is None:
            raise exceptions.invalid(required_text)
        if int(size) <= 0:
            raise exceptions.invalid("Disk size must be larger than 0")
        return int(size) * GIB
    if size is not None:
        raise exceptions.invalid("This disk offering does not allow custom size")
    return int(offering["disksize"]) * GIB


def iops(offering, params):
    """(miniops, maxiops): the task's for an offering with custom IOPS, else the offering's."""
    if not offering.get("iscustomizediops"):
        return offering.get("miniops"), offering.get("maxiops")
    low, high = params.get("miniops"), params.get("maxiops")
    if low is None and high is None:
        return 0, 0
    if low is None or low <= 0:
        raise exceptions.invalid("The min IOPS must be greater than 0.")
    if high is not None and low > high:
        raise exceptions.invalid("The min IOPS must be less than or equal to the max IOPS.")
    return low, high or 0


def offering_fields(offering):
    return {"diskofferingid": offering["id"], "diskofferingname": offering["name"],
            "diskofferingdisplaytext": offering["displaytext"], "storagetype": offering.get("storagetype", "shared"),
            "provisioningtype": offering.get("provisioningtype", "thin")}


@command("createVolume")
def create_volume(ctx, params):
    """A DATADISK of a disk offering (Allocated until an instance that runs gets it), attached at once to
    `virtualmachineid` when given. Creating from a snapshot needs the snapshot's table, which the simulator has not."""
    account, project = resolve_owner(ctx, params)
    display = params.get("displayvolume")
    if display is not None and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot update parameter displayvolume, only admin permitted ")
    limits.charge_volume(ctx.store, account)
    if params.get("snapshotid") is None and params.get("diskofferingid") is None:
        raise exceptions.invalid("At least one of disk Offering ID or snapshot ID must be passed whilst creating volume")
    ctx.lookup("snapshot", "snapshotid")
    offering = offering_of(ctx)
    size = custom_size(offering, params.get("size"), "This disk offering requires a custom size specified")
    miniops, maxiops = iops(offering, params)
    limits.charge_volume(ctx.store, account, size, count=0)
    zone = ctx.store.get("zone", params.get("zoneid")) if params.get("zoneid") else None
    if zone is None:
        raise exceptions.invalid("Unable to find zone by id %s" % params.get("zoneid"))
    if zone["allocationstate"] == "Disabled" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot perform this operation, Zone is currently disabled: %s" % zone["id"])
    vm = ctx.lookup("virtualmachine", "virtualmachineid")
    volume = {"id": params.get("customid") or new_id(), "name": params.get("name") or new_id(), "type": "DATADISK",
              "zoneid": zone["id"], "zonename": zone["name"], "size": size, "virtualsize": size, "physicalsize": 0,
              "state": "Allocated", "miniops": miniops, "maxiops": maxiops, "hypervisor": "None", "destroyed": False,
              "isextractable": True, "displayvolume": display is not False, "deleteprotection": False,
              "quiescevm": False, "supportsstoragesnapshot": False, "hasannotations": False, "created": now(),
              "_vm": None}
    volume.update(offering_fields(offering))
    volume.update(owner_fields(ctx.store, account, project))
    ctx.store.put("volume", volume)
    if vm is not None:
        check_attach(ctx, volume, vm, None)
    return Job("volume.create", {"id": volume["id"], "vm": vm and vm["id"]}, "Volume", volume["id"])


@finisher("volume.create")
def finish_create(store, args):
    volume = store.get("volume", args["id"])
    if args["vm"]:
        attach(store, volume, store.get("virtualmachine", args["vm"]), None)
    return {"volume": VOLUMES.view(store, volume)}


def data_disks(store, vm):
    return [v for v in store.children("volume", vm["id"]) if v["type"] == "DATADISK"]


def check_attach(ctx, volume, vm, deviceid):
    """attachVolumeToVM's checks, in CloudStack's order, with its messages."""
    if volume["type"] not in ("DATADISK", "ROOT"):
        raise exceptions.invalid("Please specify a volume with the valid type: ROOT or DATADISK")
    if volume.get("_vm"):
        raise exceptions.invalid("Please specify a volume that is not attached to any VM.")
    if volume["state"] == "Destroy":
        raise exceptions.invalid("Please specify a volume that is not destroyed.")
    if vm.get("vmtype", "User") != "User":
        raise exceptions.invalid("Please specify a valid User VM.")
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.invalid("Please specify a VM that is either running or stopped.")
    if vm["zoneid"] != volume["zoneid"]:
        raise exceptions.invalid("Please specify a VM that is in the same zone as the volume.")
    if deviceid == 0:
        raise exceptions.invalid("Vm already has root volume attached to it")
    limit = MAX_DATA_VOLUMES.get(vm["hypervisor"], 6)
    if len(data_disks(ctx.store, vm)) >= limit:
        raise exceptions.invalid("The specified VM already has the maximum number of data disks (%d) attached. Please "
                                 "specify another VM." % limit)
    if deviceid is not None and any(v.get("deviceid") == deviceid for v in ctx.store.children("volume", vm["id"])):
        raise exceptions.invalid("deviceId %d is used by vm %s" % (deviceid, vm["id"]))
    ctx.check_owner(vm)
    if volume["state"] not in ("Allocated", "Ready", "Uploaded"):
        raise exceptions.invalid("Volume state must be in Allocated, Ready or in Uploaded state")
    if volume.get("storageid") and volume["hypervisor"] not in ("None", vm["hypervisor"]):
        raise exceptions.invalid("Can't attach a volume created by: %s to a %s vm" % (volume["hypervisor"],
                                                                                      vm["hypervisor"]))


def free_device(store, vm):
    used = {v.get("deviceid") for v in store.children("volume", vm["id"])}
    return next(n for n in range(1, 1000) if n != CD_ROM_DEVICE and n not in used)


def root_pool(store, vm):
    root = next((v for v in store.children("volume", vm["id"]) if v["type"] == "ROOT"), None)
    return store.get("storagepool", root.get("storageid")) if root and root.get("storageid") else None


def attach(store, volume, vm, deviceid):
    volume.update(virtualmachineid=vm["id"], vmname=vm["name"], vmdisplayname=vm["displayname"], vmtype="User",
                  deviceid=deviceid if deviceid is not None else free_device(store, vm), attached=now(),
                  hypervisor=vm["hypervisor"])
    if vm["state"] == "Running":
        pool = pool_for_attach(store, volume, vm)
        if pool:
            on_pool(volume, pool)
        volume["state"] = "Ready"
    return reparent(store, volume, vm["id"])


def pool_for_attach(store, volume, vm):
    """VolumeOrchestrator.createVolume's findStoragePool for a volume attached to a running instance: the pool it is
    on or the root disk's first, then the others its host reaches, with room for it; none is a 530 (the job fails)."""
    root, host = root_pool(store, vm), store.get("host", vm.get("hostid") or "")
    current = volume.get("storageid") or (root and root["id"])
    pools = capacity.host_pools(store, host, current) if host else [root] if root else []
    if not pools:
        return None
    pool = capacity.pool_for_volumes(store, pools, [volume])
    if pool is None:
        raise exceptions.internal('Unable to find suitable primary storage when creating volume [{"name":"%s",'
                                  '"uuid":"%s"}].' % (volume["name"], volume["id"]))
    return pool


@command("attachVolume")
def attach_volume(ctx, params):
    volume = VOLUMES.owned(ctx)
    vm = ctx.lookup("virtualmachine", "virtualmachineid")
    check_attach(ctx, volume, vm, params.get("deviceid"))
    return Job("volume.attach", {"id": volume["id"], "vm": vm["id"], "deviceid": params.get("deviceid")}, "Volume",
               volume["id"])


@finisher("volume.attach")
def finish_attach(store, args):
    volume = attach(store, store.get("volume", args["id"]), store.get("virtualmachine", args["vm"]), args["deviceid"])
    return {"volume": VOLUMES.view(store, volume)}


@command("detachVolume")
def detach_volume(ctx, params):
    """By id, or by the tuple (device id, instance id), as CloudStack takes it."""
    by_id, by_device = params.get("id"), (params.get("deviceid"), params.get("virtualmachineid"))
    if (by_id is None) == (None in by_device) or (by_id is not None and any(v is not None for v in by_device)):
        raise exceptions.invalid("Please provide either a volume id, or a tuple(device id, instance id)")
    if by_id:
        volume = VOLUMES.owned(ctx)
    else:
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        volume = next((v for v in ctx.store.children("volume", vm["id"]) if v.get("deviceid") == by_device[0]), None)
        if volume is None:
            raise exceptions.invalid("Unable to find volume with ID: null")
        ctx.check_owner(volume)
    if not volume.get("_vm"):
        raise exceptions.invalid("The specified volume is not attached to a VM.")
    vm = ctx.store.get("virtualmachine", volume["_vm"])
    if vm["state"] not in ("Running", "Stopped", "Destroyed"):
        raise exceptions.invalid("Please specify a VM that is either running or stopped.")
    if volume["type"] == "ROOT" and vm["state"] != "Stopped":
        raise exceptions.invalid("Root volume detach can happen only when vm is in states: Stopped or Destroyed")
    return Job("volume.detach", {"id": volume["id"]}, "Volume", volume["id"])


@finisher("volume.detach")
def finish_detach(store, args):
    volume = store.get("volume", args["id"])
    for field in ("virtualmachineid", "vmname", "vmdisplayname", "vmtype", "deviceid", "attached"):
        volume.pop(field, None)
    volume = reparent(store, volume, None)
    return {"volume": VOLUMES.view(store, volume)}


def refuse_attached(ctx, volume):
    if volume.get("_vm"):
        raise exceptions.invalid("Please specify a volume that is not attached to any VM.")


VOLUMES.delete_command("deleteVolume", refuse=refuse_attached)(remove_policies)


@command("migrateVolume")
def migrate_volume(ctx, params):
    """To another pool of the volume's zone (its cluster's when the instance runs: live, with livemigrate)."""
    volume = VOLUMES.owned(ctx, "volumeid")
    pool = ctx.lookup("storagepool", "storageid")
    if volume["state"] != "Ready":
        raise exceptions.invalid("Volume must be in ready state")
    if volume.get("storageid") == pool["id"]:
        raise exceptions.invalid("Volume %s is already on the destination storage pool" % volume["name"])
    vm = ctx.store.get("virtualmachine", volume["_vm"]) if volume.get("_vm") else None
    live = vm is not None and vm["state"] == "Running"
    if live and not params.get("livemigrate"):
        raise exceptions.invalid("The volume %sis attached to a vm and for migrating it the parameter livemigrate "
                                 "should be specified" % volume["name"])
    if pool["state"] != "Up":
        raise exceptions.invalid("Cannot migrate volume %sto the destination storage pool %s as the storage pool is "
                                 "in maintenance mode." % (volume["name"], pool["name"]))
    if pool["zoneid"] != volume["zoneid"] or (live and pool.get("clusterid") not in (None, volume.get("clusterid"))):
        raise exceptions.invalid("Cannot migrate a volume of a virtual machine to a storage pool in a different "
                                 "cluster")
    return Job("volume.migrate", {"id": volume["id"], "pool": pool["id"]}, "Volume", volume["id"])


@finisher("volume.migrate")
def finish_migrate(store, args):
    volume = store.get("volume", args["id"])
    on_pool(volume, store.get("storagepool", args["pool"]))
    store.put("volume", volume)
    return {"volume": VOLUMES.view(store, volume)}


@command("resizeVolume")
def resize_volume(ctx, params):
    """A new size in GB, or a new disk offering (with a size when it is custom); shrinking needs shrinkok, as
    CloudStack asks. CloudStack resizes the disks of running instances on the hypervisors the simulator stands for."""
    volume = VOLUMES.owned(ctx)
    if volume["state"] not in ("Ready", "Allocated"):
        raise exceptions.invalid("Volume should be in ready or allocated state before attempting a resize. Volume "
                                 "%s is in state %s." % (volume["name"], volume["state"]))
    offering = offering_of(ctx)
    current = ctx.store.get("diskoffering", volume.get("diskofferingid")) if volume.get("diskofferingid") else None
    if offering is not None:
        new_size = custom_size(offering, params.get("size"), "The new disk offering requires that a size be specified.")
        miniops, maxiops = iops(offering, params)
    elif volume["type"] == "ROOT" or (current and current["iscustomized"]):
        if params.get("size") is None:
            raise exceptions.invalid("No new size or disk offering given for volume %s" % volume["name"])
        new_size = int(params["size"]) * GIB
        miniops, maxiops = params.get("miniops", volume.get("miniops")), params.get("maxiops", volume.get("maxiops"))
    else:
        raise exceptions.invalid("To change a volume's size without providing a new disk offering, its current disk "
                                 "offering must be customizable or it must be a root volume (if providing a disk "
                                 "offering, make sure it is different from the current disk offering).")
    if volume["size"] > new_size and not params.get("shrinkok"):
        raise exceptions.invalid("Going from existing size of %s to size of %s would shrink the volume.Need to sign "
                                 "off by supplying the shrinkok parameter with value of true." % (volume["size"], new_size))
    if new_size > volume["size"]:
        account = ctx.store.get("account", volume["_accountid"])
        limits.charge_volume(ctx.store, account, new_size - volume["size"], count=0)
    return Job("volume.resize", {"id": volume["id"], "size": new_size, "offering": offering and offering["id"],
                                 "miniops": miniops, "maxiops": maxiops}, "Volume", volume["id"])


@finisher("volume.resize")
def finish_resize(store, args):
    volume = store.get("volume", args["id"])
    pool = store.get("storagepool", volume.get("storageid") or "")
    if pool and not capacity.pool_has_space(store, pool, args["size"] - volume["size"]):
        raise exceptions.internal("Storage pool %s does not have enough space to resize volume %s"
                                  % (pool["name"], volume["name"]))
    volume.update(size=args["size"], virtualsize=args["size"])
    if args.get("offering"):
        volume.update(offering_fields(store.get("diskoffering", args["offering"])))
    for field in ("miniops", "maxiops"):
        if args.get(field) is not None:
            volume[field] = args[field]
    store.put("volume", volume)
    return {"volume": VOLUMES.view(store, volume)}


@command("updateVolume")
def update_volume(ctx, params):
    """The name and whether the owner sees the volume (root admins only); path, state, storage and chain info are
    CloudStack's own bookkeeping, which the simulator does not keep."""
    volume = VOLUMES.owned(ctx)
    if params.get("displayvolume") is not None:
        if not ctx.is_root_admin:
            raise exceptions.permission_denied("Cannot update parameter displayvolume, only admin permitted ")
        volume["displayvolume"] = params["displayvolume"]
    for field in ("name", "deleteprotection"):
        if params.get(field) is not None:
            volume[field] = params[field]
    ctx.store.put("volume", volume)
    return VOLUMES.answer(ctx, volume)


# Extract and upload ----------------------------------------------------------------------------

EXTRACT_MODES = ("HTTP_DOWNLOAD", "FTP_UPLOAD")
UPLOAD_FORMATS = ("QCOW2", "RAW", "VHD", "VHDX", "OVA", "VMDK", "TAR")
UPLOADED_SIZE = GIB  # what the simulator says an uploaded file holds (it downloads nothing)


def check_extract(ctx, volume, params):
    """VolumeApiServiceImpl's checks before an extraction, in its order and words."""
    if volume.get("storageid") is None:
        raise exceptions.invalid("The volume doesn't belong to a storage pool so can't extract it")
    vm = ctx.store.get("virtualmachine", volume["_vm"]) if volume.get("_vm") else None
    if vm is not None and vm["state"] != "Stopped":
        raise exceptions.permission_denied("Invalid state of the volume with specified ID. It should be either detached "
                                           "or the VM should be in stopped state.")
    template = ctx.store.get("template", volume.get("templateid")) if volume["type"] != "DATADISK" else None
    if template is not None and not template.get("isextractable") and not ctx.is_root_admin:
        raise exceptions.permission_denied("The volume with specified volumeId is not allowed to be extracted")
    if params["mode"] not in EXTRACT_MODES:
        raise exceptions.invalid("Please specify a valid extract Mode ")


@command("extractVolume")
def extract_volume(ctx, params):
    zone = ctx.lookup("zone", "zoneid")
    volume = VOLUMES.owned(ctx)
    check_extract(ctx, volume, params)
    image = ctx.store.first("imagestore", zoneid=zone["id"])
    if image is None:
        raise exceptions.invalid("Secondary storage to satisfy storage needs cannot be found for zone: %s" % zone["id"])
    return Job("volume.extract", {"id": volume["id"], "zone": zone["id"], "mode": params["mode"],
                                  "host": urlsplit(image["url"] or "").hostname or "secondary"}, "Volume", volume["id"])


@finisher("volume.extract")
def finish_extract(store, args):
    volume, zone = store.get("volume", args["id"]), store.get("zone", args["zone"])
    extension = "qcow2" if volume.get("hypervisor") == "KVM" else "vhd"
    return {"volume": {"id": volume["id"], "name": volume["name"], "extractId": new_id(), "extractMode": args["mode"],
                       "state": "DOWNLOAD_URL_CREATED", "status": "", "uploadpercentage": 100,
                       "url": "http://%s/userdata/%s.%s" % (args["host"], new_id(), extension),
                       "zoneid": zone["id"], "zonename": zone["name"], "accountid": volume.get("_accountid"),
                       "storagetype": volume.get("storagetype"), "created": now()}}


@command("uploadVolume")
def upload_volume(ctx, params):
    """A DATADISK from the file at `url`, in UploadOp until the job has it, then Uploaded (attachable)."""
    zone = ctx.lookup("zone", "zoneid")
    if params["format"].upper() not in UPLOAD_FORMATS:
        raise exceptions.invalid("Image format: %s is incorrect. Supported formats are %s"
                                 % (params["format"], ", ".join(UPLOAD_FORMATS)))
    if not params["url"].lower().startswith(("http://", "https://")):
        raise exceptions.invalid("Unsupported scheme for url: %s" % params["url"])
    account, project = resolve_owner(ctx, params)
    limits.charge_volume(ctx.store, account)
    offering = offering_of(ctx)
    size = int(offering["disksize"]) * GIB if offering and not offering["iscustomized"] else UPLOADED_SIZE
    volume = {"id": new_id(), "name": params["name"], "type": "DATADISK", "zoneid": zone["id"],
              "zonename": zone["name"], "size": size, "virtualsize": size, "physicalsize": size, "state": "UploadOp",
              "format": params["format"].upper(), "hypervisor": "None", "destroyed": False, "isextractable": True,
              "displayvolume": True, "deleteprotection": False, "quiescevm": False, "supportsstoragesnapshot": False,
              "hasannotations": False, "created": now(), "_vm": None, "_url": params["url"]}
    if offering is not None:
        volume.update(offering_fields(offering))
    volume.update(owner_fields(ctx.store, account, project))
    ctx.store.put("volume", volume)
    return Job("volume.upload", {"id": volume["id"]}, "Volume", volume["id"])


@finisher("volume.upload")
def finish_upload(store, args):
    volume = store.get("volume", args["id"])
    volume["state"] = "Uploaded"
    store.put("volume", volume)
    return {"volume": VOLUMES.view(store, volume)}
