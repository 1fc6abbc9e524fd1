#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zone_info
short_description: Gather information about CloudStack zones
description:
  - Lists every zone, or the one named by O(zone).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  zone:
    description:
      - Name or id of the zone. Information about every zone is returned when not given.
      - No zone of that name gives an empty list.
    type: str
    aliases: [name]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every zone
  cloudstack.cloud.zone_info:
  register: result

- name: Gather information about one zone
  cloudstack.cloud.zone_info:
    zone: zone-01
  register: result
"""

RETURN = r"""
zones:
  description: The zones, with the keys of the M(cloudstack.cloud.zone) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the zone.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    name:
      description: Name of the zone.
      type: str
      sample: zone-01
    network_type:
      description: Network type of the zone.
      type: str
      sample: Advanced
    allocation_state:
      description: Allocation state of the zone.
      type: str
      sample: Enabled
    dns1:
      description: First public DNS server.
      type: str
      sample: 8.8.8.8
    dns2:
      description: Second public DNS server.
      type: str
      sample: 8.8.4.4
    internal_dns1:
      description: First internal DNS server.
      type: str
      sample: 8.8.8.8
    internal_dns2:
      description: Second internal DNS server.
      type: str
      sample: 8.8.4.4
    guest_cidr_address:
      description: Guest CIDR address.
      type: str
      sample: 10.1.1.0/24
    network_domain:
      description: Network domain name of the zone's networks.
      type: str
      sample: example.com
    domain:
      description: Name of the domain the zone is dedicated to, if it is.
      type: str
      sample: ROOT
    local_storage_enabled:
      description: Whether local storage offerings can be used.
      type: bool
      sample: false
    securitygroups_enabled:
      description: Whether the zone uses security groups.
      type: bool
      sample: false
    dhcp_provider:
      description: DHCP provider of the zone.
      type: str
      sample: VirtualRouter
    dns1_ipv6:
      description: First IPv6 DNS server.
      type: str
      sample: 2001:4860:4860::8888
    dns2_ipv6:
      description: Second IPv6 DNS server.
      type: str
      sample: 2001:4860:4860::8844
    details:
      description: Details (settings) of the zone, when it has some.
      type: dict
      sample: {dns.search.order: example.com}
    zone_token:
      description: Token of the zone.
      type: str
    tags:
      description: Resource tags of the zone, as key/value pairs.
      type: list
      elements: dict
      sample: [{key: env, value: prod}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import with_tag_pairs

# The same result keys as the zone module.
RENAMES = {
    "internaldns1": "internal_dns1", "internaldns2": "internal_dns2", "ip6dns1": "dns1_ipv6", "ip6dns2": "dns2_ipv6",
    "guestcidraddress": "guest_cidr_address", "domain": "network_domain", "domainname": "domain",
    "localstorageenabled": "local_storage_enabled", "securitygroupsenabled": "securitygroups_enabled",
    "dhcpprovider": "dhcp_provider", "zonetoken": "zone_token", "resourcedetails": "details",
}

INFO = Info("zone", "listZones", "zones", match=Field("zone", "name", aliases=["name"]), renames=RENAMES,
            transform=lambda module, zone: with_tag_pairs(zone))


def main():
    INFO.run()


if __name__ == "__main__":
    main()
