# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name -> id resolution for references (zone, domain, offerings, template, ...), cached per run.

A reference may be given by name or by id. A name that matches several resources is an error
listing the candidates; a name that matches none is an error naming what exists instead.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
SHOWN_CANDIDATES = 20


class Reference:
    """How to list one kind of resource: list command, the parameter filtering by name, fixed params.

    ``name_param=None``: list them all and match on ``name_keys`` here (domains: a path such as
    ROOT/customers is not a name the API filters on). ``since``: {parameter: CloudStack version} for the
    parameters CloudStack 4.18 (the oldest supported) does not have; CloudStack ignores a parameter it does
    not know, and names are matched here anyway. A list command 4.18 lacks is declared there too.
    ``narrows``: as another listing's parameter, its id only narrows what that listing shows (unlike an owner's,
    which also widens it), and its names are unique where it lives: such a listing can go without the id and
    match the name in its response instead (the engine's ``deferrable``).
    """

    def __init__(self, label, command, name_param="name", params=None, name_keys=("name",), since=None, matches=None,
                 narrows=False):
        self.label = label
        self.narrows = narrows
        self.command = command
        self.name_param = name_param
        self.params = params or {}
        self.name_keys = name_keys  # item fields a given name may equal (a domain also by its path)
        self.since = since or {}
        self.matches = matches or self.equal_by_key

    def equal_by_key(self, item, value):
        return any(item.get(k) == value for k in self.name_keys)


def domain_matches(item, value):
    """A domain is given by its path, with or without ROOT/ (ROOT/customers, customers), or by its name;
    compared case-insensitively, as CloudStack compares domain names (and as ngine_io.cloudstack matches them)."""
    wanted = value.strip("/").lower()
    path = (item.get("path") or "").lower()
    return wanted in (path, (item.get("name") or "").lower()) or "root/" + wanted == path


REFERENCES = {
    "zone": Reference("zone", "listZones", narrows=True),
    "pod": Reference("pod", "listPods", narrows=True),
    "cluster": Reference("cluster", "listClusters", narrows=True),
    "physical_network": Reference("physical network", "listPhysicalNetworks", narrows=True),
    "host": Reference("host", "listHosts"),
    "domain": Reference("domain", "listDomains", name_param=None, params={"listall": True}, name_keys=("path", "name"),
                        matches=domain_matches),
    "account": Reference("account", "listAccounts", params={"listall": True}),
    "project": Reference("project", "listProjects", params={"listall": True}),
    "role": Reference("role", "listRoles"),
    "service_offering": Reference("service offering", "listServiceOfferings"),
    "disk_offering": Reference("disk offering", "listDiskOfferings"),
    "template": Reference("template", "listTemplates", params={"templatefilter": "executable"}),
    "instance": Reference("instance", "listVirtualMachines", params={"listall": True}),
    "iso": Reference("ISO", "listIsos", params={"isofilter": "executable"}),
    "os_type": Reference("OS type", "listOsTypes", name_param="description", name_keys=("description",)),
    "ip_address": Reference("public IP address", "listPublicIpAddresses", name_param="ipaddress", params={"listall": True},
                            name_keys=("ipaddress",)),
    "network": Reference("network", "listNetworks", params={"listall": True}, since={"name": "4.19"}),
    "network_acl": Reference("network ACL list", "listNetworkACLLists", params={"listall": True}),
    "network_offering": Reference("network offering", "listNetworkOfferings"),
    "vpc": Reference("VPC", "listVPCs", params={"listall": True}),
    "vpc_offering": Reference("VPC offering", "listVPCOfferings"),
    # Without a name filter: CloudStack's keyword matches part of the name, the exact name is matched here.
    "vpn_customer_gateway": Reference("VPN customer gateway", "listVpnCustomerGateways", name_param="keyword"),
    "security_group": Reference("security group", "listSecurityGroups", name_param="securitygroupname", params={"listall": True}),
    "affinity_group": Reference("affinity group", "listAffinityGroups", params={"listall": True}),
    "snapshot": Reference("snapshot", "listSnapshots", params={"listall": True}),
    "ssh_key": Reference("SSH key pair", "listSSHKeyPairs", params={"listall": True}),
    "storage_pool": Reference("storage pool", "listStoragePools"),
    "volume": Reference("volume", "listVolumes", params={"listall": True}),
    "system_offering": Reference("system offering", "listServiceOfferings", params={"issystem": True}),
    # listGpuCards has no name filter: its keyword matches part of the names, the exact name is matched here.
    "gpu_card": Reference("GPU card", "listGpuCards", name_param="keyword", since={"listGpuCards": "4.21", "keyword": "4.21"}),
    # Names are unique per GPU card only: every card has its own "passthrough".
    "vgpu_profile": Reference("vGPU profile", "listVgpuProfiles", since={"listVgpuProfiles": "4.21", "name": "4.21"}),
}


class LookupFailed(Exception):
    """A reference that resolves to nothing, or to more than one resource."""


class NotFound(LookupFailed):
    """A reference that resolves to nothing."""


def describe(item):
    """A short label for a candidate: its id plus where it lives, when the API says."""
    where = [str(item[k]) for k in ("path", "domain", "account", "project", "zonename", "gpucardname") if item.get(k)]
    return "%s (%s)" % (item.get("id"), ", ".join(where)) if where else str(item.get("id"))


class Lookup:
    """Resolve references through list calls, each asked at most once per run.

    ``where``: where the references are looked up (e.g. ``region eu``), named in the errors when given.
    """

    def __init__(self, client, references=None, where=None):
        self.client = client
        self.references = references or REFERENCES
        self.where = where
        self._cache = {}

    def _list(self, reference, **params):
        key = (reference.command, tuple(sorted((k, str(v)) for k, v in params.items())))
        if key not in self._cache:
            self._cache[key] = self.client.list(reference.command, **dict(reference.params, **params))
        return self._cache[key]

    def known(self, kind, resource_id):
        """The resource of ``kind`` with this id among those this run has listed already, or None (no API call)."""
        command = self.references[kind].command
        return next((item for key, items in self._cache.items() if key[0] == command
                     for item in items if item.get("id") == resource_id), None)

    def listing(self, kind, **scope):
        """Every resource of ``kind`` within ``scope``, listed once per run."""
        return self._list(self.references[kind], **dict((k, v) for k, v in scope.items() if v is not None))

    def find(self, kind, value, **scope):
        """The one resource of ``kind`` whose id or name is ``value`` within ``scope`` (extra list params)."""
        reference = self.references[kind]
        scope = dict((k, v) for k, v in scope.items() if v is not None)
        value = str(value)
        if UUID.match(value):
            by_id = self._list(reference, id=value, **scope)
            if by_id:
                return by_id[0]
        named = self._list(reference, **(dict(scope, **{reference.name_param: value}) if reference.name_param else scope))
        return self._named(reference, value, named, scope)

    def select(self, kind, values, **scope):
        """The resources of ``kind`` that ``values`` (ids or names) designate, matched in one listing of them all
        (one call however many values: for callers that resolve many at once, such as the inventory). The
        errors are those of ``find``."""
        reference = self.references[kind]
        listed = self.listing(kind, **scope)
        scope = dict((k, v) for k, v in scope.items() if v is not None)
        found = []
        for value in values:
            value = str(value)
            item = next((item for item in listed if item.get("id") == value), None) or self._named(reference, value, listed, scope)
            if item not in found:
                found.append(item)
        return found

    def _named(self, reference, value, items, scope):
        """The one item named ``value``; otherwise the ambiguity or the not-found error."""
        # A template ready in several zones is listed once per zone, under one id: count it once.
        matches = list(dict((item["id"], item) for item in items if reference.matches(item, value)).values())
        if len(matches) == 1:
            return matches[0]
        where = " in %s" % self.where if self.where else ""
        if matches:
            raise LookupFailed("%s %r is ambiguous%s: it matches %d of them: %s; give the id instead" % (
                reference.label, value, where, len(matches), ", ".join(describe(m) for m in matches)))
        existing = sorted(set(str(item.get(reference.name_keys[0])) for item in self._list(reference, **scope)))
        shown = ", ".join(existing[:SHOWN_CANDIDATES]) + (" and %d more" % (len(existing) - SHOWN_CANDIDATES) if len(existing) > SHOWN_CANDIDATES else "")
        raise NotFound("%s %r not found%s%s; existing: %s" % (
            reference.label, value, " in %s" % scope if scope else "", where, shown or "none"))

    def id(self, kind, value, **scope):
        return self.find(kind, value, **scope)["id"]

    def id_in_zone(self, kind, value, zone):
        """``id(kind, value, zoneid=<the zone's id>)``, with one call when both are names: the listing of that name
        matched on its items' ``zonename`` (a kind whose names are unique in a zone, ``narrows``). Two calls
        otherwise, as for what that does not settle (the errors name what exists)."""
        reference = self.references[kind]
        value, zone = str(value), str(zone)
        if reference.narrows and not UUID.match(value) and not UUID.match(zone):
            listed = self._list(reference, **{reference.name_param: value})
            matches = set(item["id"] for item in listed if reference.matches(item, value) and item.get("zonename") == zone)
            if len(matches) == 1:
                return matches.pop()
        return self.id(kind, value, zoneid=self.id("zone", zone))

    def ids(self, kind, values, **scope):
        return [self.id(kind, value, **scope) for value in values]
