"""Virtual machines and their NICs: deploy, lifecycle, scaling, updates, listing with `details`."""
import base64
import binascii
import json
import random
import re
import secrets
import time

from .. import exceptions
from ..registry import Job, Listing, RawJSON, command, finisher
from . import capacity, limits
from .common import hypervisor_name, new_id, now, owner_fields, public, resolve_owner, tag_view
from .hosts import refresh_host
from .internallbvms import prepared
from .loadbalancers import remove_vm_members
from .netutils import is_valid_ip4
from .network import (allocate_ip, describe_network, guest_ip_refused, guest_ips_in_use, implement, make_network,
                      remove_nic, subnet_of)
from .portforwarding import remove_rule
from .publicips import disable_static_nat, static_nat_of
from .resource import Resource
from .securitygroups import rules_of
from .templates import refresh_download
from .vmsnapshots import remove_vm_snapshots
from .volumes import make_root_volume, on_pool, place_volumes, remove_volumes, sync_vm_fields

HOSTNAME = re.compile(r"^(?![0-9])(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
HOSTNAME_ERROR = ("Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and "
                  "the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end with \"-\" and "
                  "can't start with digit")
MAX_USERDATA = 32768
LIVE_SCALING_HYPERVISORS = ("XenServer", "VMware", "Simulator", "KVM")  # VmScaleManager's supported types
# listVirtualMachines `details`: the response fields each group adds (the rest is always there).
DETAIL_FIELDS = {
    "group": ("group", "groupid"),
    "nics": ("nic", "publicip", "publicipid"),
    "stats": ("cpuused", "networkkbsread", "networkkbswrite", "diskkbsread", "diskkbswrite", "diskioread",
              "diskiowrite", "memorykbs", "memoryintfreekbs", "memorytargetkbs"),
    "secgrp": ("securitygroup",),
    "tmpl": ("templateid", "templatename", "templatedisplaytext", "templatetype", "templateformat",
             "passwordenabled"),
    "servoff": ("serviceofferingid", "serviceofferingname", "cpunumber", "cpuspeed", "memory"),
    "diskoff": ("diskofferingid", "diskofferingname"),
    "iso": ("isoid", "isoname", "isodisplaytext"),
    "volume": ("rootdeviceid", "rootdevicetype"),
    "affgrp": ("affinitygroup",),
    "backoff": ("backupofferingid", "backupofferingname"),
}
DETAIL_ONLY = {field for fields in DETAIL_FIELDS.values() for field in fields}
MIN_FIELDS = {"id", "name", "displayname", "state", "zoneid", "zonename", "account", "domainid", "domain",
              "project", "projectid", "created", "instancename", "hypervisor", "haenable", "ipaddress", "tags",
              "nic", "userid", "username", "osdisplayname", "ostypeid", "guestosid", "arch"}


def describe(vm):
    """How CloudStack prints a VM in its error messages."""
    return 'VM instance {"id": "%s", "instanceName": "%s", "type": "User"}' % (vm["id"], vm["instancename"])


# Views -----------------------------------------------------------------------------------------

def view_nic(store, nic):
    out = public(nic)
    out["secondaryip"] = [{"id": address["id"], "ipaddress": address["ipaddress"]}
                          for address in store.find("nicsecondaryip", nicid=nic["id"])]
    return out


def view_vm(store, vm, details=None, userdata=False):
    out = public(vm)
    nics = [view_nic(store, n) for n in store.children("nic", vm["id"])]
    out["nic"] = nics
    default = next((n for n in nics if n["isdefault"]), None)
    if default:
        out["ipaddress"] = default["ipaddress"]
    out["securitygroup"] = [security_group_entry(store, g) for g in vm.get("_securitygroups", ())]
    out["affinitygroup"] = [affinity_group_entry(store, g) for g in vm.get("_affinitygroups", ())]
    out["tags"] = [tag_view(t) for t in store.tags_of(vm["id"])]
    if vm.get("_jobid"):  # a job is acting on it
        out.update(jobid=vm["_jobid"], jobstatus=0)
    if userdata and vm.get("_userdata") is not None:
        out["userdata"] = vm["_userdata"]
    if details and "all" not in details:
        if "min" in details:
            keep = set(MIN_FIELDS)
        else:
            keep = set(out) - DETAIL_ONLY
        for group in details:
            keep.update(DETAIL_FIELDS.get(group, ()))
        out = {k: v for k, v in out.items() if k in keep}
    return out


def cached_view(store, vm):
    """The full view of a VM as JSON text, re-rendered only when the VM, its NICs, tags or groups change."""
    groups = vm.get("_securitygroups", ()) + vm.get("_affinitygroups", ())
    key = (store.revision(vm["id"]),) + tuple(store.revision(g) for g in groups)
    hit = store.cache.get(vm["id"])
    if hit and hit[0] == key:
        return hit[1]
    text = RawJSON(json.dumps(view_vm(store, vm)))
    store.cache[vm["id"]] = (key, text)
    return text


def security_group_entry(store, groupid):
    group = store.get("securitygroup", groupid)
    if group is None:
        return {"id": groupid}
    entry = {"id": group["id"], "name": group["name"], "description": group.get("description"),
             "account": group.get("account"), "ingressrule": rules_of(store, group, "ingressrule"),
             "egressrule": rules_of(store, group, "egressrule"), "tags": [], "virtualmachineids": []}
    return public(entry)


def affinity_group_entry(store, groupid):
    group = store.get("affinitygroup", groupid)
    if group is None:
        return {"id": groupid}
    entry = {"id": group["id"], "name": group["name"], "description": group.get("description"),
             "type": group["type"], "account": group.get("account"), "virtualmachineIds": []}
    return public(entry)


def vm_result(store, vmid):
    return {"virtualmachine": view_vm(store, store.get("virtualmachine", vmid))}


# Deploy ----------------------------------------------------------------------------------------

def mac_address(store):
    counter = store.get("counter", "mac") or {"id": "mac", "value": random.Random().randrange(0x1000, 0xfffff)}
    counter["value"] += 1
    store.put("counter", counter)
    value = counter["value"]
    return "1e:00:%02x:%02x:%02x:%02x" % ((value >> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff)


def next_vm_number(store):
    counter = store.get("counter", "vm") or {"id": "vm", "value": 0}
    counter["value"] += 1
    store.put("counter", counter)
    return counter["value"]


def make_nic(store, vm, network, isdefault, deviceid, address=None):
    nic = {"id": new_id(), "virtualmachineid": vm["id"], "networkid": network["id"], "networkname": network["name"],
           "ipaddress": address or allocate_ip(store, network), "gateway": network["gateway"],
           "netmask": network["netmask"], "macaddress": mac_address(store), "isdefault": isdefault,
           "traffictype": "Guest", "type": network["type"], "deviceid": str(deviceid),
           "broadcasturi": network.get("broadcasturi"), "isolationuri": network.get("broadcasturi"),
           "ip6address": None, "secondaryip": [], "extradhcpoption": [], "mtu": 1500}
    store.put("network", network)
    return store.put("nic", nic)


def merge_details(entries):
    merged = {}
    for entry in entries or []:
        merged.update(entry)
    return merged


def compute_size(ctx, offering, details):
    if not offering["iscustomized"]:
        return offering["cpunumber"], offering["cpuspeed"], offering["memory"]
    try:
        cpunumber = int(details.get("cpuNumber") or offering["cpunumber"] or 0)
        cpuspeed = int(details.get("cpuSpeed") or offering["cpuspeed"] or 0)
        memory = int(details.get("memory") or offering["memory"] or 0)
    except ValueError:
        raise exceptions.invalid("Invalid cpuNumber, cpuSpeed or memory in details") from None
    if not cpunumber or not cpuspeed or not memory:
        raise exceptions.invalid("Need to specify custom parameter values cpu, cpu speed and memory when using custom "
                                 "offering")
    limits = offering.get("serviceofferingdetails") or {}
    for key, value, low, high in (("cpuNumber", cpunumber, "mincpunumber", "maxcpunumber"),
                                  ("memory", memory, "minmemory", "maxmemory")):
        if low in limits and high in limits and not int(limits[low]) <= value <= int(limits[high]):
            raise exceptions.invalid("Invalid %s value %s: it should be between %s and %s" % (
                key, value, limits[low], limits[high]))
    return cpunumber, cpuspeed, memory


def decode_userdata(value):
    if value is None:
        return None
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise exceptions.invalid("User data is not base64 encoded") from None
    if len(value) > MAX_USERDATA:
        raise exceptions.invalid("User data is too long for an http GET request")
    return value


def pick_networks(ctx, params, zone, account, project):
    store = ctx.store
    if params.get("networkids"):
        networks = [ctx.lookup("network", "networkids", n) for n in params["networkids"]]
        for network in networks:
            if network["zoneid"] != zone["id"]:
                raise exceptions.invalid("Network id=%s doesn't belong to zone %s" % (network["id"], zone["name"]))
            if network["acltype"] == "Account" and network["_accountid"] != account["id"]:
                raise exceptions.permission_denied("Account %s doesn't have access to network %s"
                                                   % (account["name"], network["name"]))
        return networks
    if params.get("iptonetworklist"):
        return [ctx.lookup("network", "iptonetworklist", e.get("networkid")) for e in params["iptonetworklist"]]
    if zone["networktype"] == "Basic":
        default = [n for n in store.find("network", zoneid=zone["id"]) if n["type"] == "Shared"]
        if not default:
            raise exceptions.invalid("Unable to find a default network in the zone %s" % zone["name"])
        return default[:1]
    required = store.first("networkoffering", availability="Required", state="Enabled")
    if required is None:
        raise exceptions.invalid("Unable to find network offering with availability=Required to automatically create "
                                 "the network as a part of vm creation")
    own = [n for n in store.find("network", zoneid=zone["id"], _accountid=account["id"]) if n["type"] == "Isolated"]
    if len(own) > 1:
        raise exceptions.invalid("More than 1 default Isolated networks are found for account %s; please specify "
                                 "networkIds" % account["name"])
    if own:
        return own
    # Like CloudStack, create the owner's network with the Required offering on first deployment.
    gateway, netmask = subnet_of({}, zone)
    name = (project["name"] if project else account["name"]) + "-network"
    return [make_network(store, zone, required, name, name, account, project, gateway, netmask,
                         physicalnetwork=store.first("physicalnetwork", zoneid=zone["id"]))]


def pick_groups(ctx, params, zone, account, networks):
    store = ctx.store
    ids, names = params.get("securitygroupids"), params.get("securitygroupnames")
    if ids and names:
        raise exceptions.invalid("securitygroupids parameter is mutually exclusive with securitygroupnames parameter")
    sg_networks = [n for n in networks if any(s["name"] == "SecurityGroup" for s in n["service"])]
    if not zone["securitygroupsenabled"] and not sg_networks:
        if ids or names:
            raise exceptions.invalid("Can't create vm with security groups; security group feature is not enabled "
                                     "in this zone")
        return []
    if ids:
        groups = [ctx.lookup("securitygroup", "securitygroupids", i) for i in ids]
    elif names:
        groups = []
        for name in names:
            group = store.first("securitygroup", _accountid=account["id"], name=name)
            if group is None:
                raise exceptions.invalid("Unable to find security group by name %s for account id %s"
                                         % (name, account["id"]))
            groups.append(group)
    else:
        groups = [store.first("securitygroup", _accountid=account["id"], name="default")]
    for group in groups:
        if group["_accountid"] != account["id"]:
            raise exceptions.permission_denied("Security group %s doesn't belong to the account %s"
                                               % (group["name"], account["name"]))
    return [g["id"] for g in groups if g]


def pick_affinity_groups(ctx, params, account):
    ids, names = params.get("affinitygroupids"), params.get("affinitygroupnames")
    if ids and names:
        raise exceptions.invalid("affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter")
    if ids:
        groups = [ctx.lookup("affinitygroup", "affinitygroupids", i) for i in ids]
    else:
        groups = []
        for name in names or []:
            group = ctx.store.first("affinitygroup", _accountid=account["id"], name=name)
            if group is None:
                raise exceptions.invalid("Unable to find affinity group by name %s" % name)
            groups.append(group)
    for group in groups:
        if group["_accountid"] != account["id"]:
            raise exceptions.permission_denied("Affinity group %s doesn't belong to the account %s"
                                               % (group["name"], account["name"]))
    return [g["id"] for g in groups]


def pick_keypairs(ctx, params, account):
    names = list(params.get("keypairs") or [])
    if params.get("keypair"):
        names.insert(0, params["keypair"])
    for name in names:
        if ctx.store.first("sshkeypair", _accountid=account["id"], name=name) is None:
            raise exceptions.invalid("A key pair with name '%s' was not found for account %s in specified domain id"
                                     % (name, account["name"]))
    return ",".join(dict.fromkeys(names)) or None


def check_hostname(store, name, networks):
    if not HOSTNAME.match(name):
        raise exceptions.invalid(HOSTNAME_ERROR)
    for network in networks:
        for nic in store.all("nic"):
            if nic["networkid"] == network["id"]:
                vm = store.get("virtualmachine", nic["virtualmachineid"])
                if vm and vm["name"].lower() == name.lower():
                    raise exceptions.invalid("The vm with hostName %s already exists in the network domain: %s; "
                                             "network=%s" % (name, network["networkdomain"], network["name"]))


@command("deployVirtualMachine")
def deploy_virtual_machine(ctx, params):
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    if zone["allocationstate"] != "Enabled" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot perform this operation, Zone is currently disabled: %s"
                                           % zone["id"])
    template = deploy_image(ctx, params, zone)
    offering = ctx.lookup("serviceoffering", "serviceofferingid")
    if offering["issystem"] or offering["state"] != "Active":
        raise exceptions.invalid("Unable to find service offering: %s" % offering["id"])
    account, project = resolve_owner(ctx, params)
    if account["state"] != "enabled":
        raise exceptions.permission_denied("The owner of vm to deploy is disabled: %s" % account["name"])
    details = merge_details(params.get("details"))
    cpunumber, cpuspeed, memory = compute_size(ctx, offering, details)
    limits.charge_instance(store, account, cpunumber, memory)
    # a destination (root admins only): the host, or any host of the pod or cluster
    host, pod, cluster = ctx.lookup("host", "hostid"), ctx.lookup("pod", "podid"), ctx.lookup("cluster", "clusterid")
    for kind, target in (("Host", host), ("Pod", pod), ("Cluster", cluster)):
        if target is not None:
            ctx.require_root_admin()
            if target["zoneid"] != zone["id"]:
                raise exceptions.invalid("%s %s doesn't belong to zone %s" % (kind, target["name"], zone["name"]))
    template_gb = template["size"] // 1024 ** 3
    rootdisksize = params.get("rootdisksize") or details.get("rootdisksize") or iso_root_size(ctx, params, template)
    if rootdisksize is not None and int(rootdisksize) < template_gb:
        raise exceptions.invalid("Root disk size %s GB is smaller than the template size %s GB"
                                 % (rootdisksize, template_gb))
    affinity_groups = pick_affinity_groups(ctx, params, account)
    keypairs = pick_keypairs(ctx, params, account)
    userdata = decode_userdata(params.get("userdata"))
    registered = registered_userdata(ctx, params, account)
    vmid = new_id()
    name = params.get("name") or (params.get("displayname") if params.get("displayname") and HOSTNAME.match(
        params["displayname"]) else "VM-%s" % vmid)
    if not HOSTNAME.match(name):
        raise exceptions.invalid(HOSTNAME_ERROR)
    networks = pick_networks(ctx, params, zone, account, project)
    security_groups = pick_groups(ctx, params, zone, account, networks)
    check_hostname(store, name, networks)
    startvm = params.get("startvm", True)
    number = next_vm_number(store)
    ostype = store.get("ostype", template["ostypeid"])
    vm = {"id": vmid, "name": name, "displayname": params.get("displayname") or name,
          "instancename": "i-%d-%d-%s" % (2, number, ctx.setting("instance.name") or "VM"),
          "state": "Starting" if startvm else "Stopped", "haenable": offering["offerha"],
          "zoneid": zone["id"], "zonename": zone["name"], "templateid": template["id"],
          "templatename": template["name"], "templatedisplaytext": template["displaytext"],
          "templatetype": template["templatetype"], "templateformat": template["format"],
          "passwordenabled": template["passwordenabled"], "serviceofferingid": offering["id"],
          "serviceofferingname": offering["name"], "cpunumber": cpunumber, "cpuspeed": cpuspeed, "memory": memory,
          "guestosid": template["ostypeid"], "ostypeid": template["ostypeid"],
          "osdisplayname": ostype["description"] if ostype else None, "rootdeviceid": 0, "rootdevicetype": "ROOT",
          "hypervisor": template["hypervisor"] or hypervisor_name(params["hypervisor"]),
          "isdynamicallyscalable": offering["dynamicscalingenabled"],
          "created": now(), "lastupdated": now(), "keypairs": keypairs, "details": details or {},
          "displayvm": params.get("displayvm", True), "deleteprotection": False, "arch": template.get("arch"),
          "vmtype": "User", "pooltype": "NetworkFilesystem", "userid": ctx.user["id"],
          "username": ctx.user["username"], "hasannotations": False, "group": params.get("group"),
          "groupid": None, "_securitygroups": security_groups, "_affinitygroups": affinity_groups,
          "_userdata": userdata, "_rootdisksize": rootdisksize, "_requested_host": host["id"] if host else None,
          "_requested_pod": pod["id"] if pod else None, "_requested_cluster": cluster["id"] if cluster else None}
    if template["format"] == "ISO":
        vm.update(isoid=template["id"], isoname=template["name"], isodisplaytext=template["displaytext"])
    vm.update(registered)
    if params.get("group"):
        vm["groupid"] = instance_group(store, params["group"], account, project)["id"]
    vm.update(owner_fields(store, account, project))
    addresses = requested_addresses(store, params, networks)
    with store.batch():
        store.put("virtualmachine", vm)
        for index, network in enumerate(networks):
            make_nic(store, vm, network, index == 0, index, addresses[index])
        make_root_volume(store, vm, template, rootdisksize, charge=True)
    return Job("vm.deploy", {"id": vmid, "start": startvm}, "VirtualMachine", vmid)


def deploy_image(ctx, params, zone):
    """The template to deploy from, or the ISO (templateid may name one): then a hypervisor and a disk offering
    for the root disk are needed, as CloudStack requires."""
    store = ctx.store
    iso = store.get("iso", params["templateid"])
    if iso is None:
        template = refresh_download(store, ctx.lookup("template", "templateid"))
        if zone["id"] not in template["_zones"] or not template["isready"]:
            raise exceptions.invalid("Template %s has not been completely downloaded to zone %s"
                                     % (template["name"], zone["name"]))
        return template
    if not iso["ispublic"]:
        ctx.check_owner(iso)
    if not iso["bootable"]:
        raise exceptions.invalid("Installing from ISO requires an ISO that is bootable: %s" % iso["id"])
    if zone["id"] not in iso["_zones"]:
        raise exceptions.invalid("The ISO %s is not available in zone %s" % (iso["name"], zone["name"]))
    if not params.get("hypervisor"):
        raise exceptions.invalid("Hypervisor parameter is needed to deploy VM or the hypervisor parameter value "
                                 "passed is invalid")
    if not params.get("diskofferingid"):
        raise exceptions.invalid("Installing from ISO requires a disk offering to be specified for the root disk.")
    return dict(iso, hypervisor=None, templatetype="USER", size=0)


def iso_root_size(ctx, params, image):
    """Deployed from an ISO, the root disk is the disk offering's (or the custom size asked for)."""
    if image["format"] != "ISO":
        return None
    offering = ctx.lookup("diskoffering", "diskofferingid")
    return params.get("size") or offering.get("disksize") or None


def registered_userdata(ctx, params, account):
    """The fields of registered user data (userdataid) and the values of its variables (userdatadetails)."""
    userdata = ctx.lookup("userdata", "userdataid")
    if userdata is None:
        return {}
    if params.get("userdata"):
        raise exceptions.invalid("Both userdata and userdata ID inputs are not allowed, please provide only one")
    if userdata["_accountid"] != account["id"]:
        raise exceptions.permission_denied("Userdata %s does not belong to the account %s"
                                           % (userdata["name"], account["name"]))
    details = merge_details(params.get("userdatadetails"))
    variables = [name for name in (userdata.get("params") or "").split(",") if name]
    unknown = sorted(set(details) - set(variables))
    if unknown:
        raise exceptions.invalid("Userdata parameters %s are not defined in the userdata %s" % (
            ", ".join(unknown), userdata["name"]))
    return {"userdataid": userdata["id"], "userdataname": userdata["name"], "userdatapolicy": "ALLOWOVERRIDE",
            "userdatadetails": java_map(details) if details else None, "_userdata": userdata["userdata"]}


def java_map(values):
    """CloudStack stores user data variables as the text of a Java map: {name=value, name2=value2}."""
    return "{%s}" % ", ".join("%s=%s" % (key, values[key]) for key in sorted(values))


def requested_addresses(store, params, networks):
    """The address asked for in each network (ipaddress: the first; iptonetworklist), checked as CloudStack does: an
    IPv4 address (NetworkModelImpl.checkRequestedIpAddresses), free, and one the network can hand out (else its guru
    acquires none: GuestNetworkGuru.allocate's error, 533 from DeployVMCmd.create)."""
    asked = {e.get("networkid"): e.get("ip") for e in params.get("iptonetworklist") or []}
    addresses = []
    for index, network in enumerate(networks):
        address = asked.get(network["id"]) or (params.get("ipaddress") if index == 0 else None)
        if address and not is_valid_ip4(address):
            raise exceptions.invalid("Invalid specified IPv4 address %s" % address)
        if address and address in guest_ips_in_use(store, network):
            raise exceptions.ApiError(exceptions.INSUFFICIENT_CAPACITY_ERROR, "The requested IP address %s is "
                                      "already in use in network %s" % (address, network["name"]),
                                      exceptions.CS_INSUFFICIENT_ADDRESS_CAPACITY)
        if address and network.get("cidr") and guest_ip_refused(store, network, address):
            raise exceptions.ApiError(exceptions.INSUFFICIENT_CAPACITY_ERROR, "Unable to acquire Guest IP address for "
                                      "network %s" % describe_network(network))
        addresses.append(address)
    return addresses


def instance_group(store, name, account, project):
    group = store.first("instancegroup", name=name, _accountid=account["id"])
    if group is None:
        group = {"id": new_id(), "name": name, "created": now()}
        group.update(owner_fields(store, account, project))
        store.put("instancegroup", group)
    return group


def place(store, vm, hostid=None, podid=None, clusterid=None, starting=False):
    """Pick a host for a VM as CloudStack's deployment planner does: the Up and Enabled hosts of enabled scopes (only
    the host, pod or cluster asked for), the instance's affinity groups, clusters under their disable thresholds,
    its last host first, with a storage pool that has room for its volumes; 533 when none has the capacity.
    Returns (host, pool)."""
    for host in store.find("host", zoneid=vm["zoneid"]):
        refresh_host(store, host)  # a host whose maintenance completed is no candidate
    hosts = capacity.deployment_hosts(store, vm)
    for key, wanted in (("id", hostid), ("podid", podid), ("clusterid", clusterid)):
        if wanted:
            hosts = [h for h in hosts if h[key] == wanted]
    for group_id in vm.get("_affinitygroups", ()):
        group = store.get("affinitygroup", group_id)
        peers = {v.get("hostid") for v in store.all("virtualmachine")
                 if group_id in v.get("_affinitygroups", ()) and v["id"] != vm["id"] and v.get("hostid")}
        if group and group["type"] == "host anti-affinity":
            hosts = [h for h in hosts if h["id"] not in peers]
        elif group and group["type"] == "host affinity" and peers:
            hosts = [h for h in hosts if h["id"] in peers]
    need, taken = capacity.need_of(vm), capacity.usage(store)
    crowded = capacity.clusters_over_threshold(store, need, taken, starting)
    volumes = store.children("volume", vm["id"])
    for host in sorted(hosts, key=lambda h: h["id"] != vm.get("_lasthostid")):
        if host["clusterid"] in crowded or not capacity.host_fits(store, host, need, taken, vm["cpunumber"],
                                                                  vm["cpuspeed"]):
            continue
        pools = capacity.host_pools(store, host, vm.get("_poolid"))
        pool = capacity.pool_for_volumes(store, pools, volumes)
        if pool or not pools:  # a host that reaches no pool at all: storage is not modelled there
            return host, pool
    raise capacity.no_deployment("Unable to create a deployment for %s" % describe(vm), vm)


def run_on(store, vm, placement):
    """On the host and pool `place` chose: the instance's volumes move to that pool (VolumeOrchestrator.prepare)."""
    host, pool = placement
    vm.update(state="Running", hostid=host["id"], hostname=host["name"], hostcontrolstate="Enabled",
              lastupdated=now(), _lasthostid=host["id"])
    vm["_poolid"] = pool["id"] if pool else None
    store.put("virtualmachine", vm)
    place_volumes(store, vm, pool)


def stop(store, vm):
    """Off its host; what it took stays reserved there for capacity.skipcounting.hours (capacity.usage)."""
    for field in ("hostid", "hostname", "hostcontrolstate"):
        vm.pop(field, None)
    vm.update(state="Stopped", lastupdated=now(), _stoppedat=time.time())
    store.put("virtualmachine", vm)


def rollback_deploy(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm:
        stop(store, vm)
        vm["state"] = "Error"
        store.put("virtualmachine", vm)


def prepare_networks(store, vm):
    """What the network elements prepare for a starting instance: the internal LB VMs of its tiers' rules."""
    for nic in store.children("nic", vm["id"]):
        prepared(store, store.get("network", nic["networkid"]))


@finisher("vm.deploy", rollback=rollback_deploy)
def finish_deploy(store, args):
    vm = store.get("virtualmachine", args["id"])
    for nic in store.children("nic", vm["id"]):
        implement(store, store.get("network", nic["networkid"]))
    if args["start"]:
        run_on(store, vm, place(store, vm, vm.get("_requested_host"), vm.get("_requested_pod"),
                                vm.get("_requested_cluster")))
        prepare_networks(store, vm)
    result = vm_result(store, vm["id"])
    if vm["passwordenabled"]:  # the generated password is shown once, in the deployment's result
        result["virtualmachine"]["password"] = secrets.token_urlsafe(9)
    return result


# Lifecycle -------------------------------------------------------------------------------------

def vm_for(ctx, name="id"):
    vm = ctx.lookup("virtualmachine", name)
    ctx.check_owner(vm)
    return vm


def set_state(store, vm, state):
    vm.update(state=state, lastupdated=now())
    store.put("virtualmachine", vm)
    sync_vm_fields(store, vm)


@command("startVirtualMachine")
def start_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] not in ("Stopped", "Running"):
        raise exceptions.invalid("Unable to start %s: it is in %s state" % (describe(vm), vm["state"]))
    host = ctx.lookup("host", "hostid")
    if host is not None:
        ctx.require_root_admin()
    if vm["state"] == "Stopped":
        set_state(ctx.store, vm, "Starting")
    return Job("vm.start", {"id": vm["id"], "hostid": host["id"] if host else None}, "VirtualMachine", vm["id"])


def rollback_start(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm and vm["state"] == "Starting":
        stop(store, vm)


@finisher("vm.start", rollback=rollback_start)
def finish_start(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm["state"] == "Starting":
        for nic in store.children("nic", vm["id"]):
            implement(store, store.get("network", nic["networkid"]))
        run_on(store, vm, place(store, vm, args.get("hostid"), starting=True))
        prepare_networks(store, vm)
    return vm_result(store, vm["id"])


@command("stopVirtualMachine")
def stop_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] not in ("Running", "Stopped", "Starting") and not params.get("forced"):
        raise exceptions.invalid("Unable to stop %s: it is in %s state" % (describe(vm), vm["state"]))
    if vm["state"] in ("Running", "Starting"):
        set_state(ctx.store, vm, "Stopping")
    return Job("vm.stop", {"id": vm["id"]}, "VirtualMachine", vm["id"])


def rollback_stop(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm and vm["state"] == "Stopping":
        set_state(store, vm, "Running")


@finisher("vm.stop", rollback=rollback_stop)
def finish_stop(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm["state"] in ("Stopping", "Running", "Error"):
        stop(store, vm)
    return vm_result(store, vm["id"])


@command("rebootVirtualMachine")
def reboot_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] != "Running":
        raise exceptions.invalid("Unable to reboot %s as it is not in Running state (it is %s)"
                                 % (describe(vm), vm["state"]))
    return Job("vm.reboot", {"id": vm["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.reboot")
def finish_reboot(store, args):
    vm = store.get("virtualmachine", args["id"])
    vm["lastupdated"] = now()
    store.put("virtualmachine", vm)
    return vm_result(store, vm["id"])


@command("destroyVirtualMachine")
def destroy_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm.get("deleteprotection"):
        raise exceptions.invalid("Instance %s has delete protection enabled and cannot be deleted" % vm["name"])
    expunge = params.get("expunge", False)
    if expunge and not ctx.is_root_admin:
        raise exceptions.permission_denied("Parameter expunge can be passed by Admin only. Or when the "
                                           "allow.user.expunge.recover.vm key is set.")
    if vm["state"] == "Destroyed" and not expunge:
        raise exceptions.invalid("Vm with id %s is already destroyed" % vm["id"])
    if vm["state"] in ("Running", "Starting"):
        set_state(ctx.store, vm, "Stopping")  # CloudStack stops it first: that is what a listing shows meanwhile
    return Job("vm.destroy", {"id": vm["id"], "expunge": expunge}, "VirtualMachine", vm["id"])


def rollback_destroy(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm and vm["state"] == "Stopping":
        set_state(store, vm, "Running")


def remove_vm(store, vm):
    address = static_nat_of(store, vm)
    if address:
        disable_static_nat(store, address)
    for rule in store.find("portforwardingrule", virtualmachineid=vm["id"]):
        remove_rule(store, rule)
    remove_vm_members(store, vm)
    for nic in list(store.children("nic", vm["id"])):
        remove_nic(store, nic)
    for tag in list(store.tags_of(vm["id"])):
        store.delete("tag", tag["id"])
    remove_volumes(store, vm)
    remove_vm_snapshots(store, vm)
    store.delete("virtualmachine", vm["id"])


@finisher("vm.destroy", rollback=rollback_destroy)
def finish_destroy(store, args):
    vm = store.get("virtualmachine", args["id"])
    stop(store, vm)
    address = static_nat_of(store, vm)
    if address:
        disable_static_nat(store, address)
    if args["expunge"]:
        result = view_vm(store, vm)
        result["state"] = "Expunging"
        remove_vm(store, vm)
        return {"virtualmachine": result}
    set_state(store, vm, "Destroyed")
    return vm_result(store, vm["id"])


@command("recoverVirtualMachine")
def recover_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] != "Destroyed":
        raise exceptions.invalid("Unable to recover VM as it's not in Destroyed state (it is %s)" % vm["state"])
    set_state(ctx.store, vm, "Stopped")
    return {"virtualmachine": view_vm(ctx.store, vm)}


@command("expungeVirtualMachine")
def expunge_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] not in ("Destroyed", "Expunging"):
        raise exceptions.invalid("Please destroy vm with specified vmId before expunge")
    set_state(ctx.store, vm, "Expunging")
    return Job("vm.expunge", {"id": vm["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.expunge")
def finish_expunge(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm:
        remove_vm(store, vm)
    return {"success": True}


# Offerings: scale and change -------------------------------------------------------------------

def new_size(ctx, vm, params):
    offering = ctx.lookup("serviceoffering", "serviceofferingid")
    details = merge_details(params.get("details"))
    cpunumber, cpuspeed, memory = compute_size(ctx, offering, details)
    return offering, (cpunumber, cpuspeed, memory), details


def apply_offering(store, vm, offering, size, details):
    vm.update(serviceofferingid=offering["id"], serviceofferingname=offering["name"], cpunumber=size[0],
              cpuspeed=size[1], memory=size[2], lastupdated=now())
    if offering["iscustomized"]:
        vm["details"] = dict(vm.get("details") or {}, **details)
    store.put("virtualmachine", vm)
    sync_vm_fields(store, vm)


@command("changeServiceForVirtualMachine")
def change_service_for_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] != "Stopped":
        raise exceptions.invalid("Unable to upgrade virtual machine %s  in state %s; make sure the virtual machine "
                                 "is stopped" % (describe(vm), vm["state"]))
    offering, size, details = new_size(ctx, vm, params)
    apply_offering(ctx.store, vm, offering, size, details)
    return {"virtualmachine": view_vm(ctx.store, vm)}


@command("scaleVirtualMachine")
def scale_virtual_machine(ctx, params):
    store = ctx.store
    vm = vm_for(ctx)
    offering, size, details = new_size(ctx, vm, params)
    if vm["state"] == "Running":
        if vm["hypervisor"] not in LIVE_SCALING_HYPERVISORS:
            raise exceptions.invalid("Scaling the VM dynamically is not supported for VMs running on Hypervisor [%s]."
                                     % vm["hypervisor"])
        current = store.get("serviceoffering", vm["serviceofferingid"])
        if current and offering["dynamicscalingenabled"] != current["dynamicscalingenabled"]:
            raise exceptions.invalid("Unable to Scale VM: since dynamic scaling enabled flag is not same for new "
                                     "service offering and old service offering")
        old = (vm["cpunumber"], vm["cpuspeed"], vm["memory"])
        if any(n < o for n, o in zip(size, old)) or size == old:
            raise exceptions.invalid(
                'While the VM is running, only scalling up it is supported. New service offering {"memory": %s, '
                '"speed": %s, "cpu": %s} should have at least one value (ram, speed or cpu) greater than the current '
                'values {"memory": %s, "speed": %s, "cpu": %s}.' % (size[2], size[1], size[0], old[2], old[1], old[0]))
        if vm["hypervisor"] == "KVM" and current and not current["iscustomized"]:
            raise exceptions.invalid(
                'Unable to live scale VM on KVM when current service offering is a "Fixed Offering". KVM needs the tag '
                '"maxMemory" to live scale and it is only configured when VM is deployed with a custom service '
                'offering and "Dynamic Scalable" is enabled.')
        if not ctx.setting_true("enable.dynamic.scale.vm", vm["zoneid"]):
            raise exceptions.permission_denied("Dynamically scaling Instances is disabled for this zone, please contact "
                                               "your admin.")
        if not vm["isdynamicallyscalable"]:
            raise exceptions.internal("Unable to scale %s as it does not have tools to support dynamic scaling."
                                      % describe(vm))
    elif vm["state"] != "Stopped":
        raise exceptions.invalid("Unable to scale %s in state %s" % (describe(vm), vm["state"]))
    return Job("vm.scale", {"id": vm["id"], "offering": offering["id"], "size": list(size), "details": details},
               "VirtualMachine", vm["id"])


@finisher("vm.scale")
def finish_scale(store, args):
    vm = store.get("virtualmachine", args["id"])
    offering = store.get("serviceoffering", args["offering"])
    if vm["state"] == "Running":
        cpunumber, cpuspeed, memory = args["size"]
        old = capacity.need_of(vm)
        new = capacity.need_of(dict(vm, cpunumber=cpunumber, cpuspeed=cpuspeed, memory=memory))
        if not capacity.host_fits(store, store.get("host", vm["hostid"]), {k: new[k] - old[k] for k in new}, None,
                                  cpunumber, cpuspeed):
            raise exceptions.insufficient_capacity("Unable to scale %s due to insufficient resources." % describe(vm))
    apply_offering(store, vm, offering, args["size"], args["details"])
    return vm_result(store, vm["id"])


# Restore and SSH keys --------------------------------------------------------------------------

@command("restoreVirtualMachine")
def restore_virtual_machine(ctx, params):
    """Re-create the root disk from the template (the instance's, or another one); a running instance is stopped
    and started around it, as CloudStack does."""
    vm = vm_for(ctx, "virtualmachineid")
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.internal("Vm %s currently in %s state, restore vm can only execute when VM in Running or "
                                  "Stopped" % (vm["id"], vm["state"]))
    template = ctx.lookup("template", "templateid") or ctx.store.get("template", vm["templateid"])
    if template is None:
        raise exceptions.invalid("Cannot restore the vm as the template %s isn't available in the zone" % vm["templateid"])
    rootdisksize = params.get("rootdisksize")
    if rootdisksize is not None and int(rootdisksize) < template["size"] // 1024 ** 3:
        raise exceptions.invalid("Root disk size %s GB is smaller than the template size %s GB"
                                 % (rootdisksize, template["size"] // 1024 ** 3))
    return Job("vm.restore", {"id": vm["id"], "templateid": template["id"], "rootdisksize": rootdisksize},
               "VirtualMachine", vm["id"])


@finisher("vm.restore")
def finish_restore(store, args):
    vm = store.get("virtualmachine", args["id"])
    template = store.get("template", args["templateid"])
    root = next((v for v in store.children("volume", vm["id"]) if v["type"] == "ROOT"), None)
    pool = store.get("storagepool", vm.get("_poolid")) if vm["state"] == "Running" else None
    if root:
        store.delete("volume", root["id"])
    vm.update(templateid=template["id"], templatename=template["name"], templatedisplaytext=template["displaytext"],
              templatetype=template["templatetype"], templateformat=template["format"],
              passwordenabled=template["passwordenabled"], lastupdated=now())
    for field in ("isoid", "isoname", "isodisplaytext"):
        vm.pop(field, None)
    store.put("virtualmachine", vm)
    make_root_volume(store, vm, template, args["rootdisksize"], pool=pool)
    result = vm_result(store, vm["id"])
    if vm["passwordenabled"]:
        result["virtualmachine"]["password"] = secrets.token_urlsafe(9)
    return result


# Migration -------------------------------------------------------------------------------------

# VmMigrationValidator.isOnSupportedHypevisorForMigration, less LXC which user instances cannot use
MIGRATING_HYPERVISORS = ("XenServer", "VMware", "KVM", "Hyperv", "Simulator")


@command("migrateVirtualMachine")
def migrate_virtual_machine(ctx, params):
    """MigrateVMCmd, root administrators only: a running instance to another host (given, or chosen by the planner
    with `autoselect`, true unless false), or the volumes of a stopped one to another pool (storageid), with
    UserVmManagerImpl's checks and texts."""
    ctx.require_root_admin()
    if params.get("hostid") and params.get("storageid"):
        raise exceptions.invalid("Only one of hostId and storageId can be specified")
    vm = ctx.lookup("virtualmachine", "virtualmachineid")
    pool, host = ctx.lookup("storagepool", "storageid"), ctx.lookup("host", "hostid")
    if pool:
        return storage_migration(ctx, vm, pool)
    if host and host["type"] != "Routing":
        raise exceptions.invalid("The specified host(%s) is not suitable to migrate the VM, please specify another one"
                                 % host["name"])
    if host is None and params.get("autoselect") is False:
        raise exceptions.invalid("Please specify a host or storage as destination, or pass 'autoselect=true' to "
                                 "automatically select a destination host which do not require storage migration")
    if vm["state"] != "Running":
        raise exceptions.invalid("VM is not Running, unable to migrate the vm with specified id")
    if vm["hypervisor"] not in MIGRATING_HYPERVISORS:
        raise exceptions.invalid("Unsupported Hypervisor Type for %sVM migration, we support XenServer/VMware/KVM/Hyperv "
                                 "only" % ("User " if vm["hypervisor"] == "LXC" else ""))
    source = ctx.store.get("host", vm["hostid"])
    if host is None:
        host = migration_destination(ctx.store, vm, source)
    else:
        check_destination(ctx.store, vm, source, host)
    set_state(ctx.store, vm, "Migrating")
    return Job("vm.migrate", {"id": vm["id"], "hostid": host["id"]}, "VirtualMachine", vm["id"])


def migration_destination(store, vm, source):
    """chooseVmMigrationDestination: the planner's choice among the hosts of the instance's cluster (its volumes stay
    where they are), the source host excluded."""
    others = [h for h in capacity.deployment_hosts(store, vm) if h["id"] != source["id"]
              and h["clusterid"] == source["clusterid"]]
    need, taken = capacity.need_of(vm), capacity.usage(store)
    host = next((h for h in others if capacity.host_fits(store, h, need, taken, vm["cpunumber"], vm["cpuspeed"])), None)
    if host is None:
        raise exceptions.internal("Unable to find a server to migrate the vm to")
    return host


def check_destination(store, vm, source, host):
    """checkVmMigrationDestination, then VirtualMachineManagerImpl.migrate's storage rule: another host, Up and
    Enabled, in the source's cluster unless every volume is on zone-wide storage."""
    if host["id"] == source["id"]:
        raise exceptions.invalid("Cannot migrate VM, VM is already present on this host, please specify valid "
                                 "destination host to migrate the VM")
    if host["state"] != "Up" or host["resourcestate"] != "Enabled":
        raise exceptions.invalid("Cannot migrate VM, destination host is not in correct state, has status: %s, state: "
                                 "%s" % (host["state"], host["resourcestate"]))
    pools = [store.get("storagepool", v.get("storageid") or "") for v in store.children("volume", vm["id"])]
    if host["clusterid"] != source["clusterid"] and not all(p and p["scope"] == "ZONE" for p in pools):
        raise exceptions.internal("Source and destination host are not in same cluster and all volumes are not on "
                                  "zone wide primary store, unable to migrate to host: %s" % host["id"])


def rollback_migrate(store, args):
    vm = store.get("virtualmachine", args["id"])
    if vm and vm["state"] == "Migrating":
        set_state(store, vm, "Running")


@finisher("vm.migrate", rollback=rollback_migrate)
def finish_migrate(store, args):
    """CapacityManagerImpl.allocateVmCapacity on the destination, as the instance moves to it (530 in the job)."""
    vm, host = store.get("virtualmachine", args["id"]), store.get("host", args["hostid"])
    if not capacity.host_fits(store, host, capacity.need_of(vm), None, vm["cpunumber"], vm["cpuspeed"]):
        raise exceptions.internal("Host does not have enough capacity for vm %s" % describe(vm))
    vm.update(state="Running", hostid=host["id"], hostname=host["name"], lastupdated=now(), _lasthostid=host["id"])
    store.put("virtualmachine", vm)
    return vm_result(store, vm["id"])


def storage_migration(ctx, vm, pool):
    """UserVmManagerImpl.vmStorageMigration (VmMigrationValidator's checks): a stopped instance's volumes to another
    pool of a compatible hypervisor."""
    if vm["state"] != "Stopped":
        raise exceptions.invalid("VM is not Stopped, unable to migrate the vm having the specified id")
    if len(ctx.store.children("volume", vm["id"])) > 1 and vm["hypervisor"] not in ("VMware", "KVM"):
        raise exceptions.invalid("Data disks attached to the vm, can not migrate. Need to detach data disks first")
    if ctx.store.find("vmsnapshot", virtualmachineid=vm["id"]):
        raise exceptions.invalid("Instance's disk cannot be migrated, please remove all the Instance Snapshots for this "
                                 "Instance")
    if pool.get("hypervisor") not in (vm["hypervisor"], "Any"):
        raise exceptions.invalid("hypervisor is not compatible: dest: %s, vm: %s"
                                 % (pool.get("hypervisor"), vm["hypervisor"]))
    return Job("vm.storagemigrate", {"id": vm["id"], "pool": pool["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.storagemigrate")
def finish_storage_migration(store, args):
    vm, pool = store.get("virtualmachine", args["id"]), store.get("storagepool", args["pool"])
    vm["_poolid"] = pool["id"]
    store.put("virtualmachine", vm)
    for volume in store.children("volume", vm["id"]):
        if volume.get("storageid"):
            on_pool(volume, pool)
            store.put("volume", volume)
    return vm_result(store, vm["id"])


@command("resetSSHKeyForVirtualMachine")
def reset_ssh_key_for_virtual_machine(ctx, params):
    vm = vm_for(ctx)
    if vm["state"] != "Stopped":
        raise exceptions.invalid("Vm %s should be stopped to do SSH Key reset" % describe(vm))
    if not params.get("keypair") and not params.get("keypairs"):
        raise exceptions.invalid("'keypair' or 'keypairs' must be specified")
    account = ctx.store.get("account", vm["_accountid"])
    keypairs = pick_keypairs(ctx, params, account)
    return Job("vm.resetsshkey", {"id": vm["id"], "keypairs": keypairs}, "VirtualMachine", vm["id"])


@finisher("vm.resetsshkey")
def finish_reset_ssh_key(store, args):
    vm = store.get("virtualmachine", args["id"])
    vm.update(keypairs=args["keypairs"], lastupdated=now())
    store.put("virtualmachine", vm)
    return vm_result(store, vm["id"])


@command("resetPasswordForVirtualMachine")
def reset_password_for_virtual_machine(ctx, params):
    """UserVmManagerImpl.resetVMPassword's checks, in its order; the new password (the one given, else a generated
    one) is shown once, in the job's result."""
    vm = vm_for(ctx)
    template = ctx.store.get("template", vm["templateid"])
    if not (template or vm)["passwordenabled"]:
        raise exceptions.invalid("Fail to reset password for the virtual machine, the template is not password enabled")
    if vm["state"] in ("Error", "Expunging"):
        raise exceptions.invalid("Vm with id %s is not in the right state" % vm["id"])
    if vm["state"] != "Stopped":
        raise exceptions.invalid("Vm %s should be stopped to do password reset" % describe(vm))
    password = params.get("password") or secrets.token_urlsafe(9)
    return Job("vm.resetpassword", {"id": vm["id"], "password": password}, "VirtualMachine", vm["id"])


@finisher("vm.resetpassword")
def finish_reset_password(store, args):
    vm = store.get("virtualmachine", args["id"])
    vm["lastupdated"] = now()
    store.put("virtualmachine", vm)
    result = vm_result(store, vm["id"])
    result["virtualmachine"]["password"] = args["password"]
    return result


# Update and listing ----------------------------------------------------------------------------

@command("updateVirtualMachine")
def update_virtual_machine(ctx, params):
    store = ctx.store
    vm = vm_for(ctx)
    if params.get("name") and params["name"] != vm["name"]:
        if vm["state"] != "Stopped":
            raise exceptions.invalid("Unable to update the name of %s: the VM must be stopped" % describe(vm))
        networks = [store.get("network", n["networkid"]) for n in store.children("nic", vm["id"])]
        check_hostname(store, params["name"], [n for n in networks if n])
        vm["name"] = params["name"]
    for field in ("displayname", "haenable", "displayvm", "isdynamicallyscalable", "deleteprotection"):
        if params.get(field) is not None:
            vm[field] = params[field]
    if "userdata" in params:
        vm["_userdata"] = decode_userdata(params["userdata"])
        vm.update(userdataid=None, userdataname=None, userdatadetails=None, userdatapolicy=None)
    if params.get("userdataid"):
        account = store.get("account", vm["_accountid"])
        vm.update(registered_userdata(ctx, params, account))
    if params.get("group") is not None:
        if params["group"]:
            account = store.get("account", vm["_accountid"])
            project = store.get("project", vm["projectid"]) if vm.get("projectid") else None
            vm.update(group=params["group"], groupid=instance_group(store, params["group"], account, project)["id"])
        else:
            vm.update(group=None, groupid=None)
    if params.get("ostypeid"):
        ostype = ctx.lookup("ostype", "ostypeid")
        vm.update(ostypeid=ostype["id"], guestosid=ostype["id"], osdisplayname=ostype["description"])
    if params.get("details") is not None or params.get("cleanupdetails"):
        vm["details"] = {} if params.get("cleanupdetails") else merge_details(params["details"])
    if params.get("securitygroupids") or params.get("securitygroupnames"):
        if vm["state"] != "Stopped":
            raise exceptions.invalid("Unable to update security groups of %s: the VM must be stopped" % describe(vm))
        zone = store.get("zone", vm["zoneid"])
        account = store.get("account", vm["_accountid"])
        networks = [store.get("network", n["networkid"]) for n in store.children("nic", vm["id"])]
        vm["_securitygroups"] = pick_groups(ctx, params, zone, account, networks)
    vm["lastupdated"] = now()
    store.put("virtualmachine", vm)
    sync_vm_fields(store, vm)
    return {"virtualmachine": view_vm(store, vm)}


def on_hosts_and_networks(ctx, vms, params):
    """listVirtualMachines' filters through other tables; the `details` it can show are checked here."""
    store = ctx.store
    if params.get("podid") or params.get("clusterid"):
        field = "podid" if params.get("podid") else "clusterid"
        hosts = {h["id"] for h in store.all("host") if h[field] == params[field]}
        vms = [v for v in vms if v.get("hostid") in hosts]
    if params.get("keypair"):
        vms = [v for v in vms if params["keypair"] in (v.get("keypairs") or "").split(",")]
    if params.get("networkid"):
        vms = [v for v in vms if any(n["networkid"] == params["networkid"] for n in store.children("nic", v["id"]))]
    if params.get("vpcid"):  # instances with a NIC on a tier of the VPC
        tiers = {n["id"] for n in store.all("network") if n.get("vpcid") == params["vpcid"]}
        vms = [v for v in vms if any(n["networkid"] in tiers for n in store.children("nic", v["id"]))]
    if params.get("securitygroupid"):
        vms = [v for v in vms if params["securitygroupid"] in v.get("_securitygroups", ())]
    if params.get("affinitygroupid"):
        vms = [v for v in vms if params["affinitygroupid"] in v.get("_affinitygroups", ())]
    valid = set(DETAIL_FIELDS) | {"all", "min"}
    for detail in params.get("details") or []:
        if detail.lower() not in valid:
            raise exceptions.invalid("Invalid details parameter %s; valid values are: %s"
                                     % (detail.lower(), ", ".join(sorted(valid))))
    return vms


def vm_viewer(ctx, params):
    """The full view by default (cached), or the `details` asked for, with the user data when asked."""
    details = [d.lower() for d in params.get("details") or []]
    userdata = params.get("userdata", False)
    if details or userdata:
        return lambda vm: view_vm(ctx.store, vm, details, userdata)
    return lambda vm: cached_view(ctx.store, vm)


VMS = Resource("virtualmachine", "virtualmachine", "listVirtualMachines", filters=(
    "hostid", "templateid", "serviceofferingid", "groupid", "userid", "haenable", "displayvm"),
    text_filters={"hypervisor": "hypervisor"}, narrow=on_hosts_and_networks, viewer=vm_viewer,
    keyword_fields=("name", "displayname", "instancename", "state"), jobtype="VirtualMachine")


@command("listNics")
def list_nics(ctx, params):
    vm = vm_for(ctx, "virtualmachineid")
    nics = list(ctx.store.children("nic", vm["id"]))
    if params.get("nicid"):
        nics = [n for n in nics if n["id"] == params["nicid"]]
    if params.get("networkid"):
        nics = [n for n in nics if n["networkid"] == params["networkid"]]
    if params.get("keyword"):
        nics = [n for n in nics if params["keyword"] in n["ipaddress"]]
    store = ctx.store
    return Listing(nics, lambda n: view_nic(store, n))


# ISOs in the instance's CD-ROM (TemplateManagerImpl.attachIso/detachIso) -------------------------

@command("attachIso")
def attach_iso(ctx, params):
    store = ctx.store
    iso = refresh_download(store, ctx.lookup("iso", "id"), "iso")
    vm = vm_for(ctx, "virtualmachineid")
    if not iso["ispublic"]:
        ctx.check_owner(iso)
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.invalid("Please specify a VM that is either Stopped or Running.")
    if vm["zoneid"] not in iso["_zones"] or not iso["isready"]:
        raise exceptions.invalid("Unable to find ISO %s in Ready state in zone %s" % (iso["name"], vm["zonename"]))
    if vm.get("isoid") and not params.get("forced"):
        raise exceptions.invalid("An ISO is already attached to VM %s, please detach it first" % vm["instancename"])
    return Job("vm.attach_iso", {"id": vm["id"], "iso": iso["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.attach_iso")
def finish_attach_iso(store, args):
    vm, iso = store.get("virtualmachine", args["id"]), store.get("iso", args["iso"])
    vm.update(isoid=iso["id"], isoname=iso["name"], isodisplaytext=iso["displaytext"])
    store.put("virtualmachine", vm)
    return vm_result(store, vm["id"])


@command("detachIso")
def detach_iso(ctx, params):
    vm = vm_for(ctx, "virtualmachineid")
    if not vm.get("isoid"):
        raise exceptions.invalid("The specified VM has no ISO attached to it.")
    if vm["state"] not in ("Running", "Stopped"):
        raise exceptions.invalid("Please specify a VM that is either Stopped or Running.")
    return Job("vm.detach_iso", {"id": vm["id"]}, "VirtualMachine", vm["id"])


@finisher("vm.detach_iso")
def finish_detach_iso(store, args):
    vm = store.get("virtualmachine", args["id"])
    for field in ("isoid", "isoname", "isodisplaytext"):
        vm.pop(field, None)
    store.put("virtualmachine", vm)
    return vm_result(store, vm["id"])
