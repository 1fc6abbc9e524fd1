"""Global settings (listConfigurations, updateConfiguration)."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common

# (name, default value, category, type, description): what a fresh 4.22 database holds, for the
# settings the simulator and its users care about; the sandbox's globalConfig overrides values.
DEFAULTS = [
    ("default.page.size", "500", "Advanced", "Integer", "Default page size for API list* commands"),
    ("enable.dynamic.scale.vm", "false", "Advanced", "Boolean", "Enables/Disables dynamically scaling a vm"),
    ("expunge.delay", "86400", "Advanced", "Integer",
     "Determines how long (in seconds) to wait before actually expunging destroyed vm."),
    ("expunge.interval", "86400", "Advanced", "Integer", "The interval (in seconds) to wait before running the "
                                                         "expunge thread."),
    ("expunge.workers", "1", "Advanced", "Integer", "Number of workers performing expunge"),
    ("instance.name", "VM", "Advanced", "String", "Name of the deployment instance."),
    ("network.gc.wait", "600", "Advanced", "Integer", "Time (in seconds) to wait before shutting down a network "
                                                      "that's not in used"),
    ("network.gc.interval", "600", "Advanced", "Integer", "Seconds to wait before checking for networks to "
                                                          "shutdown"),
    ("storage.cleanup.interval", "86400", "Advanced", "Integer", "The interval (in seconds) to wait before running "
                                                                 "the storage cleanup thread."),
    ("vm.op.wait.interval", "120", "Advanced", "Integer", "Time (in seconds) to wait before checking if a previous "
                                                          "operation has succeeded"),
    ("workers", "5", "Advanced", "Integer", "Number of worker threads."),
    ("account.cleanup.interval", "86400", "Advanced", "Integer", "The interval (in seconds) between cleanup for "
                                                                 "removed accounts"),
    ("guest.domain.suffix", "cloud.internal", "Network", "String", "Default domain name for vms inside virtualized "
                                                                   "networks fronted by router"),
    ("vm.allocation.algorithm", "random", "Advanced", "String", "'random', 'firstfit', 'userdispersing', "
                                                                "'userconcentratedpod_random', "
                                                                "'userconcentratedpod_firstfit', 'firstfitleastconsumed' "
                                                                ": Order in which hosts within a cluster will be "
                                                                "considered for VM/volume allocation."),
    ("check.pod.cidrs", "true", "Advanced", "Boolean", "If true, different pods must belong to different CIDR "
                                                       "subnets."),
    ("secstorage.allowed.internal.sites", None, "Advanced", "String", "Comma separated list of cidrs internal to "
                                                                      "the datacenter that can host template download "
                                                                      "servers"),
    ("direct.agent.load.size", "16", "Advanced", "Integer", "The number of direct agents to load each time"),
    ("ping.interval", "60", "Advanced", "Integer", "Interval to send application level pings to make sure the "
                                                   "connection is still working"),
    ("ping.timeout", "2.5", "Advanced", "Float", "Multiplier to ping.interval before announcing an agent has "
                                                 "timed out"),
    ("allow.user.create.projects", "true", "Project Defaults", "Boolean", "If regular user can create a project; "
                                                                          "true by default"),
    ("api.throttling.enabled", "false", "Advanced", "Boolean", "Enable/disable Api rate limit"),
    ("max.account.user.vms", "20", "Account Defaults", "Long", "The default maximum number of user VMs that can be "
                                                               "deployed for an account"),
    ("max.account.public.ips", "20", "Account Defaults", "Long", "The default maximum number of public IPs that can "
                                                                 "be consumed by an account"),
    ("max.project.user.vms", "20", "Project Defaults", "Long", "The default maximum number of user VMs that can be "
                                                               "deployed for a project"),
    ("network.securitygroups.work.per.agent.queue.size", "100", "Network", "Integer",
     "The number of outstanding security group work items that can be queued to a host."),
    ("allow.public.user.templates", "true", "Advanced", "Boolean", "If false, users will not be able to create "
                                                                   "public templates."),
    ("cpu.overprovisioning.factor", "1", "Advanced", "Float", "Used for CPU overprovisioning calculation; available "
                                                              "CPU will be (actualCpuCapacity * cpu.overprovisioning."
                                                              "factor)"),
    ("mem.overprovisioning.factor", "1", "Advanced", "Float", "Used for memory overprovisioning calculation"),
    ("kvm.snapshot.enabled", "false", "Snapshots", "Boolean", "Whether volume snapshot is enabled on running "
                                                              "instances on a KVM host"),
    ("vm.destroy.forcestop", "false", "Advanced", "Boolean", "On destroy, force-stop takes this value"),
    ("allow.duplicate.networkname", "true", "Advanced", "Boolean", "Allow creating networks with same name in account"),
]


def make_configuration(store, name, value, category="Advanced", kind="String", description=""):
    record = {"id": name, "name": name, "value": value, "defaultvalue": value, "category": category,
              "type": kind, "description": description, "isdynamic": True, "component": "management-server",
              "group": "Miscellaneous", "subgroup": "Others", "displaytext": name}
    return store.put("configuration", record)


def view(record):
    return {k: v for k, v in record.items() if k != "id" and not k.startswith("_")}


SCOPES = ("zoneid", "clusterid", "storageid", "accountid", "domainid", "imagestoreuuid")


def scope_of(params):
    """(scope name, id) of a scoped listConfigurations/updateConfiguration, or (None, None)."""
    for param in SCOPES:
        if params.get(param):
            return {"imagestoreuuid": "imagestore", "storageid": "storagepool"}.get(param, param[:-2]), params[param]
    return None, None


@command("listConfigurations")
def list_configurations(ctx, params):
    ctx.require_root_admin()
    records = sorted(ctx.store.all("configuration"), key=lambda r: r["name"])
    if params.get("category"):
        records = [r for r in records if r["category"].lower() == params["category"].lower()]
    if params.get("name"):
        word = params["name"].lower()
        records = [r for r in records if word in r["name"].lower()]
    records = filter_common(ctx, records, dict(params, name=None, zoneid=None), keyword_fields=("name",))
    scope, scope_id = scope_of(params)
    if scope is None:
        return Listing(records, view)
    return Listing(records, lambda r: dict(view(r), scope=scope, id=scope_id,
                                           value=r.get("_scoped", {}).get(scope_id, r["value"])))


def check_value(name, kind, value):
    if kind in ("Integer", "Long"):
        try:
            int(value)
        except ValueError:
            raise exceptions.invalid("Configuration %s must be an integer, not %s" % (name, value)) from None
    elif kind == "Float":
        try:
            float(value)
        except ValueError:
            raise exceptions.invalid("Configuration %s must be a number, not %s" % (name, value)) from None
    elif kind == "Boolean" and value.lower() not in ("true", "false"):
        raise exceptions.invalid("Configuration %s must be either true or false" % name)


@command("updateConfiguration")
def update_configuration(ctx, params):
    ctx.require_root_admin()
    record = ctx.store.first("configuration", name=params["name"])
    if record is None:
        raise exceptions.invalid("Config parameter with name %s doesn't exist" % params["name"])
    value = params.get("value")
    if value is None:
        value = record["defaultvalue"]
    check_value(record["name"], record["type"], value)
    scope, scope_id = scope_of(params)
    if scope:
        record.setdefault("_scoped", {})[scope_id] = value
        out = dict(view(record), value=value, scope=scope, id=scope_id)
    else:
        record["value"] = value
        out = view(record)
    ctx.store.put("configuration", record)
    return {"configuration": out}


@command("resetConfiguration")
def reset_configuration(ctx, params):
    ctx.require_root_admin()
    record = ctx.store.first("configuration", name=params["name"])
    if record is None:
        raise exceptions.invalid("Config parameter with name %s doesn't exist" % params["name"])
    record["value"] = record["defaultvalue"]
    ctx.store.put("configuration", record)
    return {"configuration": view(record)}
