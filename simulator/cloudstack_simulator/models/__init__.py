"""One module per resource family; importing them registers their command handlers."""
from ..registry import HANDLERS
from . import (  # noqa: F401
    accounts, affinitygroups, apis, asyncjobs, clusters, configurations, diskofferings, domains, guestos, hosts,
    instancegroups, limits, network, networkacls, networkofferings, offerings, physicalnetworks, pods, portforwarding,
    projects, providers, publicips, regions, roles, routers, securitygroups, serviceofferings, sshkeys, storage, tags,
    templates, userdata, users, virtualmachines, vlans, volumes, vpcofferings, vpcs, zones,
)


def handlers():
    """Command name -> handler, for every command the models implement."""
    return HANDLERS
