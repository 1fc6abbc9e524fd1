#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_offering
short_description: Manage CloudStack network offerings
description:
  - Create, update, enable, disable and delete network offerings.
  - CloudStack changes only O(display_text), O(availability), O(max_connections), O(tags), O(domains), O(zones),
    O(sort_key) and the state of an existing offering; every other option is set at creation, and asking for another value
    of one fails, naming it, current and wanted value.
  - CloudStack refuses to delete an offering that networks use (disable it instead), and a default offering.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the network offering; CloudStack keeps these names unique.
    type: str
    required: true
  state:
    description:
      - State of the network offering. CloudStack creates offerings disabled, so V(present) creates a disabled
        offering and leaves the state of an existing one as it is.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  guest_ip_type:
    description:
      - Guest type of the networks of the offering; required to create it.
    type: str
    choices: [Shared, Isolated, L2]
  supported_services:
    description:
      - Services the offering supports. CloudStack adds V(Gateway) to an offering with V(SourceNat), and
        V(Firewall) when the virtual router provides V(PortForwarding) or V(StaticNat); those are not compared
        unless listed.
    type: list
    elements: str
    aliases: [supported_service]
    choices: [Dns, PortForwarding, Dhcp, SourceNat, UserData, Firewall, StaticNat, Vpn, Lb, NetworkACL, SecurityGroup,
              Connectivity, BaremetalPxeService]
  service_providers:
    description:
      - The provider of each service, as dicts with keys C(service) and C(provider) (such as V(Dhcp) and
        V(VirtualRouter)); a service without one gets none.
      - Compared with what the offering holds, case aside; each given pair must be there.
    type: list
    elements: dict
    aliases: [service_provider]
  service_capabilities:
    description:
      - Capabilities of the services, as dicts with keys C(service), C(capabilitytype) and C(capabilityvalue)
        (such as V(SourceNat), V(RedundantRouter) and V(true)).
      - Compared with the capabilities CloudStack lists for the offering; each given one must be there.
    type: list
    elements: dict
    aliases: [service_capability]
  traffic_type:
    description:
      - Traffic type of the offering; CloudStack supports only V(Guest).
    type: str
    default: Guest
  availability:
    description:
      - Availability of the offering, V(Optional) or V(Required) (only one Isolated offering with SourceNat may be
        required in a cloud); V(Optional) when not given at creation.
    type: str
  conserve_mode:
    description:
      - Whether the offering has IP conserve mode enabled (CloudStack's default V(true)).
    type: bool
  details:
    description:
      - Details of the offering (such as C(internallbprovider), C(publiclbprovider), C(PromiscuousMode)), as a
        mapping of keys to values or a list of dicts with keys C(key) and C(value).
    type: raw
  egress_default_policy:
    description:
      - Whether the default egress policy allows or denies traffic (CloudStack's default V(allow)).
    type: str
    choices: [allow, deny]
  persistent:
    description:
      - Whether the networks of the offering are persistent (implemented at creation).
    type: bool
  keepalive_enabled:
    description:
      - Whether the load balancer keeps connections alive. CloudStack does not return it, so it is sent at
        creation only, never compared.
    type: bool
  max_connections:
    description:
      - Maximum number of concurrent connections of the load balancer.
    type: int
  network_rate:
    description:
      - Data transfer rate in Mb/s.
    type: int
  service_offering:
    description:
      - The system offering (name or id) of the offering's virtual routers.
    type: str
  specify_ip_ranges:
    description:
      - Whether networks of the offering take IP ranges; always V(true) for V(Shared) offerings.
    type: bool
  specify_vlan:
    description:
      - Whether networks of the offering take a VLAN.
    type: bool
  for_vpc:
    description:
      - Whether the offering is for VPC tiers; CloudStack infers it from the services and providers when not given.
    type: bool
  nsx_support_internal_lb:
    description:
      - Whether an NSX offering (O(for_nsx)) has an internal load balancer (CloudStack 4.20 or later); CloudStack then
        lists it with C(supportsinternallb).
      - Sent at creation only, never compared.
    type: bool
  for_tungsten:
    description:
      - Whether the offering is for Tungsten-Fabric networks; CloudStack then requires every service's provider to be
        V(Tungsten) (or V(ConfigDrive)), and sets it itself when a provider is V(Tungsten).
      - Set at creation only; another value for an existing offering fails (delete and re-create it).
    type: bool
  tags:
    description:
      - Tags of the offering (the physical network tags its networks go on); V([]) removes them.
    type: list
    elements: str
    aliases: [tag]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering
  - cloudstack.cloud.offering.network
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an enabled isolated offering with source NAT by the virtual router
  cloudstack.cloud.network_offering:
    name: isolated-snat
    display_text: Isolated with source NAT
    guest_ip_type: Isolated
    supported_services: [Dhcp, Dns, SourceNat, PortForwarding, UserData]
    service_providers:
      - {service: Dhcp, provider: VirtualRouter}
      - {service: Dns, provider: VirtualRouter}
      - {service: SourceNat, provider: VirtualRouter}
      - {service: PortForwarding, provider: VirtualRouter}
      - {service: UserData, provider: VirtualRouter}
    service_capabilities:
      - {service: SourceNat, capabilitytype: RedundantRouter, capabilityvalue: true}
    egress_default_policy: deny
    state: enabled

- name: Disable it (networks keep it; new ones cannot use it)
  cloudstack.cloud.network_offering:
    name: isolated-snat
    state: disabled

- name: Remove a network offering
  cloudstack.cloud.network_offering:
    name: isolated-snat
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the network offering.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the network offering.
  returned: success
  type: str
  sample: isolated-snat
display_text:
  description: Display text of the network offering.
  returned: success
  type: str
  sample: Isolated with source NAT
state:
  description: State of the network offering.
  returned: success
  type: str
  sample: Enabled
guest_ip_type:
  description: Guest type of the network offering.
  returned: success
  type: str
  sample: Isolated
availability:
  description: Availability of the network offering.
  returned: success
  type: str
  sample: Optional
supported_services:
  description: Services of the offering, those CloudStack added included.
  returned: success
  type: list
  elements: str
  sample: [Dhcp, Dns, Gateway, SourceNat]
service_providers:
  description: Provider of each service.
  returned: success
  type: list
  elements: dict
  sample: [{service: Dhcp, provider: VirtualRouter}]
service_capabilities:
  description: Capabilities CloudStack lists for the services.
  returned: success
  type: list
  elements: dict
  sample: [{service: SourceNat, capabilitytype: RedundantRouter, capabilityvalue: "true"}]
service_offering_id:
  description: ID of the system offering of the offering's virtual routers.
  returned: success and set
  type: str
  sample: c5f7a5fc-43f8-11e5-a151-feff819cdc9f
max_connections:
  description: Maximum number of concurrent connections of the load balancer.
  returned: success and set
  type: int
  sample: 300
network_rate:
  description: Data transfer rate in Mb/s.
  returned: success and set
  type: int
  sample: 200
traffic_type:
  description: Traffic type.
  returned: success
  type: str
  sample: Guest
egress_default_policy:
  description: Default egress policy.
  returned: success
  type: str
  sample: allow
is_persistent:
  description: Whether the networks of the offering are persistent.
  returned: success
  type: bool
  sample: false
for_nsx:
  description: Whether the offering is for NSX networks.
  returned: success
  type: bool
  sample: false
for_tungsten:
  description: Whether the offering is for Tungsten-Fabric networks.
  returned: success
  type: bool
  sample: false
is_default:
  description: Whether it is one of CloudStack's default offerings.
  returned: success
  type: bool
  sample: false
for_vpc:
  description: Whether the offering is for VPC tiers.
  returned: success
  type: bool
  sample: false
conserve_mode:
  description: Whether IP conserve mode is enabled.
  returned: success
  type: bool
  sample: true
specify_vlan:
  description: Whether networks of the offering take a VLAN.
  returned: success
  type: bool
  sample: false
specify_ip_ranges:
  description: Whether networks of the offering take IP ranges.
  returned: success
  type: bool
  sample: false
details:
  description: Details of the offering.
  returned: success and set
  type: dict
  sample: {PromiscuousMode: "true"}
tags:
  description: Tags of the offering.
  returned: success
  type: list
  elements: str
  sample: [fast]
domains:
  description: Names of the domains the offering is restricted to (none when public).
  returned: success
  type: list
  elements: str
  sample: [ROOT]
domain_id:
  description: Ids of the domains the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
zones:
  description: Names of the zones the offering is restricted to (none when in every zone).
  returned: success
  type: list
  elements: str
  sample: [zone-01]
zone_id:
  description: Ids of the zones the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
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

SERVICES = ["Dns", "PortForwarding", "Dhcp", "SourceNat", "UserData", "Firewall", "StaticNat", "Vpn", "Lb", "NetworkACL",
            "SecurityGroup", "Connectivity", "BaremetalPxeService"]


RESOURCE = Resource(
    "network offering",
    list_command="listNetworkOfferings", create_command="createNetworkOffering",
    update_command="updateNetworkOffering", delete_command="deleteNetworkOffering",
    response_key="networkoffering",
    fields=[
        Field("name", "name", required=True),
        Field("display_text", "displaytext"),
        Field("guest_ip_type", "guestiptype", update=None, choices=["Shared", "Isolated", "L2"], required=True),
        ServicesField("supported_services", "supportedservices", implied=["Gateway", "Firewall"], update=None,
                      choices=SERVICES, aliases=["supported_service"]),
        PairsField("service_providers", "serviceproviderlist", ("service", "provider"), update=None,
                   aliases=["service_provider"]),
        PairsField("service_capabilities", "servicecapabilitylist", ("service", "capabilitytype", "capabilityvalue"),
                   update=None, aliases=["service_capability"]),
        Field("traffic_type", "traffictype", update=None, default="Guest", ignore_case=True),
        Field("availability", "availability", ignore_case=True),
        Field("conserve_mode", "conservemode", update=None, type="bool"),
        Field("details", "details", update=None, type="dict", key_value_list=True),
        Field("egress_default_policy", "egressdefaultpolicy", update=None, choices=["allow", "deny"]),
        Field("persistent", "ispersistent", update=None, type="bool"),
        Field("keepalive_enabled", "keepaliveenabled", update=None, type="bool", compare=False),
        Field("max_connections", "maxconnections", type="int"),
        Field("network_rate", "networkrate", update=None, type="int"),
        Field("service_offering", "serviceofferingid", update=None, ref="system_offering"),
        Field("specify_ip_ranges", "specifyipranges", update=None, type="bool"),
        Field("specify_vlan", "specifyvlan", update=None, type="bool"),
        Field("for_vpc", "forvpc", update=None, type="bool"),
        Field("internet_protocol", "internetprotocol", update=None, choices=["ipv4", "dualstack"]),
        Field("network_mode", "networkmode", update=None, choices=["NATTED", "ROUTED"]),
        Field("routing_mode", "routingmode", update=None, choices=["static", "dynamic"]),
        Field("specify_as_number", "specifyasnumber", update=None, type="bool"),
        Field("for_nsx", "fornsx", update=None, type="bool"),
        Field("nsx_support_lb", "nsxsupportlb", update=None, type="bool", compare=False),
        Field("nsx_support_internal_lb", "nsxsupportsinternallb", update=None, type="bool", compare=False),
        Field("for_tungsten", "fortungsten", update=None, type="bool"),
        Field("tags", "tags", type="list", aliases=["tag"], result_list=True),
        Field("domains", "domainid", type="list", ref="domain", aliases=["domain"], empty="public"),
        Field("zones", "zoneid", type="list", ref="zone", aliases=["zone"], empty="all"),
        Field("sort_key", create=None, update="sortkey", type="int", unreturned=True),
        Field("state", create=None, update="state", returned="state", internal=True),
    ],
    states={"present": {}, "enabled": {"state": "Enabled"}, "disabled": {"state": "Disabled"}},
    since={"createNetworkOffering.networkmode": "4.20", "createNetworkOffering.routingmode": "4.20",
           "createNetworkOffering.specifyasnumber": "4.20", "createNetworkOffering.fornsx": "4.20",
           "createNetworkOffering.nsxsupportlb": "4.20", "createNetworkOffering.nsxsupportsinternallb": "4.20"},
    renames=RENAMES,
    hooks={
        "find": find_by_name("listNetworkOfferings"),
        "prepare_create": prepare_nsx,
        "create": create_enabled("createNetworkOffering", "networkoffering"),
        "prepare_update": update_then_find("updateNetworkOffering"),
        "result": lambda engine, result: as_lists(result),
    },
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
