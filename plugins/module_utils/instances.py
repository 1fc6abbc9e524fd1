# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the instance and instance_info modules share: how an instance reads and is returned."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from ansible.module_utils.common.text.converters import to_bytes, to_text

# API keys of a virtual machine -> result keys (named as the instance module's options where it has one).
RENAMES = {
    "displayname": "display_name", "haenable": "ha_enabled", "userdata": "user_data", "cpunumber": "cpu",
    "cpuspeed": "cpu_speed", "keypairs": "ssh_keys", "zonename": "zone", "zoneid": "zone_id",
    "templatename": "template", "templateid": "template_id", "templatedisplaytext": "template_display_text",
    "serviceofferingname": "service_offering", "serviceofferingid": "service_offering_id",
    "hostname": "host", "hostid": "host_id", "instancename": "instance_name", "publicip": "public_ip",
    "publicipid": "public_ip_id", "isdynamicallyscalable": "is_dynamically_scalable",
    "passwordenabled": "password_enabled", "domainid": "domain_id", "projectid": "project_id",
    "diskofferingid": "disk_offering_id", "diskofferingname": "disk_offering", "groupid": "group_id",
    "guestosid": "guest_os_id", "ostypeid": "os_type_id", "osdisplayname": "os_display_name",
    "jobid": "job_id", "jobstatus": "job_status", "isoname": "iso", "isoid": "iso_id",
    "isodisplaytext": "iso_display_text", "userdataname": "user_data_name", "userdataid": "user_data_id",
    "userdatadetails": "user_data_details", "userdatapolicy": "user_data_policy",
}
# Keys that only exist to compare options with (see comparable()); never returned.
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
    return name.lower() in [str(value).lower() for value in names if value]


def tag_list(tags):
    return [dict(key=key, value=value) for key, value in sorted(tags.items())]


def tags_map(tags):
    return dict((str(tag["key"]), str(tag["value"])) for tag in tags or [])


def nics(vm):
    """The NICs, the default one first."""
    return sorted(vm.get("nic") or [], key=lambda nic: not nic.get("isdefault"))


def comparable(vm):
    """The instance with the values its options compare to: ids of its networks and groups, plain user data."""
    vm = dict(vm)
    default = next(iter(nics(vm)), {})
    vm["networkids"] = [nic["networkid"] for nic in nics(vm) if nic.get("networkid")]
    vm["ipaddress"] = default.get("ipaddress")
    vm["ip6address"] = default.get("ip6address")
    vm["securitygroupids"] = [group["id"] for group in vm.get("securitygroup") or []]
    vm["affinitygroupids"] = [group["id"] for group in vm.get("affinitygroup") or []]
    if vm.get("userdata"):
        vm["userdata"] = decode(vm["userdata"])
    if vm.get("userdatadetails"):
        vm["userdatadetails"] = java_map(vm["userdatadetails"])
    return vm


def shape(item):
    """A renamed instance made friendly: names instead of objects, tags as key/value items (ngine_io's form),
    the default and public IPs."""
    item = dict((k, v) for k, v in item.items() if k not in COMPARISON_KEYS)
    default = next(iter(nics(item)), {})
    item["networks"] = [nic["networkname"] for nic in nics(item) if nic.get("networkname")]
    item["security_groups"] = [group.get("name") for group in item.pop("securitygroup", None) or []]
    item["affinity_groups"] = [group.get("name") for group in item.pop("affinitygroup", None) or []]
    keys = item.get("ssh_keys")
    item["ssh_keys"] = keys if isinstance(keys, list) else [key for key in str(keys or "").split(",") if key]
    item["tags"] = tag_list(tags_map(item.get("tags")))
    if item.get("user_data_details"):
        item["user_data_details"] = java_map(item["user_data_details"])
    if default.get("ipaddress"):
        item["default_ip"] = default["ipaddress"]
    if default.get("ip6address"):
        item["default_ip6"] = default["ip6address"]
    return item
