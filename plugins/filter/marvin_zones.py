# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: marvin_zones
short_description: A marvin data-center configuration as the zone role's description
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
description:
  - Translates a marvin data-center file (the JSON CloudStack's C(deployDataCenter.py) and the simulator's
    sandbox read, already parsed) into the variables of the C(cloudstack.cloud.zone) role, C(zone_zones) and
    C(zone_global_settings).
  - Zones with their DNS, guest CIDR and network type; physical networks with isolation method, VLAN range,
    tags, traffic types (with C(kvm), C(xen), C(vmware), C(hyperv) labels) and providers;
    public IP ranges (C(ipranges)); pods with their clusters, hosts and primary storage (C(primaryStorages));
    zone-wide primary storage; secondary storage (C(secondaryStorages)); C(globalConfig) as global settings.
  - A Basic zone gets the shared guest network that C(deployDataCenter.py) creates (C(guestNetworkForBasicZone), on
    C(DefaultSharedNetworkOfferingWithSGService) or the zone's C(networkofferingname)), and its pods' C(guestIpRanges)
    become the pods' guest IP ranges in it.
  - What deploys no infrastructure is left out (C(dbSvr), C(logger), C(mgtSvr), C(vmwaredc), C(cacheStorages)).
  - What marvin's C(deployDataCenter.py) does not send is left out as well, so that the file deploys as marvin
    deploys it; the physical networks' and providers' C(broadcastdomainrange) is CloudStack's choice (C(POD) in a
    Basic zone, C(ZONE) in an Advanced one).
options:
  _input:
    description: The parsed marvin configuration (a mapping with C(zones)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Deploy the zones of a marvin file with the zone role
  ansible.builtin.include_role:
    name: cloudstack.cloud.zone
  vars:
    zone_zones: "{{ (lookup('ansible.builtin.file', 'zones.cfg') | from_json | cloudstack.cloud.marvin_zones).zone_zones }}"
"""

RETURN = r"""
_value:
  description: The zone role's variables.
  type: dict
  contains:
    zone_zones:
      description: The zones, as the role's C(zone_zones) describes them.
      type: list
      elements: dict
    zone_global_settings:
      description: C(globalConfig) as a map of setting name to value.
      type: dict
"""

from ansible.errors import AnsibleFilterError

HYPERVISORS = dict((name.lower(), name) for name in (
    "KVM", "XenServer", "VMware", "Hyperv", "LXC", "Ovm3", "Simulator", "BareMetal", "External"))
LABELS = {"kvm": "kvm_label", "xen": "xen_label", "vmware": "vmware_label", "hyperv": "hyperv_label",
          "ovm3": "ovm3_label"}


def renamed(source, names):
    """{new: source[old]} for each (old, new) set in source."""
    return dict((new, source[old]) for old, new in names if source.get(old) not in (None, ""))


def as_bool(value):
    return value if isinstance(value, bool) else str(value).lower() == "true"


def hypervisor(value):
    return HYPERVISORS.get(str(value).lower(), value)


def zone(cfg):
    out = renamed(cfg, [("name", "name"), ("networktype", "network_type"), ("dns1", "dns1"), ("dns2", "dns2"),
                        ("internaldns1", "internal_dns1"), ("internaldns2", "internal_dns2"),
                        ("ip6dns1", "dns1_ipv6"), ("ip6dns2", "dns2_ipv6"), ("domain", "network_domain")])
    if cfg.get("networktype") == "Advanced" and cfg.get("guestcidraddress"):
        out["guest_cidr_address"] = cfg["guestcidraddress"]
    for key, option in (("securitygroupenabled", "securitygroups_enabled"), ("localstorageenabled", "local_storage_enabled")):
        if cfg.get(key) is not None:
            out[option] = as_bool(cfg[key])
    out["physical_networks"] = [physical_network(pnet) for pnet in cfg.get("physical_networks") or []]
    ranges = [ip_range(rng) for rng in cfg.get("ipranges") or []]
    if ranges:
        out["public_ip_ranges"] = ranges
    if cfg.get("networktype") == "Basic":
        out["guest_network"] = {"name": "guestNetworkForBasicZone",
                                "network_offering": cfg.get("networkofferingname") or "DefaultSharedNetworkOfferingWithSGService"}
    out["pods"] = [pod(p) for p in cfg.get("pods") or []]
    zone_pools = [storage_pool(ps, zone_wide=True) for ps in cfg.get("primaryStorages") or []]
    if zone_pools:
        out["storage_pools"] = zone_pools
    out["image_stores"] = [image_store(ss) for ss in cfg.get("secondaryStorages") or []]
    return out


def physical_network(cfg):
    out = renamed(cfg, [("name", "name"), ("vlan", "vlan"), ("tags", "tags")])
    methods = cfg.get("isolationmethods") or []
    if methods:
        out["isolation_method"] = methods[0]
    if isinstance(out.get("tags"), list):
        out["tags"] = ",".join(out["tags"])
    out["traffic_types"] = [traffic_type(t) for t in cfg.get("traffictypes") or []]
    out["providers"] = [provider["name"] for provider in cfg.get("providers") or []]
    return out


def traffic_type(cfg):
    out = {"type": cfg["typ"]}
    out.update((LABELS[key], value) for key, value in cfg.items() if key in LABELS and value)
    return out


def ip_range(cfg):
    return renamed(cfg, [("startip", "start_ip"), ("endip", "end_ip"), ("gateway", "gateway"), ("netmask", "netmask"),
                         ("vlan", "vlan"), ("startipv6", "start_ipv6"), ("endipv6", "end_ipv6"),
                         ("ip6gateway", "gateway_ipv6"), ("ip6cidr", "cidr_ipv6")])


def pod(cfg):
    out = renamed(cfg, [("name", "name"), ("gateway", "gateway"), ("netmask", "netmask"), ("startip", "start_ip"),
                        ("endip", "end_ip")])
    guest_ranges = [ip_range(rng) for rng in cfg.get("guestIpRanges") or []]
    if guest_ranges:
        out["guest_ip_ranges"] = guest_ranges
    out["clusters"] = [cluster(c) for c in cfg.get("clusters") or []]
    return out


def cluster(cfg):
    out = renamed(cfg, [("clustername", "name"), ("clustertype", "cluster_type"), ("url", "url"),
                        ("username", "username")])
    out["hypervisor"] = hypervisor(cfg.get("hypervisor", "KVM"))
    out["hosts"] = [renamed(h, [("url", "url"), ("username", "username"), ("password", "password"),
                                ("hosttags", "host_tags")]) for h in cfg.get("hosts") or []]
    for host in out["hosts"]:
        if isinstance(host.get("host_tags"), str):
            host["host_tags"] = [tag.strip() for tag in host["host_tags"].split(",") if tag.strip()]
    out["storage_pools"] = [storage_pool(ps) for ps in cfg.get("primaryStorages") or []]
    return out


def storage_pool(cfg, zone_wide=False):
    out = renamed(cfg, [("name", "name"), ("url", "url"), ("tags", "tags"), ("provider", "provider"),
                        ("capacitybytes", "capacity_bytes"), ("capacityiops", "capacity_iops")])
    if isinstance(out.get("tags"), str):
        out["tags"] = [tag.strip() for tag in out["tags"].split(",") if tag.strip()]
    if zone_wide or str(cfg.get("scope", "")).lower() == "zone":
        out["hypervisor"] = hypervisor(cfg.get("hypervisor", "KVM"))
    return out


def image_store(cfg):
    out = renamed(cfg, [("name", "name"), ("url", "url"), ("provider", "provider")])
    out.setdefault("provider", "NFS")
    return out


def marvin_zones(config):
    if not isinstance(config, dict) or not isinstance(config.get("zones"), list):
        raise AnsibleFilterError("marvin_zones expects a parsed marvin configuration, a mapping with a list of zones; got %s"
                                 % type(config).__name__)
    try:
        zones = [zone(cfg) for cfg in config["zones"]]
    except (KeyError, AttributeError, TypeError) as exc:
        raise AnsibleFilterError("marvin_zones: the configuration is not marvin's data-center format (%s: %s)"
                                 % (type(exc).__name__, exc))
    settings = dict((item["name"], str(item["value"])) for item in config.get("globalConfig") or [])
    return {"zone_zones": zones, "zone_global_settings": settings}


class FilterModule(object):
    def filters(self):
        return {"marvin_zones": marvin_zones}
