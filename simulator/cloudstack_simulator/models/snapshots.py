"""Volume snapshots and their recurring policies (CloudStack's SnapshotManagerImpl): createSnapshot takes a
snapshot of a Ready volume (BackedUp once its job completes); createSnapshotPolicy schedules them, one policy per
volume and interval type (a second create for the same interval updates it, as CloudStack does)."""
import datetime
import zoneinfo

from .. import exceptions
from ..registry import Job, command, finisher
from . import limits
from .common import now, success
from .resource import Resource

INTERVALS = ("HOURLY", "DAILY", "WEEKLY", "MONTHLY")  # DateUtil.IntervalType: the response gives the index
SCHEDULE_PARTS = {"HOURLY": ((0, 59),), "DAILY": ((0, 59), (0, 23)), "WEEKLY": ((0, 59), (0, 23), (1, 7)),
                  "MONTHLY": ((0, 59), (0, 23), (1, 28))}  # MM[:HH[:DD]], as DateUtil.getNextRunTime reads them
DEFAULT_MAX_SNAPS = 8  # snapshot.max.hourly, .daily, .weekly and .monthly


def volume_description(volume):
    return "Volume [id: %s, name: %s]" % (volume["id"], volume["name"])


def snapshot_volume(ctx, name="volumeid"):
    """The volume a snapshot or a policy is for: the caller's, and Ready."""
    volume = ctx.lookup("volume", name)
    ctx.check_owner(volume)
    if volume["state"] != "Ready":
        raise exceptions.invalid("%s is not in Ready state but %s. Cannot take snapshot."
                                 % (volume_description(volume), volume["state"]))
    template = ctx.store.get("template", volume.get("templateid")) if volume.get("templateid") else None
    if template is not None and template["templatetype"] == "SYSTEM":
        raise exceptions.invalid("%s is a system VM volume, cannot take snapshot" % volume_description(volume))
    return volume


def volume_owner(store, volume):
    """(account, project) of a volume: what it is snapshotted for belongs to them too."""
    project = store.get("project", volume["projectid"]) if volume.get("projectid") else None
    return store.get("account", volume["_accountid"]), project


# Snapshots -------------------------------------------------------------------------------------

SNAPSHOTS = Resource("snapshot", "snapshot", "listSnapshots", filters=("volumeid", "snapshottype", "intervaltype"),
                     tagged=True, jobtype="Snapshot")


@command("createSnapshot")
def create_snapshot(ctx, params):
    store = ctx.store
    volume = snapshot_volume(ctx)
    account, project = volume_owner(store, volume)
    limits.charge(store, account, "snapshot")
    vm = store.get("virtualmachine", volume["_vm"]) if volume.get("_vm") else None
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
    name = params.get("name") or "%s_%s_%s" % (vm["name"] if vm else "detached", volume["name"], stamp)
    policy = ctx.lookup("snapshotpolicy", "policyid")
    snapshot = {"name": name, "volumeid": volume["id"], "volumename": volume["name"], "volumetype": volume["type"],
                "volumestate": volume["state"], "snapshottype": "RECURRING" if policy else "MANUAL",
                "intervaltype": policy and INTERVALS[policy["intervaltype"]], "state": "Creating", "created": now(),
                "zoneid": volume["zoneid"], "zonename": volume["zonename"], "physicalsize": volume["size"] // 4,
                "virtualsize": volume["size"], "revertable": False, "locationtype": "Secondary",
                "hasannotations": False, "_hypervisor": volume.get("hypervisor") or "Simulator"}
    record = SNAPSHOTS.insert(store, snapshot, account, project)
    return Job("snapshot.create", {"id": record["id"]}, "Snapshot", record["id"])


@finisher("snapshot.create")
def finish_create_snapshot(store, args):
    snapshot = store.get("snapshot", args["id"])
    snapshot["state"] = "BackedUp"
    store.put("snapshot", snapshot)
    return {"snapshot": SNAPSHOTS.view(store, snapshot)}


def refuse_busy(ctx, snapshot):
    if snapshot["state"] not in ("BackedUp", "Error", "Destroying"):
        raise exceptions.invalid("Can't delete snapshot %s with state %s" % (snapshot["id"], snapshot["state"]))


SNAPSHOTS.delete_command("deleteSnapshot", refuse=refuse_busy)(None)


# Snapshot policies -----------------------------------------------------------------------------

def policy_view(store, policy):
    return {"intervaltype": policy["intervaltype"]}


POLICIES = Resource("snapshotpolicy", "snapshotpolicy", "listSnapshotPolicies", filters=("volumeid", "fordisplay"),
                    tagged=True, jobtype="SnapshotPolicy", computed=policy_view, keyword_fields=())


def interval_of(text):
    interval = (text or "").upper()
    if interval not in INTERVALS:
        raise exceptions.invalid("Unsupported interval type %s" % text)
    return interval


def check_schedule(volume, interval, schedule):
    parts = schedule.split(":")
    bounds = SCHEDULE_PARTS[interval]
    valid = len(parts) >= len(bounds) and all(
        part.strip().isdigit() and low <= int(part) <= high for part, (low, high) in zip(parts, bounds))
    if not valid:
        raise exceptions.invalid("%s has an invalid schedule [%s] for interval type [%s]."
                                 % (volume_description(volume), schedule, interval))


def time_zone_id(name):
    """Java's TimeZone.getTimeZone: an id it does not know is GMT."""
    try:
        zoneinfo.ZoneInfo(name)
        return name
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return "GMT"


@command("createSnapshotPolicy")
def create_snapshot_policy(ctx, params):
    store = ctx.store
    volume = snapshot_volume(ctx)
    interval = interval_of(params["intervaltype"])
    check_schedule(volume, interval, params["schedule"])
    if params["maxsnaps"] <= 0:
        raise exceptions.invalid("maxSnaps should be greater than 0")
    limit = int(ctx.setting("snapshot.max.%s" % interval.lower()) or DEFAULT_MAX_SNAPS)
    if params["maxsnaps"] > limit:
        raise exceptions.invalid("maxSnaps exceeds limit: [%d] for the interval type: [%s]." % (limit, interval))
    fields = {"schedule": params["schedule"], "timezone": time_zone_id(params["timezone"]),
              "maxsnaps": params["maxsnaps"], "fordisplay": params.get("fordisplay", True)}
    policy = store.first("snapshotpolicy", volumeid=volume["id"], intervaltype=INTERVALS.index(interval))
    if policy is None:
        policy = POLICIES.insert(store, dict(fields, volumeid=volume["id"], volumename=volume["name"],
                                             intervaltype=INTERVALS.index(interval), hasannotations=False),
                                 *volume_owner(store, volume))
    else:
        policy.update(fields)
        store.put("snapshotpolicy", policy)
    return {"snapshotpolicy": POLICIES.view(store, policy)}


@command("updateSnapshotPolicy")
def update_snapshot_policy(ctx, params):
    """Only whether the owner sees the policy (and its custom id): the schedule changes by createSnapshotPolicy."""
    policy = POLICIES.owned(ctx)
    if params.get("fordisplay") is not None:
        policy["fordisplay"] = params["fordisplay"]
    ctx.store.put("snapshotpolicy", policy)
    return POLICIES.answer(ctx, policy)


@command("deleteSnapshotPolicies")
def delete_snapshot_policies(ctx, params):
    if params.get("id") and params.get("ids"):
        raise exceptions.invalid("Both ids and id are specified, only one should be specified")
    ids = [params["id"]] if params.get("id") else list(params.get("ids") or [])
    if not ids:
        raise exceptions.invalid("Either id or ids parameter is required")
    policies = [ctx.lookup("snapshotpolicy", "ids", i) if not params.get("id") else POLICIES.owned(ctx) for i in ids]
    for policy in policies:
        ctx.check_owner(policy)
        POLICIES.remove(ctx.store, policy)
    return success()


def remove_policies(store, volume):
    """A volume that goes takes its snapshot policies with it (its snapshots stay)."""
    for policy in store.find("snapshotpolicy", volumeid=volume["id"]):
        POLICIES.remove(store, policy)
