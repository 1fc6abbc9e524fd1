"""Pods of a zone: createPod, listPods, updatePod, deletePod."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, public, success


def make_pod(store, zone, name, gateway, netmask, startip, endip, allocationstate="Enabled"):
    pod = {"id": new_id(), "name": name, "zoneid": zone["id"], "zonename": zone["name"], "gateway": gateway,
           "netmask": netmask, "startip": [startip] if startip else [], "endip": [endip] if endip else [],
           "allocationstate": allocationstate, "hasannotations": False,
           "ipranges": [{"startip": startip, "endip": endip, "forsystemvms": "0", "vlanid": None}] if startip else []}
    return store.put("pod", pod)


@command("listPods")
def list_pods(ctx, params):
    ctx.require_root_admin()
    pods = ctx.store.all("pod")
    if params.get("allocationstate"):
        pods = [p for p in pods if p["allocationstate"] == params["allocationstate"]]
    return Listing(filter_common(ctx, pods, params), public)


@command("createPod")
def create_pod(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    if ctx.store.first("pod", name=params["name"], zoneid=zone["id"]):
        raise exceptions.invalid("A pod with name: %s already exists in zone %s. Please specify a different pod name."
                                 % (params["name"], zone["name"]))
    pod = make_pod(ctx.store, zone, params["name"], params.get("gateway"), params.get("netmask"),
                   params.get("startip"), params.get("endip"), params.get("allocationstate") or "Enabled")
    return {"pod": public(pod)}


@command("updatePod")
def update_pod(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    pod = ctx.lookup("pod", "id")
    if params.get("name") and params["name"] != pod["name"]:
        if store.first("pod", name=params["name"], zoneid=pod["zoneid"]):
            raise exceptions.invalid("A pod with name: %s already exists in zone %s. Please specify a different pod "
                                     "name." % (params["name"], pod["zonename"]))
        pod["name"] = params["name"]
        for kind in ("cluster", "host", "storagepool"):
            for record in store.find(kind, podid=pod["id"]):
                record["podname"] = pod["name"]
                store.put(kind, record)
    for field in ("gateway", "netmask"):
        if params.get(field):
            pod[field] = params[field]
    if params.get("startip"):
        pod["startip"] = [params["startip"]]
        pod["endip"] = [params.get("endip") or params["startip"]]
        pod["ipranges"] = [{"startip": params["startip"], "endip": pod["endip"][0], "forsystemvms": "0",
                            "vlanid": None}]
    if params.get("allocationstate"):
        state = params["allocationstate"].capitalize()
        if state not in ("Enabled", "Disabled"):
            raise exceptions.invalid("Unable to resolve Allocation State '%s' to a supported state"
                                     % params["allocationstate"])
        pod["allocationstate"] = state
    store.put("pod", pod)
    return {"pod": public(pod)}


@command("deletePod")
def delete_pod(ctx, params):
    ctx.require_root_admin()
    pod = ctx.lookup("pod", "id")
    if ctx.store.first("cluster", podid=pod["id"]):
        raise exceptions.in_use("The pod is not deletable because there are clusters in this pod")
    ctx.store.delete("pod", pod["id"])
    return success()
