#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network
short_description: Manage CloudStack guest networks
description:
  - Create, update, restart and delete isolated, shared and L2 guest networks, and the tiers of a VPC.
  - CloudStack changes only O(display_text), O(network_domain), O(network_offering) (an offering of the same guest
    IP type; the network is re-implemented) and the tags of an existing network; asking for another value of an
    option set at creation fails, naming it, current and wanted value.
  - An isolated network gets its VLAN, its source NAT address and its virtual router the first time it is used
    (an instance deployed in it, an address acquired for it), not when it is created.
  - CloudStack refuses to delete a network that instances still use.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the network; it identifies the network within the zone and the owner (O(account), O(project)).
    type: str
    required: true
  display_text:
    description:
      - Display text of the network; O(name) when not given at creation.
    type: str
  network_offering:
    description:
      - Name or id of the network offering; required to create the network.
      - Changing it on an existing network upgrades it to the new offering, which must have the same guest IP type.
    type: str
  zone:
    description:
      - Name or id of the zone of the network.
    type: str
    required: true
  gateway:
    description:
      - IPv4 gateway of the network; with O(netmask). An isolated network without them gets the zone's guest CIDR;
        shared networks and VPC tiers need them.
    type: str
  netmask:
    description:
      - IPv4 netmask of the network; with O(gateway).
    type: str
  start_ip:
    description:
      - First IPv4 address of the range of a shared network. CloudStack does not list it back, so it is set at creation only.
    type: str
  end_ip:
    description:
      - Last IPv4 address of the range of a shared network; O(start_ip) when not given. Set at creation only.
    type: str
  cidr_ipv6:
    description:
      - IPv6 CIDR of the network (shared networks).
    type: str
  gateway_ipv6:
    description:
      - IPv6 gateway of the network.
    type: str
  start_ipv6:
    description:
      - First IPv6 address of the network's range. Set at creation only, never compared.
    type: str
  end_ipv6:
    description:
      - Last IPv6 address of the network's range. Set at creation only, never compared.
    type: str
  vlan:
    description:
      - VLAN of the network, for offerings that let it be specified (shared and some L2 offerings).
    type: str
  isolated_pvlan:
    description:
      - Secondary (isolated) private VLAN of the network. Set at creation only, never compared.
    type: str
  network_domain:
    description:
      - DNS domain of the network's instances.
    type: str
  acl_type:
    description:
      - Who may use the network; V(account) (the default for isolated networks) or V(domain) (the default for
        shared networks).
    type: str
    choices: [account, domain]
  subdomain_access:
    description:
      - Whether the subdomains of a V(domain) network's domain may use it. Set at creation only, never compared.
    type: bool
  vpc:
    description:
      - Name or id of the VPC the network is a tier of; O(gateway) and O(netmask) must then be inside the VPC's CIDR.
    type: str
  acl:
    description:
      - Name or id of the network ACL list of the VPC tier; another one replaces it (C(replaceNetworkACLList)).
    type: str
  clean_up:
    description:
      - With O(state=restarted), whether CloudStack also cleans up the network (re-creates its virtual router).
    type: bool
  tags:
    description:
      - Tags of the network as a map, or as a list of mappings with C(key) and C(value) (ngine_io's form).
      - Tags not listed are removed; the tags of the network are left alone when not given.
    type: raw
    aliases: [tag]
  state:
    description:
      - State of the network. V(restarted) ensures it is present, then restarts it (always a change).
    type: str
    default: present
    choices: [present, restarted, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an isolated network with source NAT
  cloudstack.cloud.network:
    name: web
    zone: zone-01
    network_offering: DefaultIsolatedNetworkOfferingWithSourceNatService
    network_domain: web.example.com
    tags:
      env: prod

- name: Ensure a shared network on VLAN 300
  cloudstack.cloud.network:
    name: shared-300
    zone: zone-01
    network_offering: DefaultSharedNetworkOffering
    vlan: "300"
    gateway: 10.30.0.1
    netmask: 255.255.255.0
    start_ip: 10.30.0.10
    end_ip: 10.30.0.250
    acl_type: domain
    domain: ROOT

- name: Ensure a tier of a VPC
  cloudstack.cloud.network:
    name: db
    zone: zone-01
    vpc: my-vpc
    network_offering: DefaultIsolatedNetworkOfferingForVpcNetworks
    gateway: 10.10.2.1
    netmask: 255.255.255.0

- name: Restart a network with clean up
  cloudstack.cloud.network:
    name: web
    zone: zone-01
    clean_up: true
    state: restarted

- name: Remove a network
  cloudstack.cloud.network:
    name: web
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the network.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the network.
  returned: success
  type: str
  sample: web
display_text:
  description: Display text of the network.
  returned: success
  type: str
  sample: web network
type:
  description: Guest IP type of the network.
  returned: success
  type: str
  sample: Isolated
state:
  description: State of the network (V(Allocated) until first used, then V(Implemented); V(Setup) for shared ones).
  returned: success
  type: str
  sample: Implemented
traffic_type:
  description: Traffic type of the network.
  returned: success
  type: str
  sample: Guest
zone:
  description: Name of the zone of the network.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone of the network.
  returned: success
  type: str
  sample: 3f8a1fd3-4f7c-4f3e-9a0b-6e0f3c2b1a11
cidr:
  description: IPv4 CIDR of the network.
  returned: success
  type: str
  sample: 10.1.1.0/24
gateway:
  description: IPv4 gateway of the network.
  returned: success
  type: str
  sample: 10.1.1.1
netmask:
  description: IPv4 netmask of the network.
  returned: success
  type: str
  sample: 255.255.255.0
cidr_ipv6:
  description: IPv6 CIDR of the network.
  returned: if available
  type: str
  sample: 2001:db8::/64
gateway_ipv6:
  description: IPv6 gateway of the network.
  returned: if available
  type: str
  sample: 2001:db8::1
vlan:
  description: VLAN of the network, once it has one.
  returned: if available
  type: str
  sample: "300"
broadcast_domain_type:
  description: Broadcast domain type of the network.
  returned: success
  type: str
  sample: Vlan
dns1:
  description: First DNS server of the network.
  returned: success
  type: str
  sample: 8.8.8.8
dns2:
  description: Second DNS server of the network.
  returned: success
  type: str
  sample: 8.8.4.4
network_domain:
  description: DNS domain of the network.
  returned: success
  type: str
  sample: web.example.com
network_offering:
  description: Name of the network offering.
  returned: success
  type: str
  sample: DefaultIsolatedNetworkOfferingWithSourceNatService
network_offering_id:
  description: UUID of the network offering.
  returned: success
  type: str
  sample: 5e1ad8e4-4f5a-4bd9-ae2e-0e2a8a8e3b1c
network_offering_display_text:
  description: Display text of the network offering.
  returned: success
  type: str
  sample: Offering for Isolated networks with Source Nat service enabled
network_offering_availability:
  description: Availability of the network offering.
  returned: success
  type: str
  sample: Optional
network_offering_conserve_mode:
  description: Whether the network offering is in conserve mode.
  returned: success
  type: bool
  sample: true
services:
  description: Services the network's offering provides.
  returned: success
  type: list
  elements: str
  sample: [Dhcp, Dns, SourceNat]
acl_type:
  description: Who may use the network.
  returned: success
  type: str
  sample: Account
acl:
  description: Name of the network ACL list of a VPC tier.
  returned: if available
  type: str
  sample: default_allow
acl_id:
  description: UUID of the network ACL list of a VPC tier.
  returned: if available
  type: str
  sample: 13c3a5a2-1d3b-11e5-9f0a-005056a7f2c1
vpc:
  description: Name of the VPC the network is a tier of.
  returned: if available
  type: str
  sample: my-vpc
vpc_id:
  description: UUID of the VPC the network is a tier of.
  returned: if available
  type: str
  sample: 8d3f3c5e-1d3b-11e5-9f0a-005056a7f2c1
is_persistent:
  description: Whether the network is persistent (implemented at creation).
  returned: success
  type: bool
  sample: false
is_system:
  description: Whether it is a system network.
  returned: success
  type: bool
  sample: false
restart_required:
  description: Whether CloudStack asks for a restart of the network.
  returned: success
  type: bool
  sample: false
public_ips:
  description: Public addresses acquired for an isolated network, its source NAT address included.
  returned: if available
  type: list
  elements: str
  sample: [192.168.2.10, 192.168.2.11]
snat_ip:
  description: Source NAT address of an isolated network, once it has one (after its first use).
  returned: if available
  type: str
  sample: 192.168.2.10
domain:
  description: Domain of the network's owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account that owns the network.
  returned: if available
  type: str
  sample: admin
project:
  description: Project that owns the network.
  returned: if available
  type: str
  sample: web
tags:
  description: Tags of the network, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
  sample: [{key: env, value: prod}]
job_id:
  description: Id of the job left running with O(wait=false).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.networks import NETWORK_RENAMES, renamed
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, default_display_text
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, wanted_tags


def check_tags(engine, params):
    """A ``prepare_create`` hook: a bad tags value is refused before anything is created; the display text CloudStack
    lists defaults to the name."""
    wanted_tags(engine)
    return default_display_text(engine, params)


def converge_acl(engine, network):
    """A VPC tier's ACL list is replaced by its own command (replaceNetworkACLList), as ngine_io does."""
    acl = engine.params.get("acl")
    if acl is None or engine.created or acl in (network.get("aclid"), network.get("aclname")):  # the create sent it
        return network
    acl_id = engine.lookup.id("network_acl", acl, vpcid=network.get("vpcid"))
    if acl_id == network.get("aclid"):
        return network
    engine.note("acl", network.get("aclid"), acl_id)
    engine.write("replaceNetworkACLList", wait=True, aclid=acl_id, networkid=network["id"])
    return dict(network, aclid=acl_id, aclname=acl if acl_id != acl else network.get("aclname"))


def converge(engine, network):
    """Replace the ACL list of a VPC tier, tag the network, then restart it when asked."""
    network = converge_tags(engine, converge_acl(engine, network), "Network", wanted_tags(engine))
    if engine.params["state"] != "restarted":
        return network
    restart = dict(id=network.get("id"))
    if engine.params.get("clean_up") is not None:
        restart["cleanup"] = engine.params["clean_up"]
    engine.note("state", network.get("state"), "restarted")
    response = engine.write("restartNetwork", wait=engine.waiting, **restart)
    if not engine.waiting and isinstance(response, dict):
        engine.job_id = response.get("jobid")
    return engine.find() if network.get("id") and not engine.check_mode else network


def with_addresses(engine, network):
    """A ``result`` hook: the public addresses of an isolated network, its source NAT address apart (ngine_io's keys)."""
    if not network.get("id") or network.get("type") != "Isolated" or engine.params["state"] == "absent":
        return network
    scope = dict(projectid=network["project_id"]) if network.get("project_id") else {}
    addresses = engine.client.list("listPublicIpAddresses", associatednetworkid=network["id"], listall=True, **scope)
    network["public_ips"] = sorted(address["ipaddress"] for address in addresses)
    network["snat_ip"] = next((address["ipaddress"] for address in addresses if address.get("issourcenat")), None)
    return network


RESOURCE = Resource(
    "network",
    list_command="listNetworks", create_command="createNetwork", update_command="updateNetwork",
    delete_command="deleteNetwork",
    scope={"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid", "vpc": "vpcid"},
    fields=[
        Field("name", "name", required=True),
        Field("display_text", "displaytext"),
        Field("network_offering", "networkofferingid", ref="network_offering", ref_name="networkofferingname",
              required=True),
        Field("zone", "zoneid", ref="zone", ref_name="zonename", update=None, required=True),
        Field("gateway", "gateway", update=None),
        Field("netmask", "netmask", update=None),
        Field("start_ip", "startip", update=None, compare=False),
        Field("end_ip", "endip", update=None, compare=False),
        Field("cidr_ipv6", "ip6cidr", update=None),
        Field("gateway_ipv6", "ip6gateway", update=None),
        Field("start_ipv6", "startipv6", update=None, compare=False),
        Field("end_ipv6", "endipv6", update=None, compare=False),
        Field("vlan", "vlan", update=None),
        Field("isolated_pvlan", "isolatedpvlan", update=None, compare=False),
        Field("network_domain", "networkdomain"),
        Field("acl_type", "acltype", update=None, choices=["account", "domain"]),
        Field("subdomain_access", "subdomainaccess", type="bool", update=None, compare=False),
        Field("vpc", "vpcid", ref="vpc", ref_name="vpcname", ref_scope={"zoneid": "zone"}, update=None),
        Field("acl", "aclid", ref="network_acl", ref_name="aclname", ref_scope={"vpcid": "vpc"}, update=None,
              compare=False),  # replaced by converge_acl
        Field("clean_up", type="bool", create=None, update=None, compare=False),
        Field("domain", "domainid", ref="domain", ref_name="domain", update=None),
        Field("account", "account", update=None),
        Field("project", "projectid", ref="project", ref_name="project", update=None),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # a map or a list of {key, value}: converge_tags
    ],
    states={"present": {}, "restarted": {}},
    required=("zone",),
    renames=renamed(NETWORK_RENAMES),
    jobs=True,
    since={"listNetworks.name": "4.19"},
    hooks={"prepare_create": check_tags, "converge": converge, "result": with_addresses},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("account", "project")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
