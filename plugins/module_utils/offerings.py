# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the network and VPC offering modules (and their ``_info`` modules) share.

CloudStack lists an offering's services as ``service: [{name, provider: [{name}], capability: [{name, value}]}]``;
the modules take them as ngine_io does: ``supported_services`` (names), ``service_providers`` (``{service,
provider}`` dicts) and ``service_capabilities`` (``{service, capabilitytype, capabilityvalue}`` dicts).
``with_services`` adds those three forms to a listed offering (and ``allow``/``deny`` for its egress policy), so
the fields compare with what CloudStack holds and the result returns them.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, default_display_text

# CloudStack's response keys -> the result keys of the offering modules (ngine_io's where it has them).
RENAMES = {
    "supportedservices": "supported_services", "serviceproviderlist": "service_providers",
    "servicecapabilitylist": "service_capabilities", "egressdefaultpolicy": "egress_default_policy",
    "guestiptype": "guest_ip_type", "isdefault": "is_default", "ispersistent": "is_persistent", "forvpc": "for_vpc",
    "traffictype": "traffic_type", "maxconnections": "max_connections", "networkrate": "network_rate",
    "specifyvlan": "specify_vlan", "specifyipranges": "specify_ip_ranges", "conservemode": "conserve_mode",
    "distributedvpcrouter": "distributed", "supportsregionLevelvpc": "region_level", "domain": "domains",
    "zone": "zones", "fornsx": "for_nsx", "fortungsten": "for_tungsten",
}
# The result keys of the service_offering and disk_offering modules (their fields' options), for their _info modules.
SERVICE_OFFERING_RENAMES = {
    "cpunumber": "cpu_number", "cpuspeed": "cpu_speed", "limitcpuuse": "limit_cpu_usage", "hosttags": "host_tags",
    "storagetags": "storage_tags", "storagetype": "storage_type", "offerha": "offer_ha", "issystem": "is_system",
    "systemvmtype": "system_vm_type", "iscustomized": "is_customized", "isvolatile": "is_volatile",
    "diskBytesReadRate": "disk_bytes_read_rate", "diskBytesWriteRate": "disk_bytes_write_rate",
    "diskIopsReadRate": "disk_iops_read_rate", "diskIopsWriteRate": "disk_iops_write_rate",
    "maxiops": "disk_iops_max", "miniops": "disk_iops_min", "iscustomizediops": "is_iops_customized",
    "hypervisorsnapshotreserve": "hypervisor_snapshot_reserve", "networkrate": "network_rate",
    "provisioningtype": "provisioning_type", "deploymentplanner": "deployment_planner",
    "dynamicscalingenabled": "dynamic_scaling_enabled", "serviceofferingdetails": "service_offering_details",
    "rootdisksize": "root_disk_size", "encryptroot": "encrypt_root", "cacheMode": "cache_mode",
    "diskofferingstrictness": "disk_offering_strictness", "purgeresources": "purge_resources",
}
DISK_OFFERING_RENAMES = {
    "disksize": "disk_size", "iscustomized": "customized", "displayoffering": "display_offering",
    "storagetype": "storage_type", "tags": "storage_tags", "provisioningtype": "provisioning_type",
    "hypervisorsnapshotreserve": "hypervisor_snapshot_reserve", "diskBytesReadRate": "bytes_read_rate",
    "diskBytesWriteRate": "bytes_write_rate", "diskIopsReadRate": "iops_read_rate",
    "diskIopsWriteRate": "iops_write_rate", "maxiops": "iops_max", "miniops": "iops_min",
    "iscustomizediops": "iops_customized", "cacheMode": "cache_mode", "disksizestrictness": "disk_size_strictness",
}
LISTS = ("supported_services", "tags", "domains", "zones")  # comma-separated values, returned as lists
# Offering flags that record a Connectivity capability, whether or not the offering lists that service.
CONNECTIVITY_FLAGS = (("distributedvpcrouter", "DistributedRouter"), ("supportsregionLevelvpc", "RegionLevelVpc"),
                      ("supportsstrechedl2subnet", "StretchedL2Subnet"), ("supportspublicaccess", "PublicAccess"))


class ServicesField(Field):
    """The services an offering supports, by name (a list). ``implied``: the services CloudStack adds by
    itself (a Gateway with SourceNat, ...); they differ only when asked for and missing."""

    def __init__(self, option, api, implied=(), **kwargs):
        super(ServicesField, self).__init__(option, api, type="list", ignore_case=True, result_list=True, **kwargs)
        self.implied = set(name.lower() for name in implied)

    def differs(self, wanted, current):
        wanted, current = set(self.normalize(wanted)), set(self.normalize(current))
        return wanted != current - (self.implied - wanted)


class PairsField(Field):
    """Services' providers or capabilities, a list of dicts with ``keys`` (a map parameter of the API).
    Compared as a subset of what the offering holds: CloudStack adds providers and capabilities of its own."""

    def __init__(self, option, api, keys, aliases=None, **kwargs):
        super(PairsField, self).__init__(option, api, type="raw", aliases=aliases, **kwargs)
        self.keys = keys

    def argspec(self):
        spec = dict(type="list", elements="dict", no_log=False)
        if self.aliases:
            spec["aliases"] = self.aliases
        return spec

    def normalize(self, value):
        return sorted(set(":".join(text(item.get(key)).lower() for key in self.keys) for item in value or []))

    def differs(self, wanted, current):
        return not set(self.normalize(wanted)) <= set(self.normalize(current))

    def to_api(self, value):
        return [dict((key, text(item.get(key))) for key in self.keys) for item in value]


def text(value):
    """A value as CloudStack reads it: booleans as true/false."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def with_services(offering):
    """The listed offering with its services in the three forms the modules take, its egress policy as
    allow/deny (CloudStack's boolean); applied twice, the same."""
    if offering is None:
        return None
    offering = dict(offering)
    services = offering.get("service") or []
    offering["supportedservices"] = ",".join(service["name"] for service in services)
    offering["serviceproviderlist"] = [dict(service=service["name"], provider=provider["name"])
                                       for service in services for provider in service.get("provider") or []]
    capabilities = dict(((service["name"], capability["name"]), capability["value"])
                        for service in services for capability in service.get("capability") or [])
    for flag, capability in CONNECTIVITY_FLAGS:
        if flag in offering:
            capabilities[("Connectivity", capability)] = str(bool(offering[flag])).lower()
    offering["servicecapabilitylist"] = [dict(service=service, capabilitytype=capability, capabilityvalue=value)
                                         for (service, capability), value in sorted(capabilities.items())]
    if isinstance(offering.get("egressdefaultpolicy"), bool):
        offering["egressdefaultpolicy"] = "allow" if offering["egressdefaultpolicy"] else "deny"
    return offering


def as_lists(result):
    """The comma-separated values of a result as lists (unset: an empty list)."""
    for key in LISTS:
        if not isinstance(result.get(key), list):
            result[key] = [item.strip() for item in (result.get(key) or "").split(",") if item.strip()]
    return result


def find_by_name(command):
    """A ``find`` hook: the offering of the task's name (CloudStack keeps offering names unique), with its services."""
    def find(engine):
        name = engine.params["name"]
        found = [item for item in engine.client.list(command, name=name) if item.get("name") == name]
        return with_services(found[0]) if found else None
    return find


def prepare_nsx(engine, params):
    """A ``prepare_create`` hook: the display text defaults to the name; an NSX offering is asked for both ways,
    ``fornsx`` (CloudStack 4.20) and ``provider`` (4.21 and later, which no longer read ``fornsx``; 4.20 ignores it)."""
    params = default_display_text(engine, params)
    if params.get("fornsx"):
        params["provider"] = "NSX"
    return params


def create_enabled(command, key):
    """A ``create`` hook: the offering created enabled for ``state=enabled`` (else CloudStack creates it disabled),
    its egress policy sent as CloudStack's boolean; the answer with its services."""
    def create(engine, params):
        if engine.params["state"] == "enabled":
            params["enable"] = True
        if params.get("egressdefaultpolicy") is not None:
            params["egressdefaultpolicy"] = params["egressdefaultpolicy"] == "allow"
        answer = engine.write_own(command, **params)
        return {key: with_services(engine.extract(answer))} if answer else None
    return create


def update_then_find(command):
    """A ``prepare_update`` hook: send the update, then let the engine list the offering again (with its services)."""
    def prepare_update(engine, current, params):
        engine.write_own(command, id=current.get("id"), **params)  # no id: one just "created" in check mode
        return {}
    return prepare_update


def info_item(module, item):
    """An ``Info`` transform: a listed offering (keys already renamed) with its services and lists."""
    listed = dict((key, item[RENAMES.get(key, key)]) for key in ["service", "egressdefaultpolicy"] + [
        flag for flag, capability in CONNECTIVITY_FLAGS] if RENAMES.get(key, key) in item)
    for key, value in with_services(listed).items():
        item[RENAMES.get(key, key)] = value
    return as_lists(item)


def tags_as_lists(*keys):
    """An ``Info`` transform: the comma-separated tags of a listed compute or disk offering as lists."""
    def transform(module, item):
        for key in keys:
            if isinstance(item.get(key), str):
                item[key] = [tag.strip() for tag in item[key].split(",") if tag.strip()]
        return item
    return transform
