#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zone
short_description: Manage CloudStack zones
description:
  - Create, update, enable, disable and delete zones.
  - Options not given are left as they are; the others change an existing zone with C(updateZone), and
    V(enabled) and V(disabled) set its allocation state (CloudStack enables a zone only once a physical network
    carries its management traffic, and its public traffic in an Advanced zone without security groups).
  - Options set only at creation (O(network_type), O(domain),
    O(securitygroups_enabled), O(is_edge)) cannot be changed afterwards, the module fails naming them.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the zone; identifies it unless O(id) is given, then it renames it.
    type: str
  id:
    description:
      - UUID of an existing zone, to find it by id rather than by name.
    type: str
  state:
    description:
      - V(present) ensures the zone exists, V(enabled) and V(disabled) also set its allocation state.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  network_type:
    description:
      - Network type of the zone, set at creation; V(Basic) when not given then (V(Advanced) for an Edge zone, the
        only type CloudStack allows for it).
    type: str
    choices: [Basic, Advanced]
  dns1:
    description:
      - First public DNS server of the zone; required to create it.
    type: str
  dns2:
    description:
      - Second public DNS server of the zone.
    type: str
  internal_dns1:
    description:
      - First internal DNS server of the zone; O(dns1) when not given at creation.
    type: str
  internal_dns2:
    description:
      - Second internal DNS server of the zone.
    type: str
  dns1_ipv6:
    description:
      - First IPv6 DNS server of the zone.
    type: str
  dns2_ipv6:
    description:
      - Second IPv6 DNS server of the zone.
    type: str
  guest_cidr_address:
    description:
      - Guest CIDR address of the zone, for example V(10.1.1.0/24).
    type: str
  network_domain:
    description:
      - Network domain name for the networks of the zone.
    type: str
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers) or id) the zone is dedicated to, set at creation.
      - The zone is public when not given.
    type: str
  is_public:
    description:
      - V(true) makes a zone dedicated to a O(domain) public (C(updateZone)'s C(ispublic)); CloudStack releases the
        dedication.
      - CloudStack never makes a public zone dedicated again through C(updateZone), so V(false) on a public zone fails
        (dedicate the zone with C(dedicateZone), or create it with O(domain)); V(false) on a dedicated zone changes
        nothing.
    type: bool
  is_edge:
    description:
      - Whether the zone is an Edge zone (CloudStack's zone C(type) C(Edge) rather than C(Core)), set at creation.
        CloudStack enables an Edge zone without checking the traffic types of its physical networks.
      - An Edge zone has the V(Advanced) network type.
    type: bool
  local_storage_enabled:
    description:
      - Whether local storage offerings can be used in the zone.
    type: bool
  securitygroups_enabled:
    description:
      - Whether the zone uses security groups, set at creation.
    type: bool
  dhcp_provider:
    description:
      - DHCP provider of the zone, for example V(VirtualRouter). Set by an update after creation.
    type: str
  details:
    description:
      - Details (settings) of the zone, as a map or as a list of C(key)/C(value) dicts; set by an update after creation.
      - Compared with the zone's details as a subset; CloudStack adds the given ones to the zone's details (a key given
        again takes the new value, the others stay).
    type: raw
  dns_search_order:
    description:
      - DNS search domains of the zone's guest networks, in order, for example V([example.com, corp.example.com]); set
        by an update after creation.
      - CloudStack keeps them as the zone detail C(dns.search.order) (see O(details)), where the module compares them
        (the order counts); V([]) is not sent (CloudStack cannot clear it).
    type: list
    elements: str
  sort_key:
    description:
      - Position of the zone in CloudStack's lists of zones (lower first).
      - CloudStack does not return it, so the module cannot tell whether it differs and never reports a change for
        it alone; it sets it with the update that follows the zone's creation, and on an existing zone along with any
        other change the task makes. To re-order existing zones, change another option in the same task, or call
        C(updateZone) with C(sortkey) directly.
    type: int
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an advanced zone exists
  cloudstack.cloud.zone:
    name: zone-01
    network_type: Advanced
    dns1: 8.8.8.8
    dns2: 8.8.4.4
    guest_cidr_address: 10.1.1.0/24

- name: Set a detail and the DNS search domains of the zone, then enable it
  cloudstack.cloud.zone:
    name: zone-01
    details:
      vmware.create.full.clone: "true"
    dns_search_order: [example.com, corp.example.com]
    state: enabled

- name: Ensure an Edge zone exists, listed first
  cloudstack.cloud.zone:
    name: edge-01
    is_edge: true
    dns1: 8.8.8.8
    sort_key: 1

- name: Make a zone dedicated to a domain public
  cloudstack.cloud.zone:
    name: zone-02
    is_public: true

- name: Disable it for maintenance
  cloudstack.cloud.zone:
    name: zone-01
    state: disabled

- name: Remove it
  cloudstack.cloud.zone:
    name: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the zone.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the zone.
  returned: success
  type: str
  sample: zone-01
network_type:
  description: Network type of the zone.
  returned: success
  type: str
  sample: Advanced
dns1:
  description: First public DNS server.
  returned: success
  type: str
  sample: 8.8.8.8
dns2:
  description: Second public DNS server.
  returned: success
  type: str
  sample: 8.8.4.4
internal_dns1:
  description: First internal DNS server.
  returned: success
  type: str
  sample: 8.8.8.8
internal_dns2:
  description: Second internal DNS server.
  returned: success
  type: str
  sample: 8.8.4.4
dns1_ipv6:
  description: First IPv6 DNS server.
  returned: success and set
  type: str
  sample: 2001:4860:4860::8888
dns2_ipv6:
  description: Second IPv6 DNS server.
  returned: success and set
  type: str
  sample: 2001:4860:4860::8844
guest_cidr_address:
  description: Guest CIDR address.
  returned: success and set
  type: str
  sample: 10.1.1.0/24
network_domain:
  description: Network domain name of the zone's networks.
  returned: success and set
  type: str
  sample: example.com
domain:
  description: Name of the domain the zone is dedicated to.
  returned: success and dedicated
  type: str
  sample: ROOT
domain_id:
  description: UUID of the domain the zone is dedicated to.
  returned: success and dedicated
  type: str
is_public:
  description: Whether the zone is public (not dedicated to a domain).
  returned: success
  type: bool
  sample: true
is_edge:
  description: Whether the zone is an Edge zone.
  returned: success
  type: bool
  sample: false
type:
  description: Type of the zone, C(Core) or C(Edge).
  returned: success
  type: str
  sample: Core
dns_search_order:
  description: DNS search domains of the zone, in order (its C(dns.search.order) detail).
  returned: success and set
  type: list
  elements: str
  sample: [example.com, corp.example.com]
allocation_state:
  description: Allocation state of the zone.
  returned: success
  type: str
  sample: Enabled
local_storage_enabled:
  description: Whether local storage offerings can be used.
  returned: success
  type: bool
  sample: false
securitygroups_enabled:
  description: Whether the zone uses security groups.
  returned: success
  type: bool
  sample: false
dhcp_provider:
  description: DHCP provider of the zone.
  returned: success
  type: str
  sample: VirtualRouter
details:
  description: Details (settings) of the zone.
  returned: success and set
  type: dict
  sample: {dns.search.order: example.com}
zone_token:
  description: Token of the zone.
  returned: success
  type: str
tags:
  description: Resource tags of the zone, as key/value pairs.
  returned: success
  type: list
  elements: dict
  sample: [{key: env, value: prod}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import with_tag_pairs


DNS_SEARCH_ORDER = "dns.search.order"  # the zone detail updateZone's dnssearchorder sets


def default_create_values(engine, params):
    """createZone requires a network type and an internal DNS: default them as the docs say."""
    params.setdefault("networktype", "Advanced" if params.get("isedge") else "Basic")
    params.setdefault("internaldns1", params.get("dns1"))
    if engine.params["is_public"] and params.get("domainid"):
        engine.fail("is_public: true and domain contradict each other: a zone created for a domain is dedicated to it")
    return params


def check_update(engine, current, params):
    """updateZone's ispublic makes a dedicated zone public, never the other way; a DNS search order is never cleared."""
    if params.get("ispublic") is False:
        engine.fail("zone %s is public; updateZone cannot dedicate it to a domain (is_public: false): dedicate it with "
                    "dedicateZone, or leave is_public out" % current.get("name"))
    if params.get("dnssearchorder") == "":
        engine.fail("zone %s has the DNS search order %s; CloudStack cannot clear it (dns_search_order: []): give the "
                    "domains wanted, or leave dns_search_order out" % (current.get("name"), dns_search_order(current)))
    return params


def dns_search_order(zone):
    order = (zone.get("resourcedetails") or {}).get(DNS_SEARCH_ORDER)
    return order.split(",") if order else None


def predict_dns_search_order(zone, order):
    zone["resourcedetails"] = dict(zone.get("resourcedetails") or {}, **{DNS_SEARCH_ORDER: ",".join(order)})


def predict_public(zone, public):
    if public:
        zone.update(domainid=None, domainname=None)


def zone_result(engine, zone):
    zone["is_edge"] = zone.get("type") == "Edge"
    zone["is_public"] = not zone.get("domain_id")
    order = (zone.get("details") or {}).get(DNS_SEARCH_ORDER)
    if order:
        zone["dns_search_order"] = order.split(",")
    return with_tag_pairs(zone)


RESOURCE = Resource(
    "zone",
    list_command="listZones", create_command="createZone", update_command="updateZone", delete_command="deleteZone",
    fields=[
        Field("id", create=None, update=None, returned="id"),
        Field("name", "name", required=True),
        Field("network_type", "networktype", update=None, choices=["Basic", "Advanced"]),
        Field("dns1", "dns1", required=True),
        Field("dns2", "dns2"),
        Field("internal_dns1", "internaldns1"),
        Field("internal_dns2", "internaldns2"),
        Field("dns1_ipv6", "ip6dns1"),
        Field("dns2_ipv6", "ip6dns2"),
        Field("guest_cidr_address", "guestcidraddress"),
        Field("network_domain", "domain"),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("is_public", create=None, update="ispublic", type="bool", returned="domainid",
              read=lambda zone: not zone.get("domainid"), write=predict_public),
        Field("is_edge", "isedge", update=None, type="bool", returned="type", read=lambda zone: zone.get("type") == "Edge",
              write=lambda zone, edge: zone.update(type="Edge" if edge else "Core")),
        Field("local_storage_enabled", "localstorageenabled", type="bool"),
        Field("securitygroups_enabled", "securitygroupenabled", update=None, returned="securitygroupsenabled", type="bool"),
        Field("dhcp_provider", "dhcpprovider", create=None),
        Field("details", "details", create=None, type="dict", key_value_list=True, returned="resourcedetails"),
        Field("dns_search_order", create=None, update="dnssearchorder", type="list", ordered=True,
              returned="resourcedetails", read=dns_search_order, write=predict_dns_search_order),
        Field("sort_key", create=None, update="sortkey", type="int", unreturned=True),
        Field("allocation_state", "allocationstate", internal=True, ignore_case=True),
    ],
    states={"present": {}, "enabled": {"allocation_state": "Enabled"}, "disabled": {"allocation_state": "Disabled"}},
    renames={"domainname": "domain", "zonetoken": "zone_token"},
    hooks={"prepare_create": default_create_values, "prepare_update": check_update, "result": zone_result},
    module_kwargs=dict(required_one_of=[("name", "id")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
