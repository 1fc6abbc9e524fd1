"""Clusters of a pod: addCluster, listClusters, updateCluster, deleteCluster; listHypervisors."""
from .. import exceptions
from ..registry import Listing, command
from .capacity import OVERCOMMIT_FIELDS, showing_capacities
from .common import hypervisor_name, new_id, setting
from .resource import Resource
from .zones import check_allocation_state

CLUSTERS = Resource("cluster", "cluster", "listClusters", admin=True, text_filters={
    "podid": "podid", "hypervisor": "hypervisortype", "clustertype": "clustertype",
    "allocationstate": "allocationstate", "managedstate": "managedstate"})
CLUSTERS.viewer = showing_capacities(CLUSTERS.view, lambda c: (c["zoneid"], c["podid"], c["id"]))


def make_cluster(store, pod, name, hypervisor="Simulator", clustertype="CloudManaged", allocationstate="Enabled"):
    cluster = {"id": new_id(), "name": name, "podid": pod["id"], "podname": pod["name"], "zoneid": pod["zoneid"],
               "zonename": pod["zonename"], "hypervisortype": hypervisor, "clustertype": clustertype,
               "allocationstate": allocationstate, "managedstate": "Managed", "arch": "x86_64", "hasannotations": False}
    # A new cluster's details take the overprovisioning factors' global values.
    cluster.update({field: str(float(setting(store, name) or 1)) for name, field in OVERCOMMIT_FIELDS.items()})
    return store.put("cluster", cluster)


def discoverable_hypervisor(value):
    """CloudStack's name of a hypervisor (any case) it has a discoverer, a resource manager, for."""
    try:
        return hypervisor_name(value)
    except exceptions.ApiError:
        raise exceptions.invalid("Could not find corresponding resource manager for %s" % value) from None


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
    return {"cluster": [CLUSTERS.view(store, cluster)]}


@command("updateCluster")
def update_cluster(ctx, params):
    cluster = CLUSTERS.owned(ctx)
    check_allocation_state(params.get("allocationstate"))
    for field in ("clustername", "allocationstate", "managedstate", "arch"):
        if params.get(field):
            cluster["name" if field == "clustername" else field] = params[field]
    ctx.store.put("cluster", cluster)
    return CLUSTERS.answer(ctx, cluster)


def cluster_in_use(ctx, cluster):
    for kind, what in (("host", "hosts"), ("storagepool", "storage pools")):
        if ctx.store.first(kind, clusterid=cluster["id"]):
            raise exceptions.internal("Cluster: %s cannot be removed. Cluster still has %s" % (cluster["id"], what))


CLUSTERS.delete_command("deleteCluster", refuse=cluster_in_use)


@command("listHypervisors")
def list_hypervisors(ctx, params):
    """ManagementServerImpl.getHypervisors: without a zone the `hypervisor.list` setting; with a zone the hypervisors
    of its clusters, each once."""
    if not params.get("zoneid"):
        return Listing([{"name": name} for name in (setting(ctx.store, "hypervisor.list") or "").split(",") if name])
    zone = ctx.lookup("zone", "zoneid")
    names = dict.fromkeys(c["hypervisortype"] for c in ctx.store.all("cluster") if c["zoneid"] == zone["id"])
    return Listing([{"name": name} for name in names])
