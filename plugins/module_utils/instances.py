# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the instance, instance_info and instance_nic modules share: how an instance and its NICs read and are returned."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import snake
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list

# The vocabulary of an instance, one for the instance and instance_info results and the inventory's host
# variables (docs/inventory.md): API field -> key. facts() adds the keys built from several fields.
FACTS = (
    ("id", "id"), ("name", "name"), ("displayname", "display_name"), ("instancename", "internal_name"),
    ("state", "state"), ("created", "created"), ("zonename", "zone"), ("zoneid", "zone_id"), ("hostname", "host"),
    ("hostid", "host_id"), ("hypervisor", "hypervisor"), ("templatename", "template"), ("templateid", "template_id"),
    ("osdisplayname", "os_type"), ("serviceofferingname", "service_offering"),
    ("serviceofferingid", "service_offering_id"), ("cpunumber", "cpu_number"), ("cpuspeed", "cpu_speed"),
    ("memory", "memory"), ("group", "group"), ("haenable", "ha_enabled"), ("publicip", "public_ip"),
    ("project", "project"), ("projectid", "project_id"), ("account", "account"), ("domain", "domain"),
    ("domainid", "domain_id"),
)
# Other API keys of a virtual machine -> module result keys (the rest are snake_cased).
RENAMES = {
    "userdata": "user_data", "templatedisplaytext": "template_display_text", "publicipid": "public_ip_id",
    "isdynamicallyscalable": "is_dynamically_scalable", "passwordenabled": "password_enabled",
    "diskofferingid": "disk_offering_id", "diskofferingname": "disk_offering", "groupid": "group_id",
    "guestosid": "guest_os_id", "ostypeid": "os_type_id", "jobid": "job_id", "jobstatus": "job_status", "isoname": "iso",
    "isoid": "iso_id", "isodisplaytext": "iso_display_text", "userdataname": "user_data_name",
    "userdataid": "user_data_id", "userdatadetails": "user_data_details", "userdatapolicy": "user_data_policy",
}
# What facts() builds the computed keys from, and the keys that only exist to compare options with (see
# comparable()): never returned as they are.
BUILT_FROM = frozenset(api for api, _key in FACTS) | frozenset(("securitygroup", "affinitygroup", "tags", "keypairs"))
COMPARISON_KEYS = ("networkids", "securitygroupids", "affinitygroupids", "ipaddress", "ip6address")


def encode(text):
    return to_text(base64.b64encode(to_bytes(text)))


def decode(data):
    try:
        return to_text(base64.b64decode(data))
    except (TypeError, ValueError):
        return data


def java_map(text):
    """CloudStack keeps the values of registered user data's variables as the text of a Java map: {a=1, b=2}."""
    if not isinstance(text, str):
        return text
    pairs = [item.split("=", 1) for item in text.strip().lstrip("{").rstrip("}").split(", ") if "=" in item]
    return dict((key, value) for key, value in pairs)


def is_named(vm, name, by_display_name=False):
    """Whether the instance has this name (case-insensitive, as CloudStack's host names), or this display name."""
    names = [vm.get("name")] + ([vm.get("displayname")] if by_display_name else [])
    return bool(name) and name.lower() in [str(value).lower() for value in names if value]


def nics(vm):
    """The NICs, the default one first."""
    return sorted(vm.get("nic") or [], key=lambda nic: not nic.get("isdefault"))


# A NIC's response keys -> result keys (instance_nic, instance_nic_secondaryip; the rest are snake_cased).
NIC_RENAMES = {
    "ipaddress": "ip_address", "macaddress": "mac_address", "networkname": "network", "networkid": "network_id",
    "virtualmachineid": "vm_id", "virtualmachinename": "vm", "isdefault": "is_default", "deviceid": "device_id",
    "secondaryip": "secondary_ips", "ip6address": "ipv6_address", "traffictype": "traffic_type",
    "broadcasturi": "broadcast_uri", "isolationuri": "isolation_uri", "extradhcpoption": "extra_dhcp_options",
}
NIC_OPTIONS = ("zone", "domain", "account", "project", "vpc", "vm", "network")


def nic_of(vm, networkid=None):
    """The instance's NIC in a network (the default NIC without one), with the instance's name and owner, or None."""
    listed = nics(vm)
    nic = next((nic for nic in listed if nic.get("networkid") == networkid), None) if networkid else next(iter(listed), None)
    if nic is None:
        return None
    owner = dict((key, vm.get(key)) for key in ("account", "domain", "domainid", "project", "projectid"))
    return dict(nic, virtualmachinename=vm.get("name"), **owner)


def task_nic(engine, resource):
    """The NIC a task names by the options NIC_OPTIONS (nic_of), read with its instance; None when the instance has no
    NIC there. What the instance_nic and instance_nic_secondaryip modules find."""
    wanted = engine.wanted([resource.by_option[option] for option in NIC_OPTIONS])
    owner = {"projectid": wanted[resource.by_option["project"]]} if engine.params["project"] else {"listall": True}
    found = engine.client.list("listVirtualMachines", id=wanted[resource.by_option["vm"]], **owner)
    return nic_of(found[0], wanted.get(resource.by_option["network"])) if found else None


def described_nic(engine, nic):
    """A NIC as the modules return it (a ``result`` hook): its secondary addresses as ``id``/``ip_address`` items."""
    nic["secondary_ips"] = [{"id": item.get("id"), "ip_address": item.get("ipaddress")}
                            for item in nic.pop("secondary_ips", None) or []]
    return dict((key, value) for key, value in nic.items() if value is not None)


def comparable(vm):
    """The instance with the values its options compare to: ids of its networks and groups, plain user data."""
    vm = dict(vm)
    default = next(iter(nics(vm)), {})
    vm["networkids"] = [nic["networkid"] for nic in nics(vm) if nic.get("networkid")]
    vm["networknames"] = [nic.get("networkname") for nic in nics(vm) if nic.get("networkid")]
    vm["ipaddress"] = default.get("ipaddress")
    vm["ip6address"] = default.get("ip6address")
    vm["securitygroupids"] = [group["id"] for group in vm.get("securitygroup") or []]
    vm["affinitygroupids"] = [group["id"] for group in vm.get("affinitygroup") or []]
    if vm.get("userdata"):
        vm["userdata"] = decode(vm["userdata"])
    if vm.get("userdatadetails"):
        vm["userdatadetails"] = java_map(vm["userdatadetails"])
    return vm


def facts(vm):
    """The vocabulary of one listVirtualMachines item: the same keys for every instance (None when unset).

    Tags are a map here; the modules return them as ngine_io's key/value items (described()). The inventory calls
    this for every instance: plain loops and comprehensions, no helper per value.
    """
    get = vm.get
    out = {key: get(api) for api, key in FACTS}
    listed = get("nic") or []
    ordered = [nic for nic in listed if nic.get("isdefault")] + [nic for nic in listed if not nic.get("isdefault")]
    default = ordered[0] if ordered else {}
    keys = get("keypairs")
    out["networks"] = [nic.get("networkname") for nic in ordered]
    out["nics"] = [{"network": nic.get("networkname"), "is_default": bool(nic.get("isdefault")), "ip": nic.get("ipaddress"),
                    "ipv6": nic.get("ip6address"), "mac": nic.get("macaddress")} for nic in ordered]
    out["default_ip"] = default.get("ipaddress")
    out["default_ip6"] = default.get("ip6address")
    out["security_groups"] = [group.get("name") for group in get("securitygroup") or ()]
    out["affinity_groups"] = [group.get("name") for group in get("affinitygroup") or ()]
    out["ssh_keys"] = keys if isinstance(keys, list) else [key for key in keys.split(",") if key] if keys else []
    out["tags"] = {tag.get("key"): tag.get("value") for tag in get("tags") or ()}
    return out


def described(vm):
    """The instance as the modules return it: the vocabulary (facts()), tags as key/value items (ngine_io's form),
    and every other key CloudStack returns, snake_cased (user data details as a map)."""
    out = dict((RENAMES.get(key) or snake(key), value) for key, value in vm.items()
               if key not in BUILT_FROM and key not in COMPARISON_KEYS)
    out.update(facts(vm))
    out["tags"] = tag_list(out["tags"])
    if out.get("user_data_details"):
        out["user_data_details"] = java_map(out["user_data_details"])
    return out
