"""Internal LB VMs (InternalLoadBalancerElement, InternalLoadBalancerVMManagerImpl): the appliance that serves the
internal load balancers of one source address in a VPC tier. CloudStack deploys one (a domain router of role
INTERNAL_LB_VM, named b-<vm number>-VM, owned by the tier's account, its guest NIC on the source address) and starts it
when rules of that address are applied with members, or when an instance of the tier starts while such rules are
Active; a stopped one is started again then. It is destroyed when every rule of its address is revoked, or with its
network. Administrators list, start and stop it."""
from .. import exceptions
from ..registry import Job, command, finisher
from .common import new_id, now, owner_fields
from .resource import Resource

ROLE = "INTERNAL_LB_VM"
PROVIDER = "InternalLbVm"


def by_network(ctx, appliances, params):
    """The `networkid` and `forvpc` list filters (every internal LB VM is in a VPC tier)."""
    if params.get("networkid"):
        appliances = [a for a in appliances if a["guestnetworkid"] == params["networkid"]]
    if "forvpc" in params:
        appliances = [a for a in appliances if bool(a.get("vpcid")) == params["forvpc"]]
    return appliances


APPLIANCES = Resource("internallbvm", "internalloadbalancervm", "listInternalLoadBalancerVMs",
                      filters=("state", "zoneid", "vpcid", "podid", "hostid"), narrow=by_network,
                      jobtype="DomainRouter")


def handles(network):
    """InternalLoadBalancerElement.canHandle: the tier's Lb service is the InternalLbVm provider's."""
    return any(p["name"] == PROVIDER for s in network.get("service", []) if s["name"] == "Lb" for p in s["provider"])


def appliance_of(store, network_id, address):
    """findInternalLbVms: the one of the network whose guest address is the source address."""
    return store.first("internallbvm", guestnetworkid=network_id, guestipaddress=address)


def control_address(store):
    """A link-local address of the control network, as the routers' control NICs get."""
    used = {a.get("linklocalip") for a in store.all("internallbvm")}
    return next(ip for ip in ("169.254.%d.%d" % (n // 254, 1 + n % 254) for n in range(254, 254 * 255)) if ip not in used)


def running(store, appliance):
    """Started on a routing host of its zone (a system VM is placed like any other; its host is shown while it runs)."""
    host = next((h for h in store.find("host", zoneid=appliance["zoneid"], type="Routing") if h["state"] == "Up"), None)
    if host is None:
        raise exceptions.insufficient_capacity("Unable to create internal lb Instance, there are no clusters in the "
                                               "zone ")
    appliance.update(state="Running", hostid=host["id"], hostname=host["name"], podid=host["podid"],
                     podname=host["podname"])
    return store.put("internallbvm", appliance)


def stopped(store, appliance):
    for field in ("hostid", "hostname"):
        appliance.pop(field, None)
    appliance["state"] = "Stopped"
    return store.put("internallbvm", appliance)


def deploy(store, network, address):
    """findOrDeployInternalLbVm then startInternalLbVms: the address's appliance, made if missing, running."""
    from .virtualmachines import mac_address, next_vm_number  # the instance model imports the network model
    appliance = appliance_of(store, network["id"], address)
    if appliance is None:
        zone = store.get("zone", network["zoneid"])
        vpc = store.get("vpc", network.get("vpcid") or "")
        instance = (store.first("configuration", name="instance.name") or {}).get("value") or "VM"
        appliance = {"id": new_id(), "name": "b-%d-%s" % (next_vm_number(store), instance), "role": ROLE,
                     "state": "Starting", "zoneid": zone["id"], "zonename": zone["name"], "dns1": zone.get("dns1"),
                     "dns2": zone.get("dns2"), "guestipaddress": address, "guestmacaddress": mac_address(store),
                     "guestnetmask": network["netmask"], "guestnetworkid": network["id"],
                     "guestnetworkname": network["name"], "gateway": network["gateway"],
                     "networkdomain": network.get("networkdomain"), "vpcid": vpc and vpc["id"],
                     "vpcname": vpc and vpc["name"], "linklocalip": control_address(store),
                     "linklocalnetmask": "255.255.0.0", "linklocalmacaddress": mac_address(store),
                     "redundantstate": "UNKNOWN", "isredundantrouter": False, "requiresupgrade": False,
                     "version": "4.22.1", "softwareversion": "4.22.1", "hypervisor": "Simulator", "created": now()}
        offering = store.first("serviceoffering", issystem=True, systemvmtype="internalloadbalancervm")
        if offering:
            appliance.update(serviceofferingid=offering["id"], serviceofferingname=offering["name"])
        appliance.update(owner_fields(store, store.get("account", network["_accountid"]),
                                      store.get("project", network.get("projectid") or "")))
    if appliance["state"] != "Running":
        running(store, appliance)
    return appliance


def destroy(store, appliance):
    """destroyInternalLbVm: expunged at once."""
    store.delete("internallbvm", appliance["id"])


def applied(store, rule):
    """InternalLoadBalancerElement.applyLBRules for the rules of a source address, once a rule of it changed: no rule
    left unrevoked destroys its appliance; rules with members need it deployed and running."""
    network = store.get("network", rule["networkid"])
    if network is None or not handles(network):
        return
    address = rule["sourceipaddress"]
    rules = [r for r in store.find("loadbalancerrule", sourceipaddress=address, networkid=network["id"])
             if r.get("scheme") == "Internal"]
    live = [r for r in rules if r["state"] != "Revoke"]
    if not live:
        appliance = appliance_of(store, network["id"], address)
        if appliance:
            destroy(store, appliance)
    elif any(m for r in live for m in store.find("lbvmmap", loadbalancerid=r["id"]) if not m["revoke"]):
        deploy(store, network, address)


def prepared(store, network):
    """InternalLoadBalancerElement.prepare for an instance starting in the network: the appliance of every source
    address of the network that has Active rules."""
    if not handles(network):
        return
    rules = [r for r in store.find("loadbalancerrule", sourceipaddressnetworkid=network["id"], state="Active")
             if r.get("scheme") == "Internal"]
    for address in dict.fromkeys(r["sourceipaddress"] for r in rules):
        deploy(store, network, address)


def remove_appliances(store, network):
    """InternalLoadBalancerElement.destroy: a deleted network's appliances go with it."""
    for appliance in store.find("internallbvm", guestnetworkid=network["id"]):
        destroy(store, appliance)


def owned(ctx, text):
    """The appliance the id names (getEntityOwnerId's check: another domain router is not one), once the caller may
    operate it."""
    appliance = ctx.store.get("internallbvm", ctx.params["id"])
    if appliance is None:
        raise exceptions.invalid(text)
    ctx.check_owner(appliance)
    return appliance


def moved(store, appliance, state):
    appliance["state"] = state
    return store.put("internallbvm", appliance)


@command("startInternalLoadBalancerVM")
def start_internal_load_balancer_vm(ctx, params):
    """A running one starts again as a no-op (VirtualMachineManagerImpl.advanceStart)."""
    appliance = owned(ctx, "Unable to find internal lb vm by id")
    if appliance["state"] == "Stopped":
        moved(ctx.store, appliance, "Starting")
    return Job("internallbvm.start", {"id": appliance["id"]}, "DomainRouter", appliance["id"])


@finisher("internallbvm.start", rollback=lambda store, args: stopped(store, store.get("internallbvm", args["id"])))
def finish_start(store, args):
    appliance = store.get("internallbvm", args["id"])
    if appliance["state"] != "Running":
        running(store, appliance)
    return {"internalloadbalancervm": APPLIANCES.view(store, appliance)}


@command("stopInternalLoadBalancerVM")
def stop_internal_load_balancer_vm(ctx, params):
    """A stopped one stops again as a no-op (advanceStop); `forced` marks it stopped even if the host does not
    answer, which the simulator's hosts always do."""
    appliance = owned(ctx, "Unable to find Internal LB Instance by ID")
    if appliance["state"] == "Running":
        moved(ctx.store, appliance, "Stopping")
    return Job("internallbvm.stop", {"id": appliance["id"]}, "DomainRouter", appliance["id"])


@finisher("internallbvm.stop", rollback=lambda store, args: running(store, store.get("internallbvm", args["id"])))
def finish_stop(store, args):
    appliance = stopped(store, store.get("internallbvm", args["id"]))
    return {"internalloadbalancervm": APPLIANCES.view(store, appliance)}
