"""Address checks as CloudStack's com.cloud.utils.net.NetUtils makes them, for the infrastructure families."""
import ipaddress

# The private ranges CloudStack accepts for a zone's guest CIDR (NetUtils.validateGuestCidr: RFC 1918).
PRIVATE_RANGES = [ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def is_valid_ip4(value):
    """A dotted-quad IPv4 address (commons-validator's isValidInet4Address)."""
    try:
        ipaddress.IPv4Address(str(value))
    except ValueError:
        return False
    return True


def is_valid_ip6(value):
    try:
        ipaddress.IPv6Address(str(value))
    except ValueError:
        return False
    return True


def is_valid_ip6_cidr(value):
    """NetUtils.isValidIp6Cidr: an IPv6 address/prefix (host bits may be set)."""
    try:
        ipaddress.IPv6Network(str(value), strict=False)
    except ValueError:
        return False
    return "/" in str(value)


def is_valid_ip4_cidr(value):
    """address/size with a valid address and 0 <= size <= 32; host bits may be set (10.1.1.5/24 is valid)."""
    parts = str(value or "").split("/")
    return len(parts) == 2 and is_valid_ip4(parts[0]) and parts[1].isdigit() and int(parts[1]) <= 32


def is_valid_ip4_netmask(value):
    """A valid address whose bits are ones then zeros, with at least one one."""
    if not is_valid_ip4(value):
        return False
    bits = format(int(ipaddress.IPv4Address(value)), "032b")
    return "1" in bits and "01" not in bits


def cidr_network(cidr):
    """The network of a CIDR that may have host bits set."""
    return ipaddress.IPv4Network(cidr, strict=False)


def netmask_network(gateway, netmask):
    return ipaddress.IPv4Network("%s/%s" % (gateway, netmask), strict=False)


def last_usable_ip(network):
    """NetUtils.getIpRangeEndIpFromCidr: the address before the broadcast address."""
    return str(network.broadcast_address - 1)


def is_private_guest_cidr(cidr):
    network = cidr_network(cidr)
    return any(network.subnet_of(private) for private in PRIVATE_RANGES)


def ip_value(address):
    return int(ipaddress.IPv4Address(address))


def verify_domain_name(name):
    """NetUtils.verifyDomainName: 1-190 characters, labels of 1-63 of [a-z0-9-], not starting or ending with '-'."""
    if not 1 <= len(name) <= 190 or name.startswith(".") or name.endswith("."):
        return False
    return all(0 < len(label) <= 63 and all(c.isascii() and (c.isalnum() or c == "-") for c in label)
               and not label.startswith("-") and not label.endswith("-") for label in name.split("."))


def networks_overlap(cidr_a, cidr_b):
    """NetUtils.isNetworksOverlap: the two CIDRs (host bits ignored) share addresses."""
    return cidr_network(cidr_a).overlaps(cidr_network(cidr_b))
