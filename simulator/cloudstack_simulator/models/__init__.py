"""One module per resource family; importing them registers their command handlers."""
from ..registry import HANDLERS
from . import (  # noqa: F401
    apis, asyncjobs, configurations, iam, infrastructure, instancegroups, network, offerings, portforwarding,
    providers, publicips, sshkeys, tags, templates, virtualmachines, volumes, vpcs,
)


def handlers():
    """Command name -> handler, for every command the models implement."""
    return HANDLERS
