"""Clusters of a pod: addCluster, listClusters, updateCluster, deleteCluster."""
from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, hypervisor_name, new_id, public, success
from .zones import check_allocation_state


def make_cluster(store, pod, name, hypervisor="Simulator", clustertype="CloudManaged", allocationstate="Enabled"):
    cluster = {"id": new_id(), "name": name, "podid": pod["id"], "podname": pod["name"], "zoneid": pod["zoneid"],
               "zonename": pod["zonename"], "hypervisortype": hypervisor, "clustertype": clustertype,
               "allocationstate": allocationstate, "managedstate": "Managed", "cpuovercommitratio": "1.0",
               "memoryovercommitratio": "1.0", "arch": "x86_64", "hasannotations": False}
    return store.put("cluster", cluster)


def discoverable_hypervisor(value):
    """CloudStack's name of a hypervisor (any case) it has a discoverer, a resource manager, for."""
    try:
        return hypervisor_name(value)
    except exceptions.ApiError:
        raise exceptions.invalid("Could not find corresponding resource manager for %s" % value) from None


@command("listClusters")
def list_clusters(ctx, params):
    ctx.require_root_admin()
    clusters = ctx.store.all("cluster")
    for field, key in (("podid", "podid"), ("hypervisor", "hypervisortype"), ("clustertype", "clustertype"),
                       ("allocationstate", "allocationstate"), ("managedstate", "managedstate")):
        if params.get(field):
            clusters = [c for c in clusters if (c.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, clusters, params), public)


@command("addCluster")
def add_cluster(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    pod = ctx.lookup("pod", "podid")
    if pod["zoneid"] != params["zoneid"]:
        raise exceptions.invalid("Pod id=%s doesn't belong to zone id=%s" % (pod["id"], params["zoneid"]))
    if store.first("cluster", name=params["clustername"], podid=pod["id"]):
        raise exceptions.resource_allocation("Cluster: %s already exists" % params["clustername"])
    state = params.get("allocationstate")
    check_allocation_state(state)
    cluster = make_cluster(store, pod, params["clustername"], discoverable_hypervisor(params["hypervisor"]),
                           params["clustertype"], state or "Enabled")
    if params.get("arch"):
        cluster["arch"] = params["arch"]
        store.put("cluster", cluster)
    return {"cluster": [public(cluster)]}


@command("updateCluster")
def update_cluster(ctx, params):
    ctx.require_root_admin()
    cluster = ctx.lookup("cluster", "id")
    check_allocation_state(params.get("allocationstate"))
    for field in ("clustername", "allocationstate", "managedstate", "arch"):
        if params.get(field):
            cluster["name" if field == "clustername" else field] = params[field]
    ctx.store.put("cluster", cluster)
    return {"cluster": public(cluster)}


@command("deleteCluster")
def delete_cluster(ctx, params):
    ctx.require_root_admin()
    cluster = ctx.lookup("cluster", "id")
    for kind, what in (("host", "hosts"), ("storagepool", "storage pools")):
        if ctx.store.first(kind, clusterid=cluster["id"]):
            raise exceptions.internal("Cluster: %s cannot be removed. Cluster still has %s" % (cluster["id"], what))
    ctx.store.delete("cluster", cluster["id"])
    return success()
