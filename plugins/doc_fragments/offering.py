# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # What every offering module takes: its display text and where it is offered.
    DOCUMENTATION = r"""
options:
  display_text:
    description:
      - Display text of the offering; O(name) when not given at creation.
    type: str
  domains:
    description:
      - Domains (names, paths such as V(ROOT/customers), or ids) the offering is restricted to; V([]) makes it public.
    type: list
    elements: str
    aliases: [domain]
  zones:
    description:
      - Zones (names or ids) the offering is restricted to; V([]) makes it available in all zones.
    type: list
    elements: str
    aliases: [zone]
  sort_key:
    description:
      - Position of the offering in CloudStack's lists of offerings (lower first, as the global setting
        C(sortkey.algorithm) says; then as created).
      - CloudStack does not return it, so the module cannot tell whether it differs and never reports a change for
        it alone; it sets it with an update after the offering's creation (the create command does not take it), and
        on an existing offering along with any other change the task makes. To re-order existing offerings, change
        another option in the same task.
    type: int
"""

    # The storage settings compute and disk offerings share.
    STORAGE = r"""
options:
  hypervisor_snapshot_reserve:
    description:
      - Hypervisor snapshot reserve space as a percent of a volume, for managed storage with Xen or VMware.
    type: int
  provisioning_type:
    description:
      - Provisioning type of the volumes.
    type: str
    choices: [thin, sparse, fat]
  storage_tags:
    description:
      - Storage tags of the offering; V([]) removes them.
    type: list
    elements: str
    aliases: [storage_tag]
  storage_type:
    description:
      - Storage type of the offering.
    type: str
    choices: [local, shared]
"""

    # The zone filter of the offering _info modules.
    INFO = r"""
options:
  zone:
    description:
      - Only the offerings available in this zone (name or id).
    type: str
"""

    # The IP and routing settings that network and VPC offerings share (set at creation only).
    NETWORK = r"""
options:
  internet_protocol:
    description:
      - IP protocols of the networks; V(dualstack) gives them IPv6 as well, which needs the global setting
        C(ipv6.offering.enabled).
    type: str
    choices: [ipv4, dualstack]
  network_mode:
    description:
      - V(NATTED) puts the networks behind source NAT, V(ROUTED) routes their addresses (CloudStack 4.20 or later).
    type: str
    choices: [NATTED, ROUTED]
  routing_mode:
    description:
      - How V(ROUTED) networks are routed, V(static) or V(dynamic) with BGP (CloudStack 4.20 or later).
    type: str
    choices: [static, dynamic]
  specify_as_number:
    description:
      - Whether networks of the offering take an AS number, for V(dynamic) routing (CloudStack 4.20 or later).
    type: bool
  for_nsx:
    description:
      - Whether the offering is for VMware NSX networks (CloudStack 4.20 or later). CloudStack then chooses the
        services and providers itself (DHCP, DNS and user data by the virtual router; the NAT services with
        O(network_mode=NATTED), the load balancer with O(nsx_support_lb), and the firewall or network ACL by NSX),
        whatever O(supported_services) and O(service_providers) say; services listed there are compared with those,
        so list those services (a VPC offering needs them) or, for a network offering, none.
      - Sent as C(fornsx) (CloudStack 4.20) and as C(provider=NSX) (4.21 and later, which no longer read C(fornsx)).
      - Set at creation only; another value for an existing offering fails (delete and re-create it).
    type: bool
  nsx_support_lb:
    description:
      - Whether an NSX offering (O(for_nsx)) has a load balancer (CloudStack 4.20 or later).
      - CloudStack does not return it, so it is sent at creation only, never compared.
    type: bool
"""
