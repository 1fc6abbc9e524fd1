#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc_offering
short_description: Manage CloudStack VPC offerings
description:
  - Create, update, enable, disable and delete VPC offerings.
  - CloudStack changes only O(display_text), O(domains), O(zones), O(sort_key) and the state of an existing offering; every
    other option is set at creation, and asking for another value of one fails, naming it, current and wanted
    value.
  - CloudStack refuses to delete an offering that VPCs use (disable it instead), and a default offering.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the VPC offering; CloudStack keeps these names unique.
    type: str
    required: true
  state:
    description:
      - State of the VPC offering. CloudStack creates offerings disabled, so V(present) creates a disabled
        offering and leaves the state of an existing one as it is.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  supported_services:
    description:
      - Services the offering supports; required to create it. CloudStack adds V(SourceNat), V(NetworkACL) and
        V(Gateway) when missing; those are not compared unless listed.
    type: list
    elements: str
    aliases: [supported_service]
  service_providers:
    description:
      - The provider of each service, as dicts with keys C(service) and C(provider); the VPC virtual router
        (V(VpcVirtualRouter)) provides the others.
      - Compared with what the offering holds, case aside; each given pair must be there.
    type: list
    elements: dict
    aliases: [service_provider]
  service_capabilities:
    description:
      - Capabilities, as dicts with keys C(service), C(capabilitytype) and C(capabilityvalue), such as
        V(RedundantRouter) of V(SourceNat), V(DistributedRouter) and V(RegionLevelVpc) of V(Connectivity).
      - Compared with the capabilities CloudStack lists for the offering; each given one must be there.
    type: list
    elements: dict
    aliases: [service_capability]
  service_offering:
    description:
      - The system offering (name or id) of the VPC's routers. CloudStack does not list it back, so it is sent
        at creation only, never compared.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering
  - cloudstack.cloud.offering.network
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an enabled VPC offering with redundant routers
  cloudstack.cloud.vpc_offering:
    name: vpc-redundant
    display_text: VPC with redundant routers
    supported_services: [Dhcp, Dns, SourceNat, StaticNat, PortForwarding, Lb, UserData, NetworkACL]
    service_capabilities:
      - {service: SourceNat, capabilitytype: RedundantRouter, capabilityvalue: true}
    state: enabled

- name: Restrict it to a domain
  cloudstack.cloud.vpc_offering:
    name: vpc-redundant
    domains: [ROOT/customers]

- name: Remove it
  cloudstack.cloud.vpc_offering:
    name: vpc-redundant
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the VPC offering.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the VPC offering.
  returned: success
  type: str
  sample: vpc-redundant
display_text:
  description: Display text of the VPC offering.
  returned: success
  type: str
  sample: VPC with redundant routers
state:
  description: State of the VPC offering.
  returned: success
  type: str
  sample: Enabled
is_default:
  description: Whether it is one of CloudStack's default offerings.
  returned: success
  type: bool
  sample: false
distributed:
  description: Whether the VPC routers are distributed (one-hop forwarding).
  returned: success
  type: bool
  sample: false
for_nsx:
  description: Whether the offering is for NSX networks.
  returned: success
  type: bool
  sample: false
region_level:
  description: Whether the offering supports region level VPCs.
  returned: success
  type: bool
  sample: false
service_offering_id:
  description: ID of the system offering of the VPC's routers, as the create returned it.
  returned: success and set at creation
  type: str
  sample: c5f7a5fc-43f8-11e5-a151-feff819cdc9f
supported_services:
  description: Services of the offering, those CloudStack added included.
  returned: success
  type: list
  elements: str
  sample: [Dhcp, Dns, Gateway, NetworkACL, SourceNat]
service_providers:
  description: Provider of each service.
  returned: success
  type: list
  elements: dict
  sample: [{service: Dhcp, provider: VpcVirtualRouter}]
service_capabilities:
  description: Capabilities CloudStack lists for the services.
  returned: success
  type: list
  elements: dict
  sample: [{service: SourceNat, capabilitytype: RedundantRouter, capabilityvalue: "true"}]
domains:
  description: Names of the domains the offering is restricted to (none when public).
  returned: success
  type: list
  elements: str
  sample: [customers]
zones:
  description: Names of the zones the offering is restricted to (none when in every zone).
  returned: success
  type: list
  elements: str
  sample: [zone-01]
created:
  description: When the offering was created.
  returned: success
  type: str
  sample: "2026-01-02T10:11:12+0000"
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.offerings import (
    RENAMES, PairsField, ServicesField, as_lists, create_enabled, find_by_name, prepare_nsx, update_then_find)
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

RESOURCE = Resource(
    "VPC offering",
    list_command="listVPCOfferings", create_command="createVPCOffering",
    update_command="updateVPCOffering", delete_command="deleteVPCOffering",
    response_key="vpcoffering",
    fields=[
        Field("name", "name", required=True),
        Field("display_text", "displaytext"),
        ServicesField("supported_services", "supportedservices", implied=["SourceNat", "NetworkACL", "Gateway"],
                      update=None, aliases=["supported_service"], required=True),
        PairsField("service_providers", "serviceproviderlist", ("service", "provider"), update=None,
                   aliases=["service_provider"]),
        PairsField("service_capabilities", "servicecapabilitylist", ("service", "capabilitytype", "capabilityvalue"),
                   update=None, aliases=["service_capability"]),
        Field("service_offering", "serviceofferingid", update=None, ref="system_offering", compare=False),
        Field("internet_protocol", "internetprotocol", update=None, choices=["ipv4", "dualstack"]),
        Field("network_mode", "networkmode", update=None, choices=["NATTED", "ROUTED"]),
        Field("routing_mode", "routingmode", update=None, choices=["static", "dynamic"]),
        Field("specify_as_number", "specifyasnumber", update=None, type="bool"),
        Field("for_nsx", "fornsx", update=None, type="bool"),
        Field("nsx_support_lb", "nsxsupportlb", update=None, type="bool", compare=False),
        Field("domains", "domainid", type="list", ref="domain", aliases=["domain"], empty="public"),
        Field("zones", "zoneid", type="list", ref="zone", aliases=["zone"], empty="all"),
        Field("sort_key", create=None, update="sortkey", type="int", unreturned=True),
        Field("state", create=None, update="state", returned="state", internal=True),
    ],
    states={"present": {}, "enabled": {"state": "Enabled"}, "disabled": {"state": "Disabled"}},
    since={"createVPCOffering.networkmode": "4.20", "createVPCOffering.routingmode": "4.20",
           "createVPCOffering.specifyasnumber": "4.20", "createVPCOffering.fornsx": "4.20",
           "createVPCOffering.nsxsupportlb": "4.20"},
    renames=RENAMES,
    waits=True,
    jobs=True,
    hooks={
        "find": find_by_name("listVPCOfferings"),
        "prepare_create": prepare_nsx,
        "create": create_enabled("createVPCOffering", "vpcoffering"),
        "prepare_update": update_then_find("updateVPCOffering"),
        "result": lambda engine, result: as_lists(result),
    },
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
