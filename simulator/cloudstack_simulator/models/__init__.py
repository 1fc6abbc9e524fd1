"""One module per resource family; importing them registers their command handlers."""
from . import (  # noqa: F401
    apis, asyncjobs, configurations, iam, infrastructure, network, offerings, publicips, sshkeys, tags,
    templates, virtualmachines,
)
