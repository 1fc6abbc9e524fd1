# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the network, network_info, ip_address and ip_address_info modules share: results as ngine_io.cloudstack returns them."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list, tags_map
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import snake

# A network's response keys -> ngine_io's result keys (the rest go through snake_case).
NETWORK_RENAMES = {
    "networkofferingname": "network_offering", "networkofferingid": "network_offering_id",
    "networkofferingdisplaytext": "network_offering_display_text",
    "networkofferingavailability": "network_offering_availability",
    "networkofferingconservemode": "network_offering_conserve_mode",
    "ispersistent": "is_persistent", "issystem": "is_system", "isdefault": "is_default",
    "broadcastdomaintype": "broadcast_domain_type", "broadcasturi": "broadcast_uri", "traffictype": "traffic_type",
    "acltype": "acl_type", "aclname": "acl", "aclid": "acl_id", "ip6cidr": "cidr_ipv6", "ip6gateway": "gateway_ipv6",
    "vpcname": "vpc", "vpcid": "vpc_id", "zonename": "zone", "networkdomain": "network_domain",
    "subdomainaccess": "subdomain_access", "restartrequired": "restart_required", "physicalnetworkid": "physical_network_id",
    "specifyipranges": "specify_ip_ranges", "canusefordeploy": "can_use_for_deploy", "displaynetwork": "display_network",
    "redundantrouter": "redundant_router", "egressdefaultpolicy": "egress_default_policy",
    "internetprotocol": "internet_protocol", "receivedbytes": "received_bytes", "sentbytes": "sent_bytes",
    "strechedl2subnet": "stretched_l2_subnet", "supportsvmautoscaling": "supports_vm_autoscaling",
}

# A public address's response keys -> ngine_io's result keys.
ADDRESS_RENAMES = {
    "ipaddress": "ip_address", "zonename": "zone", "associatednetworkid": "network_id",
    "associatednetworkname": "network", "vpcname": "vpc", "vpcid": "vpc_id", "issourcenat": "is_source_nat",
    "isstaticnat": "is_static_nat", "isportable": "is_portable", "issystem": "is_system", "fordisplay": "for_display",
    "forvirtualnetwork": "for_virtual_network", "forsystemvms": "for_system_vms", "vlanid": "vlan_id", "vlanname": "vlan",
    "physicalnetworkid": "physical_network_id", "virtualmachineid": "virtual_machine_id",
    "virtualmachinename": "virtual_machine", "virtualmachinedisplayname": "virtual_machine_display_name",
    "virtualmachinetype": "virtual_machine_type", "vmipaddress": "vm_ip_address", "hasrules": "has_rules",
    "domainpath": "domain_path", "networkid": "source_network_id", "networkname": "source_network",
}


def renamed(renames):
    """A ``renames`` function: response keys -> result keys (the rest through snake_case), tags as ngine_io's
    sorted key/value items."""
    def rename(item):
        out = dict((renames.get(key) or snake(key), value) for key, value in item.items() if key not in ("tags", "service"))
        out["tags"] = tag_list(tags_map(item.get("tags")))
        if "service" in item:  # the services the network's offering provides, by name
            out["services"] = sorted(service["name"] for service in item["service"])
        return out
    return rename
