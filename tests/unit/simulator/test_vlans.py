"""VLAN IP ranges: CloudStack's overlap, IPv6 and dedication rules."""
from conftest import api_error, client


def advanced_zone(api):
    return next(z for z in api.listZones()["zone"] if z["networktype"] == "Advanced")


def public_range(api, zone, vlan="100", start="203.0.113.10", end="203.0.113.20", gateway="203.0.113.1", **extra):
    return api.createVlanIpRange(zoneid=zone["id"], vlan=vlan, gateway=gateway, netmask="255.255.255.0", startip=start,
                                 endip=end, forvirtualnetwork=True, **extra)


def test_overlapping_ranges_are_refused_as_cloudstack_refuses_them(start_simulator):
    api = client(start_simulator())
    zone = advanced_zone(api)
    public_range(api, zone)
    error = api_error(public_range, api, zone, vlan="101", start="203.0.113.30", end="203.0.113.40")
    assert (error["errorcode"], error["errortext"]) == (
        431, "The IP range with tag: vlan://100 in zone %s has overlapped with the subnet. Please specify a different "
             "gateway/netmask." % zone["name"])
    error = api_error(public_range, api, zone, start="203.0.113.15", end="203.0.113.30")
    assert error["errortext"] == ("The IP range already has IPs that overlap with the new range. Please specify a "
                                  "different start IP/end IP.")
    error = api_error(public_range, api, zone, start="203.0.113.30", end="203.0.113.40", gateway="203.0.113.254")
    assert error["errortext"] == ("The IP range has already been added with gateway 203.0.113.1 ,and netmask "
                                  "255.255.255.0, Please specify the gateway/netmask if you want to extend ip range")
    assert public_range(api, zone, start="203.0.113.30", end="203.0.113.40")["vlan"]["vlan"] == "vlan://100"
    error = api_error(public_range, api, zone, vlan="102", start="198.51.100.1", end="198.51.100.9",
                      gateway="198.51.100.5")
    assert error["errortext"] == "The gateway ip should not be the part of the ip range being added."


def test_ipv6_ranges_are_checked_as_netutils_does(start_simulator):
    api = client(start_simulator())
    zone = advanced_zone(api)
    ipv6 = dict(zoneid=zone["id"], forvirtualnetwork=True, ip6gateway="2001:db8::1", ip6cidr="2001:db8::/64")
    created = api.createVlanIpRange(vlan="200", startipv6="2001:db8::10", endipv6="2001:db8::50", **ipv6)["vlan"]
    assert (created["ip6cidr"], created["startipv6"], "startip" in created) == ("2001:db8::/64", "2001:db8::10", False)
    error = api_error(api.createVlanIpRange, vlan="201", startipv6="2001:db8::40", **ipv6)
    assert error["errortext"] == "The IPv6 range with tag: vlan://200 already has IPs that overlap with the new range."
    assert api_error(api.createVlanIpRange, vlan="202", **dict(ipv6, ip6cidr="2001:db8::/x"))["errortext"] == (
        "Please specify a valid IPv6 CIDR")
    assert api_error(api.createVlanIpRange, vlan="202", **dict(ipv6, ip6gateway="nope"))["errortext"] == (
        "Please specify a valid IPv6 gateway")
    assert api_error(api.createVlanIpRange, zoneid=zone["id"])["errortext"] == "Please specify IPv4 or IPv6 address."


def test_dedication_release_and_delete(start_simulator):
    api = client(start_simulator("--instances", "3"))
    zone = advanced_zone(api)
    vlan = public_range(api, zone)["vlan"]
    assert vlan["account"] == "system"
    root = api.listDomains(listall=True)["domain"][0]
    error = api_error(api.releasePublicIpRange, id=vlan["id"])
    assert error["errortext"] == "Can't release Public IP range %s as it not dedicated to any domain and any account" % vlan["id"]
    error = api_error(api.dedicatePublicIpRange, id=vlan["id"], domainid=root["id"], account="system")
    assert error["errortext"] == "Please specify a valid account. Cannot dedicate IP range to system account"
    dedicated = api.dedicatePublicIpRange(id=vlan["id"], domainid=root["id"], account="admin")["vlan"]
    assert (dedicated["account"], dedicated["domainid"]) == ("admin", root["id"])
    error = api_error(api.dedicatePublicIpRange, id=vlan["id"], domainid=root["id"])
    assert error["errortext"] == "Specified Public IP range has already been dedicated"
    error = api_error(api.updateVlanIpRange, id=vlan["id"], forsystemvms=True)
    assert error["errortext"] == "Specified Public IP range has already been dedicated to an account"
    assert api.releasePublicIpRange(id=vlan["id"])["success"] in (True, "true")
    assert api.dedicatePublicIpRange(id=vlan["id"], domainid=root["id"])["vlan"].get("account") is None
    assert api.deleteVlanIpRange(id=vlan["id"])["success"] in (True, "true")
    used = next(v for v in api.listVlanIpRanges(zoneid=zone["id"])["vlaniprange"] if v.get("startip") == "192.168.2.2")
    error = api_error(api.deleteVlanIpRange, id=used["id"])
    assert (error["errorcode"], error["errortext"]) == (
        536, "The IP range can't be deleted because it has allocated public IP addresses")


def test_a_range_widens_and_narrows_in_place_around_the_addresses_in_use(start_simulator):
    api = client(start_simulator())
    zone = advanced_zone(api)
    vlan = public_range(api, zone)["vlan"]

    def addresses():
        listed = api.listPublicIpAddresses(zoneid=zone["id"], vlanid=vlan["id"], allocatedonly=False, listall=True)
        return sorted((a["ipaddress"] for a in listed.get("publicipaddress", [])), key=lambda a: int(a.split(".")[-1]))

    widened = api.updateVlanIpRange(id=vlan["id"], startip="203.0.113.5", endip="203.0.113.30")["vlan"]
    assert (widened["startip"], widened["endip"]) == ("203.0.113.5", "203.0.113.30")
    assert addresses() == ["203.0.113.%d" % i for i in range(5, 31)]
    used = api.associateIpAddress(zoneid=zone["id"], ipaddress="203.0.113.25")["ipaddress"]
    assert used["vlanid"] == vlan["id"]
    error = api_error(api.updateVlanIpRange, id=vlan["id"], endip="203.0.113.20")
    assert error["errortext"] == (
        "The start IP address must be less than or equal to 203.0.113.25 which is already in use. The end IP address "
        "must be greater than or equal to 203.0.113.25 which is already in use. There are 1 IPs already allocated in "
        "this range.")
    assert api_error(api.updateVlanIpRange, id=vlan["id"], startip="203.0.113.1")["errortext"] == \
        "The gateway shouldn't overlap the new start/end ip addresses"
    assert api_error(api.updateVlanIpRange, id=vlan["id"], endip="198.51.100.9")["errortext"] == \
        "The end address of the IP range is not in the CIDR subnet."
    narrowed = api.updateVlanIpRange(id=vlan["id"], startip="203.0.113.20")["vlan"]
    assert (narrowed["startip"], narrowed["endip"]) == ("203.0.113.20", "203.0.113.30")
    assert addresses() == ["203.0.113.%d" % i for i in range(20, 31)]
    public_range(api, zone, start="203.0.113.40", end="203.0.113.50")
    error = api_error(api.updateVlanIpRange, id=vlan["id"], endip="203.0.113.45")
    assert (error["errorcode"], error["errortext"]) == (530, "Failed to edit VlanRange. Please contact Cloud Support.")
