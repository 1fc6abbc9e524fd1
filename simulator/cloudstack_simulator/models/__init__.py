"""One module per resource family; importing them registers their command handlers."""
from ..registry import HANDLERS
from . import (  # noqa: F401
    accounts, affinitygroups, apis, asyncjobs, capacity, clusters, configurations, diskofferings, domains, gpu,
    guestos, hosts, instancegroups, internallb, internallbvms, lbpolicies, limits, loadbalancers, network,
    networkacls, networkofferings, nics, offerings, physicalnetworks, pods, portforwarding, privategateways,
    projects, providers, publicips, regions, roles, routers, securitygroups, serviceofferings, snapshots, sshkeys,
    sslcerts, storage, tags, templates, userdata, users, virtualmachines, vlans, vmsnapshots, volumes, vpcofferings,
    vpcs, vpn, zones,
)


def handlers():
    """Command name -> handler, for every command the models implement."""
    return HANDLERS
