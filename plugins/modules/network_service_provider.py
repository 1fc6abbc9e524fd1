#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_service_provider
short_description: Manage the network service providers of CloudStack physical networks
description:
  - Add, enable, disable and remove a network service provider (V(VirtualRouter), V(VpcVirtualRouter),
    V(InternalLbVm), V(SecurityGroupProvider), V(ConfigDrive), ...) of a physical network.
  - CloudStack adds the virtual router, VPC virtual router, internal LB VM, security group and config drive
    providers to every new physical network, disabled except config drive; this module enables those it needs.
  - Enabling the virtual router, the VPC virtual router or the internal LB VM first enables the provider's
    element (C(configureVirtualRouterElement), C(configureInternalLoadBalancerElement)), as CloudStack requires.
  - ngine_io.cloudstack has no such module; M(cloudstack.cloud.physical_network)'s O(cloudstack.cloud.physical_network#module:nsps_enabled)
    enables providers too.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the provider, for example V(VirtualRouter); case-insensitive when finding it.
    type: str
    required: true
    aliases: [provider]
  physical_network:
    description:
      - Name or id of the physical network, looked up within O(zone) when given.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the physical network; needed when physical network names repeat across zones.
    type: str
  service_list:
    description:
      - The services the provider offers, for example V([Dhcp, Dns, UserData]).
      - All the services the provider can offer when not given at creation. Only providers that can enable
        individual services (not the virtual routers or the internal LB VM) take another list afterwards.
    type: list
    elements: str
  state:
    description:
      - V(present) ensures the provider exists and leaves its state alone (a new one is V(Disabled));
        V(enabled) and V(disabled) also set its state; V(absent) removes it.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Enable the virtual router of a physical network (its element is enabled first)
  cloudstack.cloud.network_service_provider:
    name: VirtualRouter
    physical_network: guest-net
    zone: zone-01
    state: enabled

- name: Disable the internal LB VM provider
  cloudstack.cloud.network_service_provider:
    name: InternalLbVm
    physical_network: guest-net
    zone: zone-01
    state: disabled

- name: Remove the security group provider
  cloudstack.cloud.network_service_provider:
    name: SecurityGroupProvider
    physical_network: guest-net
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the provider.
  returned: success
  type: str
  sample: 6f3e6cc7-6b2a-4bd5-a5c3-3a0a0e2b6f3c
name:
  description: Name of the provider.
  returned: success
  type: str
  sample: VirtualRouter
state:
  description: State of the provider.
  returned: success
  type: str
  sample: Enabled
physical_network:
  description: The physical network as the task named it.
  returned: success
  type: str
  sample: guest-net
physical_network_id:
  description: UUID of the physical network.
  returned: success
  type: str
service_list:
  description: The services the provider offers.
  returned: success
  type: list
  elements: str
  sample: [Dhcp, Dns, UserData]
can_enable_individual_service:
  description: Whether the provider's services can be chosen one by one.
  returned: success
  type: bool
  sample: false
destination_physical_network_id:
  description: UUID of the destination physical network, V(0) when none.
  returned: success
  type: str
  sample: "0"
zone:
  description: The zone as the task named it.
  returned: when O(zone) is given
  type: str
  sample: zone-01
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.providers import enable_element, named
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_provider(engine):
    """The physical network's provider of that name, whatever its case."""
    network = physical_network_id(engine)
    providers = engine.client.list("listNetworkServiceProviders", physicalnetworkid=network)
    return named(providers, engine.params["name"])


def physical_network_id(engine):
    zone = engine.params.get("zone")
    if zone:
        return engine.lookup.id_in_zone("physical_network", engine.params["physical_network"], zone)
    return engine.lookup.id("physical_network", engine.params["physical_network"])


def add_to_physical_network(engine, params):
    params["physicalnetworkid"] = physical_network_id(engine)
    return params


def enable_element_first(engine, current, params):
    """CloudStack enables a router or internal LB provider only once its element is enabled."""
    if params.get("state") == "Enabled":
        enable_element(engine, dict(current, name=current.get("name") or engine.params["name"]))
    return params


def names_as_given(engine, result):
    result.update(physical_network=engine.params["physical_network"], zone=engine.params.get("zone"))
    return result


class Providers(Resource):
    """A provider is found on its physical network: both are needed in every state."""

    def argument_spec(self):
        spec = super(Providers, self).argument_spec()
        spec["physical_network"]["required"] = True
        return spec


RESOURCE = Providers(
    "network service provider",
    list_command="listNetworkServiceProviders", create_command="addNetworkServiceProvider",
    update_command="updateNetworkServiceProvider", delete_command="deleteNetworkServiceProvider",
    response_key="networkserviceprovider",
    fields=[
        Field("name", "name", update=None, required=True, aliases=["provider"], ignore_case=True),
        Field("physical_network", compare=False),  # found and sent by the hooks, scoped by zone
        Field("zone", compare=False),
        Field("service_list", "servicelist", type="list", returned="servicelist"),
        Field("state", "state", create=None, internal=True),
    ],
    states={"present": {}, "enabled": {"state": "Enabled"}, "disabled": {"state": "Disabled"}},
    renames={"physicalnetworkid": "physical_network_id", "servicelist": "service_list",
             "canenableindividualservice": "can_enable_individual_service",
             "destinationphysicalnetworkid": "destination_physical_network_id"},
    hooks={"find": find_provider, "prepare_create": add_to_physical_network, "prepare_update": enable_element_first,
           "result": names_as_given},
    waits=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
