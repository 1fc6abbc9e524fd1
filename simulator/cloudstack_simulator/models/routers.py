"""Virtual routers: the one CloudStack starts with an isolated network's first implement (network.py)."""
from .common import new_id, now, owner_fields
from .resource import Resource


def by_network(ctx, routers, params):
    """The `networkid` list filter: the routers serving that guest network."""
    if params.get("networkid"):
        routers = [r for r in routers if r["_networkid"] == params["networkid"]]
    if "forvpc" in params:
        routers = [r for r in routers if bool(r.get("vpcid")) == params["forvpc"]]
    return routers


ROUTERS = Resource("router", "router", "listRouters", filters=("state", "zoneid", "vpcid"), narrow=by_network)


def make_router(store, network):
    """A running router for the network, named as CloudStack names them (r-<number>-VM)."""
    number = 1 + max([int(r["name"].split("-")[1]) for r in store.all("router")] or [0])
    router = {"id": new_id(), "name": "r-%d-VM" % number, "state": "Running", "role": "VIRTUAL_ROUTER",
              "zoneid": network["zoneid"], "zonename": network["zonename"], "guestnetworkid": network["id"],
              "guestnetworkname": network["name"], "networkdomain": network["networkdomain"],
              "redundantstate": "UNKNOWN", "isredundantrouter": False, "requiresupgrade": False,
              "created": now(), "_networkid": network["id"]}
    router.update(owner_fields(store, store.get("account", network["_accountid"]),
                               store.get("project", network.get("projectid") or "")))
    return store.put("router", router)


def remove_routers(store, network):
    for router in store.find("router", _networkid=network["id"]):
        store.delete("router", router["id"])
