"""Network offerings, as NetworkOfferingServiceImpl creates, updates, lists and deletes them: guest IP type,
services with their providers and capabilities, availability, egress policy, conserve mode, persistence,
VLAN and IP range rules, domains and zones; created Disabled unless `enable`."""
from .. import exceptions
from ..registry import Listing, command
from .common import by_sort_key, filter_common, public, success
from .offerings import (PROVIDER_SERVICES, SERVICES, in_use_text, make_network_offering, map_entries, named,
                        offering_scope, routing_settings, service_capabilities, service_providers, update_scope)

TRAFFIC_TYPES = ("Public", "Management", "Control", "Guest", "Vlan", "Storage")
GUEST_TYPES = ("Shared", "Isolated", "L2")
AVAILABILITIES = ("Required", "Optional")
VPC_ONLY_PROVIDERS = ("VpcVirtualRouter", "InternalLbVm")
DETAILS = ("internallbprovider", "publiclbprovider", "servicepackageuuid", "servicepackagedescription",
           "PromiscuousMode", "MacAddressChanges", "ForgedTransmits", "MacLearning", "RelatedNetworkOffering",
           "domainid", "zoneid", "pvlanType", "internetProtocol")
LB_CAPABILITIES = ("SupportedLBIsolation", "ElasticLb", "InlineMode", "LbSchemes", "VmAutoScaling")
EXTERNAL_PROVIDERS = ("Nsx", "Netris")  # NetworkOfferingBaseCmd.isExternalNetworkProvider
ROUTER_SERVICES = ("Dhcp", "Dns", "UserData")
NOT_EXTERNAL = ("Vpn", "Gateway", "SecurityGroup", "Connectivity", "BaremetalPxeService")
# String.format of StringUtils.join(a, b, ...), which joins without a separator: CloudStack's text as it is.
LB_CAPABILITIES_TEXT = "Only %s capabilities can be specified for LB service" % "".join(LB_CAPABILITIES)


@command("listNetworkOfferings")
def list_network_offerings(ctx, params):
    offerings = ctx.store.all("networkoffering")
    for field in ("guestiptype", "traffictype", "availability", "displaytext", "tags"):
        if params.get(field):
            offerings = [o for o in offerings if (o.get(field) or "").lower() == params[field].lower()]
    for field in ("isdefault", "specifyvlan", "specifyipranges", "forvpc"):
        if field in params:
            offerings = [o for o in offerings if o[field] == params[field]]
    if "istagged" in params:
        offerings = [o for o in offerings if bool(o.get("tags")) == params["istagged"]]
    if "sourcenatsupported" in params:
        offerings = [o for o in offerings if ("SourceNat" in services_of(o)) == params["sourcenatsupported"]]
    if params.get("supportedservices"):
        wanted = {s.lower() for s in params["supportedservices"]}
        offerings = [o for o in offerings if wanted <= {s.lower() for s in services_of(o)}]
    if params.get("zoneid"):
        zone = ctx.lookup("zone", "zoneid")
        sg = zone["securitygroupsenabled"]
        offerings = [o for o in offerings if (zone["networktype"] == "Basic") == (
            o["guestiptype"] == "Shared" and "SecurityGroup" in services_of(o) and sg)
            or (zone["networktype"] == "Advanced")]
        offerings = [o for o in offerings if not o.get("zoneid") or zone["id"] in o["zoneid"].split(",")]
    if params.get("domainid"):
        domain = ctx.lookup("domain", "domainid")
        offerings = [o for o in offerings if not o.get("domainid") or domain["id"] in o["domainid"].split(",")]
    if params.get("state"):
        offerings = [o for o in offerings if o["state"].lower() == params["state"].lower()]
    offerings = filter_common(ctx, offerings, dict(params, zoneid=None, state=None, tags=None),
                              keyword_fields=("name", "displaytext"))
    return Listing(by_sort_key(ctx.store, offerings), public)


def external_services(params, provider, vpc_services=False):
    """The services and providers of an NSX or Netris offering, as NetworkOfferingBaseCmd.getSupportedServices and
    getServiceProviderMapForExternalProvider (4.21) build them, whatever the task listed: DHCP, DNS and user data by
    the virtual router; NAT services in NATTED mode, a load balancer with `nsxsupportlb` (NSX) or in NATTED mode
    (Netris), the firewall or, for VPCs, the network ACL by the provider. `vpc_services`: a VPC offering's
    (CreateVPCOfferingCmd), with the network ACL and never a firewall."""
    natted = str(params.get("networkmode") or "").upper() == "NATTED"
    forvpc = vpc_services or bool(params.get("forvpc"))
    with_lb = bool(params.get("nsxsupportlb")) if provider == "Nsx" else natted
    names = list(ROUTER_SERVICES) + (["StaticNat", "SourceNat", "PortForwarding"] if natted else []) + (
        ["Lb"] if with_lb else []) + ["NetworkACL" if forvpc else "Firewall"]
    router = "VpcVirtualRouter" if forvpc else "VirtualRouter"
    entries = []
    for service in SERVICES:
        if service in NOT_EXTERNAL + (("Firewall",) if forvpc else ("NetworkACL",)) or (service == "Lb" and not with_lb):
            continue
        if service in ROUTER_SERVICES:
            entries.append({"service": service, "provider": router})
        elif natted or service == "NetworkACL":
            entries.append({"service": service, "provider": provider})
    return names, entries


def check_sdn_providers(params, provider):
    """ConfigurationManagerImpl.createNetworkOffering's first checks: a Tungsten-Fabric offering's services all by
    Tungsten (or ConfigDrive), and one SDN provider at most."""
    if params.get("fortungsten"):
        wanted = {}
        for entry in params.get("serviceproviderlist") or []:
            wanted.setdefault(entry.get("service"), []).append(entry.get("provider"))
        for service, names in wanted.items():
            if len(names) != 1 or names[0] not in ("Tungsten", "ConfigDrive"):
                raise exceptions.invalid("Please specify Tungsten-Fabric provider for the %s service provider." % service)
    if bool(params.get("fortungsten")) + bool(provider) > 1:
        raise exceptions.invalid("Network Offering cannot be for multiple providers - Tungsten-Fabric, NSX and Netris")


def services_of(offering):
    return [service["name"] for service in offering["service"]]


def choice(value, choices, error):
    """CloudStack's name for `value` among `choices` (ignoring case), or its error."""
    found = named(choices, value)
    if found is None:
        raise exceptions.invalid(error)
    return found


def supported_services(names, guesttype):
    """The services asked for -> {service: []} (no provider yet), and forvpc as the services imply it."""
    services, forvpc = {}, None
    for name in names or []:
        service = named(SERVICES, name)
        if service is None or service == "Gateway":
            raise exceptions.invalid("Invalid service %s" % name)
        if service in ("SecurityGroup", "Firewall"):
            forvpc = False if forvpc is None else forvpc
        elif service == "NetworkACL":
            forvpc = True if forvpc is None else forvpc
        if service == "SecurityGroup" and guesttype != "Shared":
            raise exceptions.invalid("Security group service is supported for network offerings with guest ip type "
                                     "Shared")
        services[service] = ["SecurityGroupProvider"] if service == "SecurityGroup" else []
    return services, forvpc


def check_providers(providers):
    """One provider per service but LB, each able to provide its services (canProviderSupportServices)."""
    for service, names in providers.items():
        if service != "Lb" and len(names) > 1:
            raise exceptions.invalid("In the current release only one provider can be specified for the service if "
                                     "the service is not LB")
        for provider in names:
            if service not in PROVIDER_SERVICES[provider]:
                raise exceptions.internal("%s Provider cannot provide service %s" % (provider, service))
    if "Dhcp" not in providers and "VirtualRouter" in providers.get("UserData", []):
        raise exceptions.invalid("Without VR as dhcp provider, User data can't selected for VR. Please select VR as "
                                 "DHCP provider ")


def check_capabilities(capabilities, services, guesttype):
    """The capabilities the offering's services may have, with values CloudStack understands."""
    for service, text in (("Lb", "Capabilities for LB service can be specifed only when LB service is enabled for "
                                 "network offering."),
                          ("SourceNat", "Capabilities for source NAT service can be specified only when source NAT "
                                        "service is enabled for network offering."),
                          ("StaticNat", "Capabilities for static NAT service can be specified only when static NAT "
                                        "service is enabled for network offering."),
                          ("Connectivity", "Capabilities for 'Connectivity' service can be specified only when "
                                           "Connectivity service is enabled for network offering.")):
        if capabilities.get(service) and service not in services:
            raise exceptions.invalid(text)
    lb = capabilities.get("Lb") or {}
    if lb and (len(lb) > 4 or "SupportedLBIsolation" not in lb or set(lb) - set(LB_CAPABILITIES)):
        raise exceptions.invalid(LB_CAPABILITIES_TEXT)
    isolation = str(lb.get("SupportedLBIsolation", "dedicated"))
    if ("dedicated" in isolation) == ("shared" in isolation):
        raise exceptions.invalid("Either dedicated or shared isolation can be specified for SupportedLBIsolation")
    source_nat = capabilities.get("SourceNat") or {}
    if set(source_nat) - {"SupportedSourceNatTypes", "RedundantRouter"}:
        raise exceptions.invalid("Only SupportedSourceNatTypes, RedundantRouter capabilities can be specified for "
                                 "source nat service")
    if source_nat.get("SupportedSourceNatTypes", "peraccount") not in ("peraccount", "perzone"):
        raise exceptions.invalid("Either peraccount or perzone source NAT type can be specified for "
                                 "SupportedSourceNatTypes")
    if str(source_nat.get("RedundantRouter", "false")).lower() not in ("true", "false"):
        raise exceptions.invalid("Unknown specified value for RedundantRouter")
    for capability, value in (capabilities.get("Connectivity") or {}).items():
        if capability not in ("StretchedL2Subnet", "PublicAccess"):
            raise exceptions.invalid("Capability %s can not be  specified with connectivity service." % capability)
        if capability == "PublicAccess" and guesttype != "Shared":
            raise exceptions.invalid("Capability PublicAccess can only be enabled for network offerings with guest "
                                     "type Shared.")


def offering_details(params):
    details = {}
    for key, value in map_entries(params.get("details")).items():
        detail = named(DETAILS, key)
        if detail is None:
            raise exceptions.invalid("Unsupported detail %s" % key)
        details[detail] = value
    return details


def check_ranges_and_availability(ctx, services, guesttype, specifyipranges, persistent, availability):
    if specifyipranges and guesttype == "Isolated" and "SourceNat" in services:
        raise exceptions.invalid("SpecifyIpRanges can only be true for Shared network offerings and Isolated with no "
                                 "SourceNat service")
    if not specifyipranges and guesttype == "Shared":
        raise exceptions.invalid("SpecifyIpRanges should always be true for Shared network offerings")
    if persistent and guesttype == "Shared":
        raise exceptions.invalid("isPersistent should be false if network offering's type is Shared")
    if availability == "Required":
        check_required(ctx, guesttype, services)


def check_required(ctx, guesttype, services, own=None):
    """Only an Isolated offering with SourceNat may be Required, and only one offering in the system."""
    if guesttype != "Isolated" or "SourceNat" not in services:
        raise exceptions.invalid("Availability can be Required only for networkOfferings of type Isolated and with "
                                 "SourceNat enabled")
    required = [o for o in ctx.store.find("networkoffering", availability="Required") if o["id"] != own]
    if required:
        raise exceptions.invalid("System already has network offering id=%s with availability Required"
                                 % required[0]["id"])


def router_offering(ctx, offeringid):
    """The service offering of the offering's virtual routers: an active domain router system offering."""
    offering = ctx.lookup("serviceoffering", "serviceofferingid", offeringid)
    if offering["state"] != "Active" or offering.get("systemvmtype") != "domainrouter":
        raise exceptions.invalid("Invalid service offering %s: it must be an active system offering for virtual "
                                 "routers (system VM type domainrouter)" % offering["name"])
    return offering


def capability_view(capabilities):
    """The capabilities CloudStack lists for an offering's services (createNetworkOfferingResponse)."""
    lb, source_nat = capabilities.get("Lb") or {}, capabilities.get("SourceNat") or {}
    static_nat, connectivity = capabilities.get("StaticNat") or {}, capabilities.get("Connectivity") or {}
    return {
        "Lb": {"SupportedLBIsolation": "dedicated" if "dedicated" in str(lb.get("SupportedLBIsolation", "dedicated"))
               else "shared", "ElasticLb": flag(lb, "ElasticLb"), "InlineMode": flag(lb, "InlineMode")},
        "SourceNat": {"SupportedSourceNatTypes": source_nat.get("SupportedSourceNatTypes", "peraccount"),
                      "RedundantRouter": flag(source_nat, "RedundantRouter")},
        "StaticNat": {"ElasticIp": flag(static_nat, "ElasticIp"),
                      "AssociatePublicIP": flag(static_nat, "AssociatePublicIP")},
        "Connectivity": {"StretchedL2Subnet": flag(connectivity, "StretchedL2Subnet"),
                         "PublicAccess": flag(connectivity, "PublicAccess")},
    }


def flag(capabilities, name):
    return "true" if "true" in str(capabilities.get(name, "false")).lower() else "false"


@command("createNetworkOffering")
def create_network_offering(ctx, params):
    ctx.require_root_admin()
    scope = offering_scope(ctx, params)
    # 4.21: `provider` NSX or Netris makes the offering theirs; the deprecated `fornsx` is read no more.
    provider = named(EXTERNAL_PROVIDERS, params["provider"]) if params.get("provider") else None
    check_sdn_providers(params, provider)
    names, entries = (external_services(params, provider) if provider else
                      (params.get("supportedservices"), params.get("serviceproviderlist")))
    traffictype = choice(params["traffictype"], TRAFFIC_TYPES, "Invalid value for traffictype. Supported traffic types: "
                         "Public, Management, Control, Guest, Vlan or Storage")
    if traffictype != "Guest":
        raise exceptions.invalid("Only traffic type Guest is supported in the current release")
    guesttype = choice(params["guestiptype"], GUEST_TYPES,
                       'Invalid "type" parameter is given; can have Shared and Isolated values')
    availability = choice(params.get("availability") or "Optional", AVAILABILITIES,
                          "Invalid value for Availability. Supported types: Required, Optional")
    if params.get("serviceofferingid"):
        router_offering(ctx, params["serviceofferingid"])
    services, forvpc = supported_services(names, guesttype)
    providers = service_providers(entries, services)
    check_providers(providers)
    services.update(providers)
    if params.get("forvpc") is not None:
        forvpc = params["forvpc"]
    elif forvpc is None:
        forvpc = any(p in VPC_ONLY_PROVIDERS for names in providers.values() for p in names)
    fortungsten = params.get("fortungsten")
    if fortungsten is None:
        fortungsten = any("Tungsten" in names for names in providers.values())
    if services.get("SourceNat"):
        services["Gateway"] = services["SourceNat"]
    if "VirtualRouter" in services.get("PortForwarding", []) + services.get("StaticNat", []):
        services["Firewall"] = ["VirtualRouter"]
    capabilities = service_capabilities(params.get("servicecapabilitylist"))
    check_capabilities(capabilities, services, guesttype)
    details = offering_details(params)
    specifyipranges, persistent = params.get("specifyipranges", False), params.get("ispersistent", False)
    check_ranges_and_availability(ctx, services, guesttype, specifyipranges, persistent, availability)
    if ctx.store.first("networkoffering", name=params["name"]):
        raise exceptions.internal("DB Exception on: Duplicate entry '%s' for key 'network_offerings.unique_name'"
                                  % params["name"])
    views = capability_view(capabilities)
    offering = make_network_offering(
        ctx.store, params["name"], params["displaytext"], guesttype,
        [(service, names, views.get(service)) for service, names in services.items()],
        specifyvlan=params.get("specifyvlan", False), specifyipranges=specifyipranges, forvpc=forvpc,
        availability=availability, isdefault=False, conservemode=params.get("conservemode", True),
        egressdefaultpolicy=params.get("egressdefaultpolicy", True), ispersistent=persistent,
        state="Enabled" if params.get("enable") else "Disabled", networkrate=params.get("networkrate"),
        tags=params.get("tags") or None, serviceofferingid=params.get("serviceofferingid"), details=details or None,
        maxconnections=params.get("maxconnections"), _keepalive=bool(params.get("keepaliveenabled")),
        supportsinternallb="internal" in str((capabilities.get("Lb") or {}).get("LbSchemes", "")) or bool(
            provider == "Nsx" and params.get("nsxsupportsinternallb")),
        fornsx=provider == "Nsx", fortungsten=bool(fortungsten),
        supportsstrechedl2subnet=views["Connectivity"]["StretchedL2Subnet"] == "true",
        supportspublicaccess=views["Connectivity"]["PublicAccess"] == "true",
        **dict(routing_settings(params), **scope))
    return {"networkoffering": public(offering)}


@command("updateNetworkOffering")
def update_network_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("networkoffering", "id")
    for field in ("name", "displaytext", "maxconnections"):
        if params.get(field) is not None:
            offering[field] = params[field]
    if params.get("sortkey") is not None:
        offering["_sortkey"] = params["sortkey"]
    if "tags" in params:
        offering["tags"] = params["tags"] or None
    if params.get("keepaliveenabled") is not None:
        offering["_keepalive"] = params["keepaliveenabled"]
    if params.get("state"):
        offering["state"] = choice(params["state"], ("Enabled", "Disabled"), "Incorrect state value: %s" % params["state"])
    if params.get("availability"):
        availability = choice(params["availability"], AVAILABILITIES,
                              "Invalid value for Availability. Supported types: Required, Optional")
        if availability == "Required" and offering["availability"] != "Required":
            check_required(ctx, offering["guestiptype"], services_of(offering), own=offering["id"])
        offering["availability"] = availability
    update_scope(ctx, offering, params)
    ctx.store.put("networkoffering", offering)
    return {"networkoffering": public(offering)}


@command("deleteNetworkOffering")
def delete_network_offering(ctx, params):
    ctx.require_root_admin()
    offering = ctx.lookup("networkoffering", "id")
    if offering["isdefault"]:
        raise exceptions.invalid("Default network offering can't be deleted")
    networks = ctx.store.find("network", networkofferingid=offering["id"])
    if networks:
        raise exceptions.invalid(in_use_text("network", offering, len(networks), "networks"))
    ctx.store.delete("networkoffering", offering["id"])
    return success()
