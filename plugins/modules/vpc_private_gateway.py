#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc_private_gateway
short_description: Manage the private gateways of CloudStack VPCs
description:
  - Create and delete a private gateway of a VPC, its way into a private network, found by its O(ip_address) in
    O(vpc); change its network ACL list.
  - A private gateway is on a VLAN of its own (O(vlan), root admins only) or on an existing network (O(network)), one of
    them. CloudStack refuses a VLAN of the zone's guest VLAN range (unless O(bypass_vlan_overlap_check)), a VLAN another
    gateway uses with another network, an address already in use on that VLAN, and an ACL list of another VPC.
  - Only its ACL list can change; the other options are set at creation (delete and re-create the gateway to change
    them).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  ip_address:
    description:
      - IPv4 address of the VPC on the private network; identifies the gateway in O(vpc).
    type: str
    required: true
  vpc:
    description:
      - Name or id of the VPC.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the VPC.
    type: str
    required: true
  gateway:
    description:
      - Gateway of the private network; required to create.
    type: str
  netmask:
    description:
      - Netmask of the private network; required to create.
    type: str
  vlan:
    description:
      - VLAN of the private network (such as V(400)); with the system offering for private gateways, O(vlan) or
        O(network) is required.
    type: str
  network:
    description:
      - Name or id of an existing network of the zone the gateway is on, instead of a VLAN.
    type: str
  network_acl:
    description:
      - Name or id of the network ACL list of the gateway (one of the VPC's, or V(default_allow) or
        V(default_deny)); CloudStack applies V(default_deny) when not given. Changed on an existing gateway.
    type: str
  network_offering:
    description:
      - Name or id of the network offering of the private network; CloudStack's system offering for private gateways
        when not given.
    type: str
  physical_network:
    description:
      - Name or id of the physical network; that of O(network), or the zone's only one, when not given.
    type: str
  source_nat_supported:
    description:
      - Whether the gateway supports source NAT.
    type: bool
  bypass_vlan_overlap_check:
    description:
      - Whether to allow a VLAN in the zone's guest VLAN range (root admins only). Used at creation.
    type: bool
  state:
    description:
      - Whether the private gateway should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
notes:
  - O(domain), O(account) and O(project) find the VPC and the gateway (the gateway belongs to the VPC's owner).
"""

EXAMPLES = r"""
- name: A private gateway of the VPC shop on VLAN 400
  cloudstack.cloud.vpc_private_gateway:
    vpc: shop
    zone: zone-01
    ip_address: 10.11.11.2
    gateway: 10.11.11.1
    netmask: 255.255.255.0
    vlan: "400"
    network_acl: private-in

- name: Delete it
  cloudstack.cloud.vpc_private_gateway:
    vpc: shop
    zone: zone-01
    ip_address: 10.11.11.2
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the private gateway.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
ip_address:
  description: IPv4 address of the VPC on the private network.
  returned: success
  type: str
  sample: 10.11.11.2
gateway:
  description: Gateway of the private network.
  returned: success
  type: str
  sample: 10.11.11.1
netmask:
  description: Netmask of the private network.
  returned: success
  type: str
  sample: 255.255.255.0
vlan:
  description: VLAN of the private network (without CloudStack's C(vlan://) scheme).
  returned: success and the gateway is on a VLAN
  type: str
  sample: "400"
network:
  description: Name of the network the gateway is on.
  returned: success and the gateway is on a network
  type: str
network_id:
  description: UUID of that network.
  returned: success and the gateway is on a network
  type: str
vpc:
  description: Name of the VPC.
  returned: success
  type: str
  sample: shop
vpc_id:
  description: UUID of the VPC.
  returned: success
  type: str
network_acl:
  description: Name of the gateway's network ACL list.
  returned: when available
  type: str
  sample: default_deny
network_acl_id:
  description: UUID of that list.
  returned: when available
  type: str
physical_network_id:
  description: UUID of the physical network.
  returned: success
  type: str
source_nat_supported:
  description: Whether the gateway supports source NAT.
  returned: success
  type: bool
  sample: false
state:
  description: State of the gateway.
  returned: success
  type: str
  sample: Ready
zone:
  description: Name of the zone.
  returned: success
  type: str
  sample: zone-01
domain:
  description: Domain of the VPC's owner.
  returned: when available
  type: str
  sample: ROOT
account:
  description: Account of the VPC's owner.
  returned: when available
  type: str
  sample: admin
project:
  description: Project of the VPC's owner.
  returned: when available
  type: str
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

VLAN_SCHEME = "vlan://"


def without_scheme(gateway):
    """CloudStack returns the VLAN as a broadcast URI (vlan://400); the option is the tag."""
    vlan = gateway.get("vlan")
    if isinstance(vlan, str) and vlan.startswith(VLAN_SCHEME):
        gateway["vlan"] = vlan[len(VLAN_SCHEME):]
    return gateway


def find_gateway(engine):
    address = engine.params["ip_address"]
    found = [gateway for gateway in engine.client.list("listPrivateGateways", ipaddress=address, **engine.scope_params())
             if gateway.get("ipaddress") == address]
    return without_scheme(found[0]) if found else None


def replace_acl(engine, gateway, params):
    engine.write_own("replaceNetworkACLList", aclid=params["aclid"], gatewayid=gateway["id"])
    return {}


RESOURCE = Resource(
    "private gateway",
    list_command="listPrivateGateways", create_command="createPrivateGateway", delete_command="deletePrivateGateway",
    response_key="privategateway", list_params={"listall": True},
    fields=[
        Field("ip_address", "ipaddress", update=None),
        Field("vpc", "vpcid", update=None, ref="vpc", ref_name="vpcname", ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("gateway", "gateway", update=None, required=True),
        Field("netmask", "netmask", update=None, required=True),
        Field("vlan", "vlan", update=None),
        Field("network", "associatednetworkid", update=None, ref="network", ref_name="associatednetwork",
              ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("network_acl", "aclid", ref="network_acl", ref_name="aclname", ref_scope={"vpcid": "vpc"}),
        Field("network_offering", "networkofferingid", update=None, ref="network_offering", compare=False),
        Field("physical_network", "physicalnetworkid", update=None, ref="physical_network",
              ref_scope={"zoneid": "zone"}),
        Field("source_nat_supported", "sourcenatsupported", update=None, type="bool"),
        Field("bypass_vlan_overlap_check", "bypassvlanoverlapcheck", update=None, type="bool", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    identity="ip_address",
    required=("vpc", "zone"),
    scope={"vpc": "vpcid", "domain": "domainid", "account": "account", "project": "projectid"},
    renames={"aclid": "network_acl_id", "aclname": "network_acl", "physicalnetworkid": "physical_network_id",
             "vpcid": "vpc_id", "vpcname": "vpc", "zonename": "zone", "associatednetwork": "network",
             "associatednetworkid": "network_id"},
    hooks={"find": find_gateway, "prepare_update": replace_acl, "result": lambda engine, gateway: without_scheme(gateway)},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("vlan", "network")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
