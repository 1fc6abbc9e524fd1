# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network service providers of a physical network: what physical_network's nsps_* options and the
network_service_provider module share (a module cannot import another module)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

# CloudStack enables these providers only once their element is enabled: provider (lower case) -> the
# element's list and configure commands.
ELEMENTS = {
    "virtualrouter": ("listVirtualRouterElements", "configureVirtualRouterElement"),
    "vpcvirtualrouter": ("listVirtualRouterElements", "configureVirtualRouterElement"),
    "internallbvm": ("listInternalLoadBalancerElements", "configureInternalLoadBalancerElement"),
}


def named(providers, name):
    """The provider of that name (CloudStack's provider names are case-insensitive), or None."""
    found = [provider for provider in providers if provider["name"].lower() == name.lower()]
    return found[0] if found else None


def enable_element(engine, provider):
    """Enable the provider's element(s) when CloudStack wants that before the provider is enabled."""
    engine.write_all(element_writes(engine, provider))


def element_writes(engine, provider):
    """The (command, params) that enable the provider's disabled element(s), for ``engine.write_all``.

    ``provider`` without an id (check mode, not added yet) has a new, disabled element: the write is only counted.
    """
    commands = ELEMENTS.get(provider["name"].lower())
    if commands is None:
        return []
    list_command, configure_command = commands
    if not provider.get("id"):
        return [(configure_command, dict(id=None, enabled=True))]
    return [(configure_command, dict(id=element["id"], enabled=True))
            for element in engine.client.list(list_command, nspid=provider["id"]) if not element.get("enabled")]
