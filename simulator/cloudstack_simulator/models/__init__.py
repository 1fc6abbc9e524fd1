"""One module per resource family; importing them registers their command handlers."""
from ..registry import HANDLERS
from . import (  # noqa: F401
    accounts, apis, asyncjobs, clusters, configurations, domains, guestos, hosts, instancegroups, limits, network,
    offerings, physicalnetworks, pods, portforwarding, projects, providers, publicips, regions, roles, sshkeys, storage,
    tags, templates, users,
    virtualmachines, vlans, volumes, vpcs, zones,
)


def handlers():
    """Command name -> handler, for every command the models implement."""
    return HANDLERS
