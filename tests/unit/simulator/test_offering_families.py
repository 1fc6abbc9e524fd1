"""Network and VPC offerings as CloudStack creates, updates and deletes them; custom constrained compute offerings."""
from conftest import api_error

SOURCE_NAT = dict(guestiptype="Isolated", traffictype="Guest", supportedservices="Dhcp,Dns,SourceNat,PortForwarding",
                  serviceproviderlist=[{"service": "Dhcp", "provider": "VirtualRouter"},
                                       {"service": "dns", "provider": "virtualrouter"},
                                       {"service": "SourceNat", "provider": "VirtualRouter"},
                                       {"service": "PortForwarding", "provider": "VirtualRouter"}])


def services(offering):
    return dict((s["name"], [p["name"] for p in s["provider"]]) for s in offering["service"])


def test_a_network_offering_is_created_disabled_with_gateway_and_firewall_added(api):
    offering = api.createNetworkOffering(name="iso", displaytext="Isolated", **SOURCE_NAT)["networkoffering"]
    assert offering["state"] == "Disabled" and offering["isdefault"] is False
    assert services(offering) == {"Dhcp": ["VirtualRouter"], "Dns": ["VirtualRouter"], "SourceNat": ["VirtualRouter"],
                                  "PortForwarding": ["VirtualRouter"], "Gateway": ["VirtualRouter"],
                                  "Firewall": ["VirtualRouter"]}
    assert offering["egressdefaultpolicy"] is True and offering["conservemode"] is True
    enabled = api.createNetworkOffering(name="iso-on", displaytext="On", enable=True, **SOURCE_NAT)["networkoffering"]
    assert enabled["state"] == "Enabled"


def test_routing_settings_are_stored_as_cloudstacks_enums(api):
    offering = api.createNetworkOffering(name="routed", displaytext="Routed", internetprotocol="dualstack",
                                         networkmode="routed", routingmode="STATIC", **SOURCE_NAT)["networkoffering"]
    assert (offering["internetprotocol"], offering["networkmode"], offering["routingmode"]) == (
        "DualStack", "ROUTED", "Static")
    plain = api.createNetworkOffering(name="plain", displaytext="Plain", **SOURCE_NAT)["networkoffering"]
    assert plain["internetprotocol"] == "IPv4" and plain["specifyasnumber"] is False
    error = api_error(api.createVPCOffering, name="v", displaytext="v", supportedservices="Dhcp,Dns,SourceNat",
                      networkmode="bridged")
    assert (error["errorcode"], error["errortext"]) == (431, "Invalid value for networkmode: bridged")


def test_network_offering_rules_and_texts(api):
    def refused(**params):
        return api_error(api.createNetworkOffering, **dict(dict(name="x", displaytext="x", **SOURCE_NAT), **params))
    assert refused(guestiptype="Bogus")["errortext"] == 'Invalid "type" parameter is given; can have Shared and Isolated values'
    assert refused(availability="Sometimes")["errortext"] == "Invalid value for Availability. Supported types: Required, Optional"
    assert refused(supportedservices="Dhcp,Gateway")["errortext"] == "Invalid service Gateway"
    assert refused(serviceproviderlist=[{"service": "Lb", "provider": "VirtualRouter"}])["errortext"] == (
        "Service Lb is not enabled for the network offering, can't add a provider to it")
    assert refused(serviceproviderlist=[{"service": "Dhcp", "provider": "Nowhere"}])["errortext"] == "Invalid service provider: Nowhere"
    assert refused(serviceproviderlist=[{"service": "Dhcp", "provider": "InternalLbVm"}])["errortext"] == (
        "InternalLbVm Provider cannot provide service Dhcp")
    assert refused(specifyipranges=True)["errortext"] == (
        "SpecifyIpRanges can only be true for Shared network offerings and Isolated with no SourceNat service")
    assert refused(availability="Required")["errortext"].startswith("System already has network offering id=")
    assert refused(guestiptype="Shared", supportedservices="Dhcp", serviceproviderlist=[])["errortext"] == (
        "SpecifyIpRanges should always be true for Shared network offerings")
    assert refused(supportedservices="Dhcp,SecurityGroup", serviceproviderlist=[])["errortext"] == (
        "Security group service is supported for network offerings with guest ip type Shared")
    assert refused(servicecapabilitylist=[{"service": "SourceNat", "capabilitytype": "SupportedSourceNatTypes",
                                           "capabilityvalue": "perhost"}])["errortext"] == (
        "Either peraccount or perzone source NAT type can be specified for SupportedSourceNatTypes")
    assert refused(servicecapabilitylist=[{"service": "Lb", "capabilitytype": "ElasticLb", "capabilityvalue": "true"}])[
        "errorcode"] == 431
    assert refused(traffictype="Public")["errortext"] == "Only traffic type Guest is supported in the current release"


def test_capabilities_are_listed_with_the_services(api):
    offering = api.createNetworkOffering(
        name="redundant", displaytext="Redundant", servicecapabilitylist=[
            {"service": "SourceNat", "capabilitytype": "RedundantRouter", "capabilityvalue": "true"},
            {"service": "SourceNat", "capabilitytype": "SupportedSourceNatTypes", "capabilityvalue": "perzone"}],
        **SOURCE_NAT)["networkoffering"]
    source_nat = [s for s in offering["service"] if s["name"] == "SourceNat"][0]
    assert dict((c["name"], c["value"]) for c in source_nat["capability"]) == {
        "RedundantRouter": "true", "SupportedSourceNatTypes": "perzone"}


def test_update_enables_renames_and_refuses_a_second_required_offering(api):
    offering = api.createNetworkOffering(name="upd", displaytext="Upd", **SOURCE_NAT)["networkoffering"]
    updated = api.updateNetworkOffering(id=offering["id"], state="Enabled", displaytext="New", tags="fast",
                                        maxconnections=500)["networkoffering"]
    assert (updated["state"], updated["displaytext"], updated["tags"], updated["maxconnections"]) == (
        "Enabled", "New", "fast", 500)
    assert api_error(api.updateNetworkOffering, id=offering["id"], state="On")["errortext"] == "Incorrect state value: On"
    error = api_error(api.updateNetworkOffering, id=offering["id"], availability="Required")
    assert error["errortext"].startswith("System already has network offering id=")


def test_delete_refuses_default_and_used_offerings(api, world):
    assert api_error(api.deleteNetworkOffering, id=world.isolated["id"])["errortext"] == (
        "Default network offering can't be deleted")
    offering = api.createNetworkOffering(name="used", displaytext="Used", enable=True, **SOURCE_NAT)["networkoffering"]
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=offering["id"], name="n", displaytext="n")
    error = api_error(api.deleteNetworkOffering, id=offering["id"])
    assert error["errorcode"] == 431
    assert error["errortext"].startswith("Can't delete network offering ") and "as its used by 1 networks" in error["errortext"]
    api.deleteNetwork(id=network["network"]["id"])
    assert api.deleteNetworkOffering(id=offering["id"])["success"] in (True, "true")
    assert api.listNetworkOfferings(name="used").get("networkoffering") is None


def test_vpc_offering_lifecycle(api):
    offering = api.createVPCOffering(
        name="vpc-off", displaytext="VPC", supportedservices="Dhcp,Dns",
        serviceproviderlist=[{"service": "dns", "provider": "VpcVirtualRouter"}],
        servicecapabilitylist=[{"service": "Connectivity", "capabilitytype": "DistributedRouter", "capabilityvalue": "true"},
                               {"service": "SourceNat", "capabilitytype": "RedundantRouter", "capabilityvalue": "true"}],
    )["vpcoffering"]
    assert offering["state"] == "Disabled" and offering["distributedvpcrouter"] is True
    assert sorted(services(offering)) == ["Dhcp", "Dns", "Gateway", "NetworkACL", "SourceNat"]
    listed = api.listVPCOfferings(name="vpc-off")["vpcoffering"][0]
    assert listed["id"] == offering["id"]
    updated = api.updateVPCOffering(id=offering["id"], state="Enabled", displaytext="Renamed")["vpcoffering"]
    assert (updated["state"], updated["displaytext"]) == ("Enabled", "Renamed")
    assert api_error(api.createVPCOffering, name="x", displaytext="x", supportedservices="Firewall")["errortext"] == (
        "Service Firewall is not supported in VPC")
    default = api.listVPCOfferings(isdefault=True)["vpcoffering"][0]
    assert api_error(api.deleteVPCOffering, id=default["id"])["errortext"] == "Default network offering can't be deleted"
    api.deleteVPCOffering(id=offering["id"])
    assert api.listVPCOfferings(name="vpc-off").get("vpcoffering") is None


def test_custom_constrained_service_offering(api):
    offering = api.createServiceOffering(name="constrained", displaytext="c", mincpunumber=1, maxcpunumber=4,
                                         minmemory=512, maxmemory=4096)["serviceoffering"]
    assert offering["iscustomized"] is True
    assert offering["serviceofferingdetails"] == {"mincpunumber": "1", "maxcpunumber": "4", "minmemory": "512",
                                                  "maxmemory": "4096"}
    error = api_error(api.createServiceOffering, name="half", displaytext="h", mincpunumber=1, maxcpunumber=4)
    assert "min/max cpu and min/max memory" in error["errortext"]
    error = api_error(api.createServiceOffering, name="fixed", displaytext="f", cpunumber=1, cpuspeed=500, memory=512,
                      mincpunumber=1, maxcpunumber=4, minmemory=512, maxmemory=1024)
    assert "min/max cpu and min/max memory" in error["errortext"]


def test_offerings_are_listed_by_sort_key_then_as_created(api):
    """Every offering update takes a sort key, which no list returns: lists are ordered by it (ascending as
    sortkey.algorithm says), then by id."""
    first = api.createDiskOffering(name="d-first", displaytext="d", disksize=1)["diskoffering"]
    second = api.createDiskOffering(name="d-second", displaytext="d", disksize=1)["diskoffering"]
    created = dict(
        service=[api.createServiceOffering(name="s-%d" % i, displaytext="s", cpunumber=1, cpuspeed=500, memory=512)
                 ["serviceoffering"] for i in (1, 2)],
        network=[api.createNetworkOffering(name="n-%d" % i, displaytext="n", **SOURCE_NAT)["networkoffering"]
                 for i in (1, 2)],
        vpc=[api.createVPCOffering(name="v-%d" % i, displaytext="v", supportedservices="Dhcp,Dns")["vpcoffering"]
             for i in (1, 2)],
        disk=[first, second])
    commands = dict(service=("updateServiceOffering", "listServiceOfferings", "serviceoffering"),
                    disk=("updateDiskOffering", "listDiskOfferings", "diskoffering"),
                    network=("updateNetworkOffering", "listNetworkOfferings", "networkoffering"),
                    vpc=("updateVPCOffering", "listVPCOfferings", "vpcoffering"))

    def order(kind):
        ids = [o["id"] for o in created[kind]]
        listed = getattr(api, commands[kind][1])()
        return [o["id"] for o in listed[commands[kind][2]] if o["id"] in ids]

    for kind, (update, lister, key) in commands.items():
        older, newer = created[kind]
        assert order(kind) == [older["id"], newer["id"]], lister
        answer = getattr(api, update)(id=older["id"], sortkey=5)[key]
        assert "sortkey" not in answer
        assert order(kind) == [newer["id"], older["id"]], kind
    api.updateConfiguration(name="sortkey.algorithm", value="false")
    assert all(order(kind) == [o["id"] for o in created[kind]] for kind in commands)


def test_nsx_and_tungsten_offerings(api):
    """4.21's `provider` makes an NSX offering (the deprecated fornsx is not read): its services and providers
    whatever the task listed, a load balancer only with nsxsupportlb, an internal one with nsxsupportsinternallb;
    Tungsten-Fabric offerings need Tungsten providers, and one SDN provider at most."""
    nsx = api.createNetworkOffering(name="nsx", displaytext="nsx", guestiptype="Isolated", traffictype="Guest",
                                    provider="NSX", networkmode="NATTED", nsxsupportlb=True, nsxsupportsinternallb=True,
                                    fornsx=True)["networkoffering"]
    assert nsx["fornsx"] is True and nsx["fortungsten"] is False and nsx["supportsinternallb"] is True
    assert services(nsx) == {"Dhcp": ["VirtualRouter"], "Dns": ["VirtualRouter"], "UserData": ["VirtualRouter"],
                             "StaticNat": ["Nsx"], "SourceNat": ["Nsx"], "PortForwarding": ["Nsx"], "Lb": ["Nsx"],
                             "Firewall": ["Nsx"], "Gateway": ["Nsx"]}
    routed = api.createNetworkOffering(name="nsx-routed", displaytext="r", guestiptype="Isolated", traffictype="Guest",
                                       provider="nsx", networkmode="ROUTED")["networkoffering"]
    assert sorted(services(routed)) == ["Dhcp", "Dns", "Firewall", "UserData"]
    ignored = api.createNetworkOffering(name="fornsx-only", displaytext="f", fornsx=True, **SOURCE_NAT)["networkoffering"]
    assert ignored["fornsx"] is False
    error = api_error(api.createNetworkOffering, name="tf", displaytext="tf", fortungsten=True, **SOURCE_NAT)
    assert (error["errorcode"], error["errortext"]) == (
        431, "Please specify Tungsten-Fabric provider for the Dhcp service provider.")
    error = api_error(api.createNetworkOffering, name="both", displaytext="b", guestiptype="Isolated",
                      traffictype="Guest", fortungsten=True, provider="NSX")
    assert error["errortext"] == "Network Offering cannot be for multiple providers - Tungsten-Fabric, NSX and Netris"
    tungsten = api.createNetworkOffering(
        name="tf", displaytext="tf", guestiptype="Isolated", traffictype="Guest", supportedservices="Dhcp,Dns",
        serviceproviderlist=[{"service": "Dhcp", "provider": "Tungsten"}, {"service": "Dns", "provider": "Tungsten"}],
    )["networkoffering"]
    assert tungsten["fortungsten"] is True  # a Tungsten provider makes it one
    vpc = api.createVPCOffering(name="nsx-vpc", displaytext="v", provider="NSX", networkmode="NATTED",
                                nsxsupportlb=False)["vpcoffering"]
    assert vpc["fornsx"] is True and "Lb" not in services(vpc) and services(vpc)["NetworkACL"] == ["Nsx"]
