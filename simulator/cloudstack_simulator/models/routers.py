"""Virtual routers: the one CloudStack starts with an isolated network's first implement (network.py), and what an
administrator does with it (VirtualNetworkApplianceManagerImpl: start, stop, reboot, destroy, a new system offering).
A running router takes its system offering's CPU and memory of the host it runs on (capacity.usage)."""
from .. import exceptions
from ..registry import Job, command, finisher
from . import capacity
from .common import new_id, now, owner_fields
from .resource import Resource

ROUTER_OFFERING = "System Offering For Software Router"  # the default of a fresh database


def by_network(ctx, routers, params):
    """The `networkid` list filter: the routers serving that guest network."""
    if params.get("networkid"):
        routers = [r for r in routers if r["_networkid"] == params["networkid"]]
    if "forvpc" in params:
        routers = [r for r in routers if bool(r.get("vpcid")) == params["forvpc"]]
    return routers


ROUTERS = Resource("router", "router", "listRouters", filters=("state", "zoneid", "vpcid", "hostid", "podid"),
                   narrow=by_network,
                   jobtype="DomainRouter")


def make_router(store, network):
    """A running router for the network, named as CloudStack names them (r-<number>-VM)."""
    number = 1 + max([int(r["name"].split("-")[1]) for r in store.all("router")] or [0])
    router = {"id": new_id(), "name": "r-%d-VM" % number, "state": "Starting", "role": "VIRTUAL_ROUTER",
              "zoneid": network["zoneid"], "zonename": network["zonename"], "guestnetworkid": network["id"],
              "guestnetworkname": network["name"], "networkdomain": network["networkdomain"],
              "redundantstate": "UNKNOWN", "isredundantrouter": False, "requiresupgrade": False,
              "version": "4.22.1", "hypervisor": "Simulator", "created": now(), "_networkid": network["id"]}
    offering = store.first("serviceoffering", name=ROUTER_OFFERING, issystem=True)
    if offering:
        router.update(serviceofferingid=offering["id"], serviceofferingname=offering["name"])
    router.update(owner_fields(store, store.get("account", network["_accountid"]),
                               store.get("project", network.get("projectid") or "")))
    return on_host(store, router)


def on_host(store, router):
    """Running, on a host of its zone with room for its system offering (none when the zone has no host)."""
    offering = store.get("serviceoffering", router.get("serviceofferingid") or "")
    host = capacity.system_vm_host(store, router["zoneid"], offering, describe(router))
    if host:
        router.update(hostid=host["id"], hostname=host["name"], podid=host["podid"], podname=host["podname"],
                      hostcontrolstate="Enabled")
    router["state"] = "Running"
    return store.put("router", router)


def off_host(store, router, state):
    for field in ("hostid", "hostname", "hostcontrolstate"):
        router.pop(field, None)
    return moved(store, router, state)


def remove_routers(store, network):
    for router in store.find("router", _networkid=network["id"]):
        store.delete("router", router["id"])


def describe(router):
    """How CloudStack prints a router in its error messages."""
    return 'VM instance {"id": "%s", "instanceName": "%s", "type": "DomainRouter"}' % (router["id"], router["name"])


def moved(store, router, state):
    router.update(state=state)
    return store.put("router", router)


@command("startRouter")
def start_router(ctx, params):
    router = ROUTERS.owned(ctx)
    if router["state"] == "Stopped":
        moved(ctx.store, router, "Starting")
    return Job("router.start", {"id": router["id"]}, "DomainRouter", router["id"])


@finisher("router.start", rollback=lambda store, args: moved(store, store.get("router", args["id"]), "Stopped"))
def finish_start(store, args):
    router = on_host(store, store.get("router", args["id"]))
    return {"router": ROUTERS.view(store, router)}


@command("stopRouter")
def stop_router(ctx, params):
    router = ROUTERS.owned(ctx)
    if router["state"] == "Running":
        moved(ctx.store, router, "Stopping")
    return Job("router.stop", {"id": router["id"]}, "DomainRouter", router["id"])


@finisher("router.stop", rollback=lambda store, args: moved(store, store.get("router", args["id"]), "Running"))
def finish_stop(store, args):
    router = off_host(store, store.get("router", args["id"]), "Stopped")
    return {"router": ROUTERS.view(store, router)}


@command("rebootRouter")
def reboot_router(ctx, params):
    router = ROUTERS.owned(ctx)
    if router["state"] != "Running":
        raise exceptions.ApiError(exceptions.RESOURCE_UNAVAILABLE_ERROR, "Unable to reboot domR, it is not in right "
                                  "state %s" % router["state"], exceptions.CS_RESOURCE_UNAVAILABLE)
    return Job("router.answer", {"id": router["id"]}, "DomainRouter", router["id"])


@command("destroyRouter")
def destroy_router(ctx, params):
    router = ROUTERS.owned(ctx)
    return Job("router.destroy", {"id": router["id"]}, "DomainRouter", router["id"])


@finisher("router.destroy")
def finish_destroy(store, args):
    router = store.get("router", args["id"])
    result = dict(ROUTERS.view(store, router), state="Expunging")
    ROUTERS.remove(store, router)
    return {"router": result}


@command("changeServiceForRouter")
def change_service_for_router(ctx, params):
    """VirtualNetworkApplianceManagerImpl.upgradeRouter, in its order."""
    router = ROUTERS.owned(ctx)
    offering = ctx.lookup("serviceoffering", "serviceofferingid")
    if router.get("serviceofferingid") == offering["id"]:
        return {"router": ROUTERS.view(ctx.store, router)}
    if not offering["issystem"]:
        raise exceptions.invalid("Cannot upgrade router vm to a non system service offering %s" % offering["id"])
    if router["state"] != "Stopped":
        raise exceptions.invalid("Unable to upgrade router %s in state %s; make sure the router is stopped and not in "
                                 "an error state before upgrading." % (describe(router), router["state"]))
    router.update(serviceofferingid=offering["id"], serviceofferingname=offering["name"])
    ctx.store.put("router", router)
    return {"router": ROUTERS.view(ctx.store, router)}
