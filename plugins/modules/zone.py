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
    O(securitygroups_enabled)) cannot be changed afterwards, the module fails naming them.
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
      - Network type of the zone, set at creation; V(Basic) when not given then.
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
      - Compared with the zone's details as a subset; CloudStack replaces the zone's details with the given ones.
    type: raw
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

- name: Set a detail of the zone and enable it
  cloudstack.cloud.zone:
    name: zone-01
    details:
      dns.search.order: example.com
    state: enabled

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


def default_create_values(engine, params):
    """createZone requires a network type and an internal DNS: default them as the docs say."""
    params.setdefault("networktype", "Basic")
    params.setdefault("internaldns1", params.get("dns1"))
    return params


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
        Field("local_storage_enabled", "localstorageenabled", type="bool"),
        Field("securitygroups_enabled", "securitygroupenabled", update=None, returned="securitygroupsenabled", type="bool"),
        Field("dhcp_provider", "dhcpprovider", create=None),
        Field("details", "details", create=None, type="dict", key_value_list=True, returned="resourcedetails"),
        Field("allocation_state", "allocationstate", internal=True, ignore_case=True),
    ],
    states={"present": {}, "enabled": {"allocation_state": "Enabled"}, "disabled": {"allocation_state": "Disabled"}},
    renames={"domainname": "domain", "zonetoken": "zone_token"},
    hooks={"prepare_create": default_create_values, "result": lambda engine, zone: with_tag_pairs(zone)},
    module_kwargs=dict(required_one_of=[("name", "id")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
