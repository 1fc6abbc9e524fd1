# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: zone_plan
short_description: The steps that converge zones described as data
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
description:
  - Turns the description the C(cloudstack.cloud.zone) role takes (zones holding their physical networks, pods,
    clusters, hosts, storage, IP ranges and settings) into one list per step, in the order CloudStack needs them
    created; each item holds the arguments of the module the step runs, parents named by name.
  - The role runs the steps in this order; what an item leaves out is left to the module (and CloudStack) default.
  - Host passwords are kept out of the step items (they show in loop output); C(host_passwords) maps each host's
    URL to its password.
options:
  _input:
    description: The zones, as the role's C(zone_zones) variable describes them.
    type: list
    elements: dict
    required: true
  global_settings:
    description: Global settings, a map of setting name to value (the role's C(zone_global_settings)).
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Show what the role would run for a description
  ansible.builtin.debug:
    msg: "{{ zone_zones | cloudstack.cloud.zone_plan(zone_global_settings) }}"
"""

RETURN = r"""
_value:
  description: One list per step, each item the arguments of that step's module.
  type: dict
  contains:
    global_settings:
      description: Global settings (C(cloudstack.cloud.configuration) without a scope).
      type: list
      elements: dict
    zones:
      description: Zones to create or update, not yet enabled (C(cloudstack.cloud.zone)).
      type: list
      elements: dict
    physical_networks:
      description: Physical networks (C(cloudstack.cloud.physical_network)), with their wanted state.
      type: list
      elements: dict
    traffic_types:
      description: Traffic types of the physical networks (C(cloudstack.cloud.traffic_type)).
      type: list
      elements: dict
    providers:
      description: Network service providers (C(cloudstack.cloud.network_service_provider)).
      type: list
      elements: dict
    public_ip_ranges:
      description: Public IP ranges (C(cloudstack.cloud.vlan_ip_range)).
      type: list
      elements: dict
    guest_networks:
      description: The shared guest network of each Basic zone (C(cloudstack.cloud.network)).
      type: list
      elements: dict
    pods:
      description: Pods with their management IP range (C(cloudstack.cloud.pod)).
      type: list
      elements: dict
    guest_ip_ranges:
      description: The guest IP ranges of a Basic zone's pods, in its guest network (C(cloudstack.cloud.vlan_ip_range)).
      type: list
      elements: dict
    clusters:
      description: Clusters (C(cloudstack.cloud.cluster)).
      type: list
      elements: dict
    hosts:
      description: Hosts, without their passwords (C(cloudstack.cloud.host)).
      type: list
      elements: dict
    host_passwords:
      description: Each host's password by its URL.
      type: dict
    storage_pools:
      description: Primary storage pools, of cluster or zone scope (C(cloudstack.cloud.storage_pool)).
      type: list
      elements: dict
    image_stores:
      description: Secondary storage (C(cloudstack.cloud.image_store)).
      type: list
      elements: dict
    zone_settings:
      description: Settings at zone scope (C(cloudstack.cloud.configuration) with O(cloudstack.cloud.configuration#module:zone)).
      type: list
      elements: dict
    zone_states:
      description: The zones (as in C(zones)) with their allocation state, set last (C(cloudstack.cloud.zone)).
      type: list
      elements: dict
"""

from urllib.parse import urlsplit

from ansible.errors import AnsibleFilterError

# Description keys -> module options, per step (keys not listed pass through under their own name).
ZONE_KEYS = ("network_type", "dns1", "dns2", "internal_dns1", "internal_dns2", "dns1_ipv6", "dns2_ipv6",
             "guest_cidr_address", "network_domain", "domain", "local_storage_enabled", "securitygroups_enabled",
             "dhcp_provider", "dns_search_order", "sort_key", "is_edge", "is_public")
PHYSICAL_NETWORK_KEYS = ("isolation_method", "vlan", "broadcast_domain_range", "network_speed", "tags", "domain")
LABELS = {"kvm_label": "kvm_networklabel", "xen_label": "xen_networklabel", "vmware_label": "vmware_networklabel",
          "hyperv_label": "hyperv_networklabel", "ovm3_label": "ovm3_networklabel"}
TRAFFIC_KEYS = ("vlan", "isolation_method")
RANGE_KEYS = ("start_ip", "end_ip", "gateway", "netmask", "vlan", "physical_network", "account", "domain", "project",
              "for_system_vms", "start_ipv6", "end_ipv6", "gateway_ipv6", "cidr_ipv6")
POD_KEYS = ("gateway", "netmask", "start_ip", "end_ip")
CLUSTER_KEYS = ("hypervisor", "cluster_type", "url", "username", "guest_vswitch_name", "guest_vswitch_type",
                "public_vswitch_name", "public_vswitch_type")
HOST_KEYS = ("username", "host_tags", "allocation_state")
# What deployDataCenter.py and the UI's wizard create in a Basic zone.
BASIC_GUEST_NETWORK = {"name": "guestNetworkForBasicZone", "network_offering": "DefaultSharedNetworkOfferingWithSGService"}
POOL_KEYS = ("provider", "capacity_bytes", "capacity_iops", "managed", "hypervisor", "allocation_state")


def pick(source, keys, **extra):
    """The keys of ``source`` that are set, plus ``extra`` (its None values left out)."""
    item = dict((key, source[key]) for key in keys if source.get(key) is not None)
    item.update((key, value) for key, value in extra.items() if value is not None)
    return item


def required(item, key, where):
    if item.get(key) in (None, ""):
        raise AnsibleFilterError("zone description: %s needs %s (got %r)" % (where, key, dict(item)))
    return item[key]


def listed(item, key, where):
    value = item.get(key) or []
    if not isinstance(value, list):
        raise AnsibleFilterError("zone description: %s of %s must be a list, got %r" % (key, where, value))
    return value


class Plan:
    """The steps of one or more zones, each a list of module arguments."""

    STEPS = ("global_settings", "zones", "physical_networks", "traffic_types", "providers", "public_ip_ranges",
             "guest_networks", "pods", "guest_ip_ranges", "clusters", "hosts", "storage_pools", "image_stores", "zone_settings", "zone_states")

    def __init__(self):
        self.steps = dict((step, []) for step in self.STEPS)
        self.host_passwords = {}

    def as_dict(self):
        return dict(self.steps, host_passwords=self.host_passwords)

    def settings(self, settings, **scope):
        if not isinstance(settings or {}, dict):
            raise AnsibleFilterError("zone description: settings must be a map of setting name to value, got %r" % (settings,))
        step = "zone_settings" if scope else "global_settings"
        for name, value in sorted((settings or {}).items()):
            self.steps[step].append(dict(scope, name=name, value=as_setting_value(value)))

    def zone(self, zone):
        name = required(zone, "name", "a zone")
        where = "zone %s" % name
        created = pick(zone, ZONE_KEYS, name=name, network_type=zone.get("network_type", "Advanced"))
        self.steps["zones"].append(created)
        for pnet in listed(zone, "physical_networks", where):
            self.physical_network(name, pnet)
        for rng in listed(zone, "public_ip_ranges", where):
            self.steps["public_ip_ranges"].append(self.ip_range(name, rng, where))
        guest_network = self.guest_network(name, zone)
        for pod in listed(zone, "pods", where):
            self.pod(name, pod, guest_network)
        for pool in listed(zone, "storage_pools", where):
            required(pool, "hypervisor", "zone-wide storage pool %s of %s" % (pool.get("name"), where))
            self.storage_pool(pool, where, zone=name, scope="zone")
        for store in listed(zone, "image_stores", where):
            url = required(store, "url", "an image store of %s" % where)
            self.steps["image_stores"].append(dict(name=store.get("name") or url, zone=name, url=url,
                                                   provider=store.get("provider", "NFS")))
        self.settings(zone.get("settings"), zone=name)
        # With the zone's own values: in check mode the zone may not exist yet, and this predicts its creation.
        self.steps["zone_states"].append(dict(created, state=zone.get("state", "enabled")))

    def physical_network(self, zone, pnet):
        name = required(pnet, "name", "a physical network of zone %s" % zone)
        where = "physical network %s of zone %s" % (name, zone)
        self.steps["physical_networks"].append(pick(pnet, PHYSICAL_NETWORK_KEYS, name=name, zone=zone,
                                                    state=pnet.get("state", "enabled")))
        for traffic in listed(pnet, "traffic_types", where):
            traffic = {"type": traffic} if isinstance(traffic, str) else traffic
            item = pick(traffic, TRAFFIC_KEYS, traffic_type=required(traffic, "type", "a traffic type of %s" % where),
                        zone=zone, physical_network=name)
            item.update((LABELS[key], value) for key, value in traffic.items() if key in LABELS and value is not None)
            self.steps["traffic_types"].append(item)
        for provider in listed(pnet, "providers", where):
            provider = {"name": provider} if isinstance(provider, str) else provider
            self.steps["providers"].append(dict(name=required(provider, "name", "a provider of %s" % where), zone=zone,
                                                physical_network=name, state=provider.get("state", "enabled")))

    @staticmethod
    def ip_range(zone, rng, where, for_virtual_network=True, **extra):
        required(rng, "start_ip", "an IP range of %s" % where)
        return pick(rng, RANGE_KEYS, zone=zone, for_virtual_network=for_virtual_network, **extra)

    def guest_network(self, zone, description):
        """A Basic zone's shared guest network (the pods' guest IP ranges go in it): its name, or None."""
        network = description.get("guest_network")
        if description.get("network_type") != "Basic":
            if network:
                raise AnsibleFilterError("zone description: zone %s is not a Basic zone; guest_network is for a Basic zone's "
                                         "shared network (create an Advanced zone's networks with cloudstack.cloud.network)"
                                         % zone)
            return None
        network = dict(BASIC_GUEST_NETWORK, **(network or {}))
        self.steps["guest_networks"].append(dict(network, zone=zone, display_text=network.get("display_text", network["name"])))
        return network["name"]

    def pod(self, zone, pod, guest_network=None):
        name = required(pod, "name", "a pod of zone %s" % zone)
        where = "pod %s of zone %s" % (name, zone)
        self.steps["pods"].append(pick(pod, POD_KEYS, name=name, zone=zone))
        guest_ranges = listed(pod, "guest_ip_ranges", where)
        if guest_ranges and not guest_network:
            raise AnsibleFilterError("zone description: %s has guest_ip_ranges, which only a Basic zone's pods have" % where)
        for rng in guest_ranges:
            self.steps["guest_ip_ranges"].append(self.ip_range(zone, rng, where, for_virtual_network=False, pod=name,
                                                               network=guest_network))
        for cluster in listed(pod, "clusters", where):
            self.cluster(zone, name, cluster)

    def cluster(self, zone, pod, cluster):
        name = required(cluster, "name", "a cluster of pod %s" % pod)
        where = "cluster %s of pod %s" % (name, pod)
        hypervisor = required(cluster, "hypervisor", where)
        self.steps["clusters"].append(pick(cluster, CLUSTER_KEYS, name=name, zone=zone, pod=pod))
        for host in listed(cluster, "hosts", where):
            url = required(host, "url", "a host of %s" % where)
            self.steps["hosts"].append(pick(host, HOST_KEYS, name=host.get("name") or urlsplit(url).hostname or url,
                                            url=url, zone=zone, pod=pod, cluster=name,
                                            hypervisor=host.get("hypervisor", hypervisor)))
            if host.get("password") is not None:
                self.host_passwords[url] = host["password"]
        for pool in listed(cluster, "storage_pools", where):
            self.storage_pool(pool, where, zone=zone, pod=pod, cluster=name, scope="cluster")

    def storage_pool(self, pool, where, **scope):
        name = required(pool, "name", "a storage pool of %s" % where)
        item = pick(pool, POOL_KEYS, name=name, storage_url=required(pool, "url", "storage pool %s of %s" % (name, where)),
                    storage_tags=pool.get("tags"), **scope)
        self.steps["storage_pools"].append(item)


def as_setting_value(value):
    """A setting's value as CloudStack stores it: YAML booleans as true/false, numbers as text."""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def zone_plan(zones, global_settings=None):
    if not isinstance(zones, list):
        raise AnsibleFilterError("zone description: zone_zones must be a list of zones, got %r" % (zones,))
    plan = Plan()
    plan.settings(global_settings)
    names = [zone.get("name") for zone in zones]
    duplicates = sorted(set(name for name in names if names.count(name) > 1))
    if duplicates:
        raise AnsibleFilterError("zone description: zone names must be unique: %s described more than once" % ", ".join(duplicates))
    for zone in zones:
        plan.zone(zone)
    return plan.as_dict()


class FilterModule(object):
    def filters(self):
        return {"zone_plan": zone_plan}
