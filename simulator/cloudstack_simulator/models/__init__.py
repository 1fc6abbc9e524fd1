"""One module per resource family; importing them registers their command handlers."""
from ..registry import HANDLERS
from . import (  # noqa: F401
    apis, asyncjobs, clusters, configurations, guestos, hosts, iam, instancegroups, network, offerings,
    physicalnetworks, pods, portforwarding, providers, publicips, regions, sshkeys, storage, tags, templates,
    virtualmachines, vlans, volumes, vpcs, zones,
)


def handlers():
    """Command name -> handler, for every command the models implement."""
    return HANDLERS
