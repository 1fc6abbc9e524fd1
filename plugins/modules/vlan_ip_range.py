#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vlan_ip_range
short_description: Manage VLAN IP ranges of CloudStack zones
description:
  - Create, dedicate and delete the public IP ranges of a zone and the IP ranges of shared networks, IPv4 and IPv6.
  - CloudStack gives ranges no name; a range is found in its O(zone) by O(start_ip) and O(end_ip) (an IPv6-only
    range by O(cidr_ipv6), O(start_ipv6) and O(end_ipv6)).
  - When no range has exactly these addresses but one range of the zone (on O(vlan), when given) holds some of
    them, that range is widened or narrowed in place to O(start_ip)-O(end_ip) (C(updateVlanIpRange)); CloudStack
    refuses to leave out an address in use. Addresses that meet several ranges fail, naming them. V(absent)
    removes only a range with exactly these addresses.
  - The gateways, netmask, VLAN, network, physical network and pod are set at creation; another value for an
    existing range fails naming it (delete and re-create the range, or add another one).
  - O(domain), O(account) and O(project) dedicate a public range (C(dedicatePublicIpRange)); another owner for a
    dedicated range releases it first.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  zone:
    description:
      - Name or id of the zone of the range.
    type: str
    required: true
  start_ip:
    description:
      - First IPv4 address of the range; with O(end_ip), what identifies it.
      - Required unless the range is IPv6 only (O(cidr_ipv6)).
    type: str
  end_ip:
    description:
      - Last IPv4 address of the range; O(start_ip) when not given.
    type: str
  gateway:
    description:
      - IPv4 gateway of the range; needed to create an IPv4 range.
    type: str
  netmask:
    description:
      - IPv4 netmask of the range; needed to create an IPv4 range.
    type: str
  start_ipv6:
    description:
      - First IPv6 address of the range.
    type: str
  end_ipv6:
    description:
      - Last IPv6 address of the range; O(start_ipv6) when not given.
    type: str
  gateway_ipv6:
    description:
      - IPv6 gateway of the range.
    type: str
  cidr_ipv6:
    description:
      - IPv6 CIDR of the range; makes it an IPv6 (or dual-stack) range.
    type: str
  vlan:
    description:
      - VLAN id (V(100) or V(vlan://100)) or V(untagged); the network's VLAN when not given for a network's range.
      - Set at creation and not compared afterwards (CloudStack returns it as a URI).
    type: str
  network:
    description:
      - Name or id of the shared network the range is for, looked up within the zone.
    type: str
  physical_network:
    description:
      - Name or id of the physical network of the range, looked up within the zone; CloudStack picks the one
        with public traffic when not given.
    type: str
  pod:
    description:
      - Name or id of the pod of a Basic zone's guest range.
    type: str
  for_virtual_network:
    description:
      - V(true) for a public range (virtual network), V(false) for a shared network's range (direct).
      - CloudStack's default when not given (public in an Advanced zone without O(network)).
    type: bool
  for_system_vms:
    description:
      - Whether the range's addresses are reserved for system VMs; can be changed while the range is not dedicated.
    type: bool
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers) or id) the public range is dedicated to, or of O(account).
    type: str
  account:
    description:
      - Account the public range is dedicated to, in O(domain) (the account's own domain when not given).
      - Mutually exclusive with O(project).
    type: str
  project:
    description:
      - Name or id of the project the public range is dedicated to.
      - Mutually exclusive with O(account).
    type: str
  state:
    description:
      - State of the range.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a public IP range on VLAN 100
  cloudstack.cloud.vlan_ip_range:
    zone: zone-01
    vlan: "100"
    gateway: 203.0.113.1
    netmask: 255.255.255.0
    start_ip: 203.0.113.10
    end_ip: 203.0.113.100
    for_virtual_network: true

- name: Dedicate it to an account
  cloudstack.cloud.vlan_ip_range:
    zone: zone-01
    start_ip: 203.0.113.10
    end_ip: 203.0.113.100
    account: customer1
    domain: ROOT/customers

- name: A dual-stack range of a shared network
  cloudstack.cloud.vlan_ip_range:
    zone: zone-01
    network: shared-net
    gateway: 10.2.4.1
    netmask: 255.255.255.0
    start_ip: 10.2.4.10
    end_ip: 10.2.4.100
    gateway_ipv6: 2001:db8::1
    cidr_ipv6: 2001:db8::/64
    start_ipv6: 2001:db8::10
    end_ipv6: 2001:db8::50

- name: Remove the public range
  cloudstack.cloud.vlan_ip_range:
    zone: zone-01
    start_ip: 203.0.113.10
    end_ip: 203.0.113.100
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the range.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
zone:
  description: The zone as the task named it.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone.
  returned: success
  type: str
vlan:
  description: VLAN of the range.
  returned: success
  type: str
  sample: vlan://100
gateway:
  description: IPv4 gateway.
  returned: success and IPv4
  type: str
  sample: 203.0.113.1
netmask:
  description: IPv4 netmask.
  returned: success and IPv4
  type: str
  sample: 255.255.255.0
cidr:
  description: IPv4 CIDR of the range.
  returned: success and IPv4
  type: str
  sample: 203.0.113.0/24
start_ip:
  description: First IPv4 address.
  returned: success and IPv4
  type: str
  sample: 203.0.113.10
end_ip:
  description: Last IPv4 address.
  returned: success and IPv4
  type: str
  sample: 203.0.113.100
gateway_ipv6:
  description: IPv6 gateway.
  returned: if available
  type: str
  sample: 2001:db8::1
cidr_ipv6:
  description: IPv6 CIDR.
  returned: if available
  type: str
  sample: 2001:db8::/64
start_ipv6:
  description: First IPv6 address.
  returned: if available
  type: str
  sample: 2001:db8::10
end_ipv6:
  description: Last IPv6 address.
  returned: if available
  type: str
  sample: 2001:db8::50
for_virtual_network:
  description: Whether the range is public (virtual network) rather than a shared network's (direct).
  returned: success
  type: bool
  sample: true
for_systemvms:
  description: Whether the range's addresses are reserved for system VMs.
  returned: success
  type: bool
  sample: false
physical_network:
  description: UUID of the physical network of the range.
  returned: success
  type: str
network:
  description: The network as the task named it.
  returned: when O(network) is given
  type: str
  sample: shared-net
network_id:
  description: UUID of the network of the range.
  returned: if available
  type: str
pod_id:
  description: UUID of the pod of the range.
  returned: if available
  type: str
pod_name:
  description: Name of the pod of the range.
  returned: if available
  type: str
domain:
  description: Domain the range is dedicated to (its account's).
  returned: when dedicated
  type: str
  sample: customers
domain_id:
  description: UUID of that domain.
  returned: when dedicated
  type: str
account:
  description: Account the range is dedicated to.
  returned: when dedicated to an account
  type: str
  sample: customer1
project:
  description: Project the range is dedicated to.
  returned: when dedicated to a project
  type: str
  sample: web
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

import ipaddress

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

OWNER = ("account", "domain", "domainid", "domainpath", "project", "projectid")
OWNER_RESULT = ("account", "domain", "domain_id", "domainpath", "project", "project_id")
DEDICATION = ("domainid", "account", "projectid")  # the options' update names: sent by dedicate()


def find_range(engine):
    """A range has no name: the zone's one with these addresses."""
    params = engine.params
    zone = engine.lookup.id("zone", params["zone"])
    if params.get("start_ip"):
        wanted = dict(startip=params["start_ip"], endip=params.get("end_ip") or params["start_ip"])
    else:
        wanted = dict(ip6cidr=params["cidr_ipv6"], startipv6=params.get("start_ipv6"),
                      endipv6=params.get("end_ipv6") or params.get("start_ipv6"))
    listed = engine.client.list("listVlanIpRanges", zoneid=zone)
    found = [item for item in listed if all(item.get(key) == value for key, value in wanted.items())]
    if not found and params.get("start_ip") and params["state"] != "absent":
        found = overlapping(engine, listed, wanted["startip"], wanted["endip"])
    return without_system_owner(found[0]) if found else None


def overlapping(engine, listed, start, end):
    """The zone's IPv4 range (on the same VLAN, when given) whose addresses meet start..end: the range to widen or
    narrow in place. Meeting several is an error: which one to keep is the user's choice."""
    def number(address):
        return int(ipaddress.IPv4Address(address))

    vlan = engine.params.get("vlan")
    same_vlan = [item for item in listed if item.get("startip") and
                 (vlan is None or str(item.get("vlan")).replace("vlan://", "") == str(vlan).replace("vlan://", ""))]
    try:
        first, last = number(start), number(end)
    except ValueError as exc:
        engine.fail("start_ip/end_ip: %s" % exc)
    met = [item for item in same_vlan if number(item["startip"]) <= last and number(item["endip"]) >= first]
    if len(met) > 1:
        engine.fail("start_ip/end_ip: %s-%s meets %d ranges of the zone (%s); only one range can be widened or narrowed "
                    "to it: delete the others first, or give addresses that meet one" % (
                        start, end, len(met), ", ".join("%s-%s" % (r["startip"], r["endip"]) for r in met)))
    return met


def without_system_owner(vlan):
    """A range nobody dedicated is listed as the system account's: show it without an owner."""
    if vlan.get("account") == "system":
        vlan = dict((key, value) for key, value in vlan.items() if key not in OWNER)
    return vlan


def owner_domain(engine):
    """The domainid CloudStack wants with an account or a project: the given domain's, else the owner's own."""
    params = engine.params
    if params.get("domain"):
        return engine.lookup.id("domain", params["domain"])
    if params.get("account"):
        return engine.lookup.find("account", params["account"])["domainid"]
    if params.get("project"):
        return engine.lookup.find("project", params["project"])["domainid"]
    return None


def default_create_values(engine, params):
    params.setdefault("endip", params.get("startip"))
    if params.get("startipv6"):
        params.setdefault("endipv6", params["startipv6"])
    if params.get("account"):
        params["domainid"] = owner_domain(engine)
    return params


def dedicate(engine, current, params):
    """Another owner: release the range from its current one, then dedicate it (domainid is always wanted)."""
    if not any(key in params for key in DEDICATION):
        return params
    for key in DEDICATION:
        params.pop(key, None)
    if any(current.get(key) for key in ("account", "domainid", "projectid")):
        engine.write("releasePublicIpRange", id=current.get("id"))
    owner = dict(account=engine.params.get("account"),
                 projectid=engine.params.get("project") and engine.lookup.id("project", engine.params["project"]))
    engine.write("dedicatePublicIpRange", id=current.get("id"), domainid=owner_domain(engine),
                 **dict((key, value) for key, value in owner.items() if value))
    return params


def names_as_given(engine, result):
    """ngine_io's zone and network keys: the names the task gave (CloudStack returns only their ids)."""
    if result.get("account") == "system":  # a create's or an update's answer, not found by find_range
        result = dict((key, value) for key, value in result.items() if key not in OWNER_RESULT)
    result["zone"] = engine.params["zone"]
    if engine.params.get("network"):
        result["network"] = engine.params["network"]
    return result


class VlanIpRanges(Resource):
    """A range is found in its zone: the zone is needed in every state."""

    def argument_spec(self):
        spec = super(VlanIpRanges, self).argument_spec()
        spec["zone"]["required"] = True
        return spec


RESOURCE = VlanIpRanges(
    "VLAN IP range",
    list_command="listVlanIpRanges", create_command="createVlanIpRange",
    update_command="updateVlanIpRange", delete_command="deleteVlanIpRange",
    response_key="vlan",
    fields=[
        Field("zone", "zoneid", update=None, ref="zone", required=True),
        Field("start_ip", "startip"),
        Field("end_ip", "endip"),
        Field("gateway", "gateway", update=None),
        Field("netmask", "netmask", update=None),
        Field("start_ipv6", "startipv6", update=None),
        Field("end_ipv6", "endipv6", update=None),
        Field("gateway_ipv6", "ip6gateway", update=None),
        Field("cidr_ipv6", "ip6cidr", update=None),
        Field("vlan", "vlan", update=None, compare=False),  # returned as vlan://N
        Field("network", "networkid", update=None, ref="network", ref_scope={"zoneid": "zone"}),
        Field("physical_network", "physicalnetworkid", update=None, ref="physical_network", ref_scope={"zoneid": "zone"}),
        Field("pod", "podid", update=None, ref="pod", ref_name="podname", ref_scope={"zoneid": "zone"}),
        Field("for_virtual_network", "forvirtualnetwork", update=None, type="bool"),
        Field("for_system_vms", "forsystemvms", type="bool"),
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    renames={"startip": "start_ip", "endip": "end_ip", "ip6gateway": "gateway_ipv6", "ip6cidr": "cidr_ipv6",
             "startipv6": "start_ipv6", "endipv6": "end_ipv6", "forvirtualnetwork": "for_virtual_network",
             "forsystemvms": "for_systemvms", "physicalnetworkid": "physical_network", "networkid": "network_id",
             "podid": "pod_id", "podname": "pod_name", "account": "account", "domain": "domain",
             "project": "project", "projectid": "project_id"},
    hooks={"find": find_range, "prepare_create": default_create_values, "prepare_update": dedicate,
           "result": names_as_given},
    module_kwargs=dict(required_one_of=[("start_ip", "cidr_ipv6")], mutually_exclusive=[("account", "project")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
