"""What the offering families share: the records of a fresh database's offerings and the rules on an
offering's domains, zones, disk rates and maps. The commands live in one module per family, named as
CloudStack's API packages: serviceofferings, diskofferings, networkofferings, vpcofferings (imported at the
end, which registers them)."""
from .. import exceptions
from .common import new_id, now

GB = 1024 ** 3
# Disk rate parameters of offerings -> the keys CloudStack returns them under.
DISK_RATES = (("bytesreadrate", "diskBytesReadRate"), ("byteswriterate", "diskBytesWriteRate"),
              ("iopsreadrate", "diskIopsReadRate"), ("iopswriterate", "diskIopsWriteRate"),
              ("bytesreadratemax", "diskBytesReadRateMax"), ("byteswriteratemax", "diskBytesWriteRateMax"),
              ("iopsreadratemax", "diskIopsReadRateMax"), ("iopswriteratemax", "diskIopsWriteRateMax"),
              ("bytesreadratemaxlength", "diskBytesReadRateMaxLength"),
              ("byteswriteratemaxlength", "diskBytesWriteRateMaxLength"),
              ("iopsreadratemaxlength", "diskIopsReadRateMaxLength"),
              ("iopswriteratemaxlength", "diskIopsWriteRateMaxLength"))


# Builders --------------------------------------------------------------------------------------

def make_service_offering(store, name, displaytext, cpunumber=None, cpuspeed=None, memory=None, issystem=False,
                          systemvmtype=None, defaultuse=False, **extra):
    customized = cpunumber is None or cpuspeed is None or memory is None
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "cpunumber": cpunumber,
                "cpuspeed": cpuspeed, "memory": memory, "created": now(), "storagetype": "shared",
                "provisioningtype": "thin", "offerha": False, "limitcpuuse": False, "isvolatile": False,
                "issystem": issystem, "defaultuse": defaultuse, "iscustomized": customized,
                "iscustomizediops": False, "dynamicscalingenabled": True, "diskofferingstrictness": False,
                "encryptroot": False, "state": "Active", "cacheMode": "none", "hasannotations": False,
                "purgeresources": False, "hosttags": None, "storagetags": None, "networkrate": None,
                "systemvmtype": systemvmtype, "rootdisksize": None, "serviceofferingdetails": {},
                "domainid": None, "domain": None, "zoneid": None, "zone": None}
    offering.update(extra)
    return store.put("serviceoffering", offering)


def make_disk_offering(store, name, displaytext, disksize=None, customized=False, **extra):
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "disksize": disksize or 0,
                "iscustomized": customized, "iscustomizediops": False, "storagetype": "shared",
                "provisioningtype": "thin", "created": now(), "state": "Active", "displayoffering": True,
                "cacheMode": "none", "encrypt": False, "disksizestrictness": False, "hasannotations": False,
                "tags": None, "domainid": None, "domain": None, "zoneid": None, "zone": None}
    offering.update(extra)
    return store.put("diskoffering", offering)


def make_network_offering(store, name, displaytext, guestiptype, services, specifyvlan=False,
                          specifyipranges=False, forvpc=False, availability="Optional", traffictype="Guest",
                          isdefault=True, conservemode=True, egressdefaultpolicy=True, ispersistent=False,
                          state="Enabled", **extra):
    """A network offering; `services`: (service, provider) pairs, or (service, [providers], capabilities)."""
    offering = {"id": new_id(), "name": name, "displaytext": displaytext, "guestiptype": guestiptype,
                "traffictype": traffictype, "state": state, "isdefault": isdefault, "specifyvlan": specifyvlan,
                "specifyipranges": specifyipranges, "availability": availability, "conservemode": conservemode,
                "forvpc": forvpc, "egressdefaultpolicy": egressdefaultpolicy, "ispersistent": ispersistent,
                "networkrate": 200, "supportsstrechedl2subnet": False, "supportspublicaccess": False,
                "supportsinternallb": False, "fornsx": False, "fortungsten": False, "internetprotocol": "IPv4",
                "created": now(), "hasannotations": False, "tags": None, "domainid": None, "domain": None,
                "zoneid": None, "zone": None,
                "service": [service_entry(*entry) for entry in services]}
    offering.update(extra)
    return store.put("networkoffering", offering)


def service_entry(name, providers, capabilities=None):
    """A service of a network or VPC offering as CloudStack lists it: its providers and capabilities."""
    providers = [providers] if isinstance(providers, str) else providers
    entry = {"name": name, "provider": [{"name": provider} for provider in providers]}
    if capabilities:
        entry["capability"] = [{"name": key, "value": value, "canchooseservicecapability": True}
                               for key, value in capabilities.items()]
    return entry


# Shared helpers --------------------------------------------------------------------------------

def offering_scope(ctx, params):
    """domainid/zoneid lists of a create command -> the offering's domain and zone fields."""
    fields = {}
    domains = [ctx.lookup("domain", "domainid", d) for d in params.get("domainid") or []]
    zones = [ctx.lookup("zone", "zoneid", z) for z in params.get("zoneid") or []]
    if domains:
        fields.update(domainid=",".join(d["id"] for d in domains), domain=",".join(d["name"] for d in domains))
    if zones:
        fields.update(zoneid=",".join(z["id"] for z in zones), zone=",".join(z["name"] for z in zones))
    return fields


def filter_scope(ctx, offerings, params):
    if params.get("zoneid"):
        offerings = [o for o in offerings if not o.get("zoneid") or params["zoneid"] in o["zoneid"].split(",")]
    if params.get("domainid"):
        offerings = [o for o in offerings if not o.get("domainid") or params["domainid"] in o["domainid"].split(",")]
    if not ctx.is_root_admin:
        offerings = [o for o in offerings if not o.get("domainid") or ctx.account["domainid"] in o["domainid"]]
    return [o for o in offerings if o["state"] == "Active" or params.get("state")]


def disk_rates(params):
    """The disk rates a create or update sets, under the keys CloudStack returns."""
    return dict((field, params[key]) for key, field in DISK_RATES if params.get(key) is not None)


def map_entries(entries):
    """A map parameter as CloudStack reads it: each entry a {key, value} pair, else taken as it is."""
    result = {}
    for entry in entries or []:
        if entry.get("key") and entry.get("value"):
            result[entry["key"]] = entry["value"]
        else:
            result.update(entry)
    return result


def in_use_text(kind, offering, count, what):
    """CloudStack's refusal to delete a network or VPC offering that networks or VPCs use."""
    return ("Can't delete %s offering %s as its used by %d %s. To make the network offering unavailable, disable it"
            % (kind, '%sOffering {"name": "%s", "uuid": "%s"}' % (
                "Network" if kind == "network" else "Vpc", offering["name"], offering["id"]), count, what))


def update_offering(ctx, kind, offering, params):
    """A service or disk offering's update: names, Active/Inactive state, tags, domains and zones."""
    if params.get("name"):
        offering["name"] = params["name"]
    if params.get("displaytext"):
        offering["displaytext"] = params["displaytext"]
    if params.get("sortkey") is not None:
        offering["_sortkey"] = params["sortkey"]
    if params.get("state"):
        if params["state"] not in ("Active", "Inactive"):
            raise exceptions.invalid("Invalid state value: %s; it must be Active or Inactive" % params["state"])
        offering["state"] = params["state"]
    for key, field in (("hosttags", "hosttags"), ("storagetags", "storagetags"), ("tags", "tags")):
        if key in params and field in offering:
            offering[field] = params[key] or None
    update_scope(ctx, offering, params)
    ctx.store.put(kind, offering)


def update_scope(ctx, offering, params):
    """An update's domainid/zoneid: comma-separated ids, or public/all (every domain, every zone)."""
    for key, target in (("domainid", "domain"), ("zoneid", "zone")):
        if params.get(key) is not None:
            ids = [] if params[key].lower() in ("public", "all", "") else params[key].split(",")
            records = [ctx.lookup(target, key, i.strip()) for i in ids]
            offering[key] = ",".join(r["id"] for r in records) or None
            offering[target] = ",".join(r["name"] for r in records) or None


# Services, providers and capabilities of network and VPC offerings ------------------------------

# Network.Service names, and the services each Network.Provider's element implements (getCapabilities).
SERVICES = ("Vpn", "Dhcp", "Dns", "SourceNat", "PortForwarding", "Lb", "UserData", "StaticNat", "NetworkACL",
            "Firewall", "Gateway", "SecurityGroup", "Connectivity", "BaremetalPxeService")
ROUTER_SERVICES = {"Vpn", "Dhcp", "Dns", "SourceNat", "PortForwarding", "Lb", "UserData", "StaticNat", "Firewall",
                   "Gateway"}
EDGE_FIREWALL = {"Firewall", "Gateway", "SourceNat", "StaticNat", "PortForwarding"}
PROVIDER_SERVICES = {
    "VirtualRouter": ROUTER_SERVICES, "VpcVirtualRouter": (ROUTER_SERVICES - {"Firewall"}) | {"NetworkACL"},
    "InternalLbVm": {"Lb"}, "SecurityGroupProvider": {"SecurityGroup"}, "ConfigDrive": {"UserData", "Dhcp", "Dns"},
    "Netscaler": {"Lb", "StaticNat"}, "F5BigIp": {"Lb"}, "JuniperSRX": EDGE_FIREWALL, "PaloAlto": EDGE_FIREWALL,
    "NiciraNvp": {"Connectivity", "SourceNat", "StaticNat", "PortForwarding"}, "Ovs": {"Connectivity", "Lb"},
    "BigSwitchBcf": {"Connectivity", "Dhcp", "Dns", "SourceNat", "StaticNat", "NetworkACL"},
    "Tungsten": {"Connectivity", "Dhcp", "Dns", "SourceNat", "StaticNat", "PortForwarding", "Lb", "Firewall",
                 "SecurityGroup", "NetworkACL", "UserData"},
    "Nsx": {"Dhcp", "Dns", "SourceNat", "StaticNat", "PortForwarding", "Lb", "NetworkACL", "Firewall", "Gateway",
            "UserData"},
    "Netris": {"Dhcp", "Dns", "SourceNat", "StaticNat", "PortForwarding", "Lb", "NetworkACL", "Gateway",
               "UserData"},
    "BaremetalDhcpProvider": {"Dhcp"}, "BaremetalPxeProvider": {"BaremetalPxeService"},
    "BaremetalUserdataProvider": {"UserData"},
}
CAPABILITIES = ("SupportedLBIsolation", "SupportedSourceNatTypes", "RedundantRouter", "ElasticIp", "AssociatePublicIP",
                "ElasticLb", "InlineMode", "LbSchemes", "VmAutoScaling", "StretchedL2Subnet", "PublicAccess",
                "DistributedRouter", "RegionLevelVpc")


def named(names, value):
    """CloudStack's name for `value` among `names` (its lookups ignore case), or None."""
    return next((name for name in names if name.lower() == str(value).lower()), None)


def service_providers(entries, services):
    """serviceproviderlist entries -> {service: [providers]} for the offering's `services`, as
    getServiceProviders and the offering's checks read them."""
    wanted = {}
    for entry in entries or []:
        wanted.setdefault(entry.get("service"), []).append(entry.get("provider"))
    result = {}
    for service_name, providers in wanted.items():
        service = named(SERVICES, service_name)
        if service not in services:
            raise exceptions.invalid("Service %s is not enabled for the network offering, can't add a provider to it"
                                     % service_name)
        for provider in providers:
            if named(PROVIDER_SERVICES, provider) is None:
                raise exceptions.invalid("Invalid service provider: %s" % provider)
        result[service] = [named(PROVIDER_SERVICES, provider) for provider in providers]
    return result


def service_capabilities(entries):
    """servicecapabilitylist entries -> {service: {capability: value}}, as getServiceCapabilities reads them."""
    result = {}
    for entry in entries or []:
        name, value = entry.get("capabilitytype"), entry.get("capabilityvalue")
        capability = named(CAPABILITIES, name) if name else None
        if capability is None or value is None:
            raise exceptions.invalid("Invalid capability:%s capability value:%s" % (name, value))
        result.setdefault(named(SERVICES, entry.get("service")) or entry.get("service"), {})[capability] = value
    return result


def routing_settings(params, networkmode=None):
    """internetprotocol, networkmode, routingmode and specifyasnumber as CloudStack stores them: its enums'
    names, whatever case they were given in."""
    def enum(name, values, default=None):
        value = params.get(name)
        if value is None:
            return default
        found = named(values, value)
        if found is None:
            raise exceptions.invalid("Invalid value for %s: %s" % (name, value))
        return found
    return {"internetprotocol": enum("internetprotocol", ("IPv4", "DualStack"), "IPv4"),
            "networkmode": enum("networkmode", ("NATTED", "ROUTED"), networkmode),
            "routingmode": enum("routingmode", ("Static", "Dynamic")),
            "specifyasnumber": bool(params.get("specifyasnumber"))}
