# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the VPC modules share: the result keys of vpc and vpc_info (ngine_io.cloudstack's), a VPC's VPN gateway."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import with_tag_list

# Response keys -> result keys (the rest go through snake_case).
RENAMES = {
    "zonename": "zone", "vpcofferingname": "vpc_offering", "vpcofferingid": "vpc_offering_id",
    "networkdomain": "network_domain", "redundantvpcrouter": "redundant_vpc_router",
    "distributedvpcrouter": "distributed_vpc_router", "regionlevelvpc": "region_level_vpc",
    "restartrequired": "restart_required", "fordisplay": "for_display", "publicmtu": "public_mtu",
    "domainpath": "domain_path", "network": "networks", "service": "services",
}


def described(caller, vpc):
    """The VPC's tags as key/value items (ngine_io's form), its tiers as ``networks``. A ``result`` hook and an info
    ``transform`` (``caller``, engine or module, is unused)."""
    vpc.setdefault("networks", [])
    return with_tag_list(vpc)


def vpn_gateway(client, vpc_id, project_id=None):
    """The site-to-site VPN gateway of a VPC (CloudStack gives a VPC one at most), or None."""
    owner = {"projectid": project_id} if project_id else {"listall": True}
    found = client.list("listVpnGateways", vpcid=vpc_id, **owner)
    return found[0] if found else None
