"""Site-to-site VPN (customer gateways, a VPC's VPN gateway, the connections between them) and remote access VPN (on
a public IP address, and its users), with the checks of CloudStack's Site2SiteVpnManagerImpl and
RemoteAccessVpnManagerImpl. Nothing is really connected: a connection's job makes it Connected (Disconnected when
passive), a remote access VPN's job makes it Running and its users Active."""
import ipaddress
import re
import secrets
import string

from .. import exceptions
from ..registry import Job, command, finisher
from .common import now, resolve_owner
from .netutils import cidr_network, ip_value, is_valid_ip4, is_valid_ip4_cidr, networks_overlap, verify_domain_name
from .resource import Resource

CIPHERS = ("3des", "aes128", "aes192", "aes256")
HASHES = ("md5", "sha1", "sha256", "sha384", "sha512")
DH_GROUPS = ("modp1024", "modp1536", "modp2048", "modp3072", "modp4096", "modp6144", "modp8192")
MAX_LIFETIME = 86400
USERNAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9@._-]{2,63}$")
PASSWORD = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9@+=._-]{2,31}$")
CLIENT_IP_RANGE = "10.1.2.1-10.1.2.8"  # RemoteAccessVpnClientIpRange's default


def described(account):
    """An account as CloudStack's texts name it (AccountVO.toString)."""
    return 'Account {"uuid":"%s","accountName":"%s"}' % (account["id"], account["name"])


def int_setting(ctx, name, default):
    value = ctx.setting(name)
    return int(value) if value and value.isdigit() else default


# Customer gateways -----------------------------------------------------------------------------

def valid_policy(kind, policies):
    """NetUtils.isValidS2SVpnPolicy: cipher-hash[;dhgroup] items, comma-separated; IKE ones need the DH group."""
    for policy in (policies or "").split(","):
        cipher_hash, group = (policy.split(";", 1) + [""])[:2]
        parts = cipher_hash.split("-")
        if len(parts) != 2 or parts[0] not in CIPHERS or parts[1] not in HASHES:
            return False
        if (not group and kind == "ike") or (group and group not in DH_GROUPS):
            return False
    return True


def gateway_fields(ctx, params, space=" "):
    """The values of a create or an update, checked in Site2SiteVpnManagerImpl's order (its update's texts lack the
    space before the policy: `space`)."""
    address = params["gateway"]
    if not is_valid_ip4(address) and not verify_domain_name(address):
        raise exceptions.invalid("The customer gateway ip/Domain %s is invalid!" % address)
    cidrs = params["cidrlist"]
    if not all(is_valid_ip4_cidr(cidr) for cidr in cidrs.split(",")):
        raise exceptions.invalid("The customer gateway peer cidr list %s contains an invalid cidr!" % cidrs)
    if not valid_policy("ike", params["ikepolicy"]):
        raise exceptions.invalid("The customer gateway IKE policy%s%s is invalid!  Verify the required Diffie Hellman "
                                 "(DH) group is specified." % (space, params["ikepolicy"]))
    if not valid_policy("esp", params["esppolicy"]):
        raise exceptions.invalid("The customer gateway ESP policy%s%s is invalid!" % (space, params["esppolicy"]))
    fields = {"name": params.get("name") or "VPN-" + address, "gateway": address, "cidrlist": cidrs,
              "ipsecpsk": params["ipsecpsk"], "ikepolicy": params["ikepolicy"], "esppolicy": params["esppolicy"],
              "ikelifetime": params.get("ikelifetime", 86400), "esplifetime": params.get("esplifetime", 3600),
              "dpd": params.get("dpd", False), "forceencap": params.get("forceencap", False),
              "splitconnections": params.get("splitconnections", False), "ikeversion": params.get("ikeversion") or "ike"}
    for kind in ("IKE", "ESP"):
        if fields[kind.lower() + "lifetime"] > MAX_LIFETIME:
            raise exceptions.invalid("The %s lifetime %s of vpn connection is invalid!"
                                     % (kind, fields[kind.lower() + "lifetime"]))
    return fields


def check_cidr_list(ctx, cidrs):
    """Site2SiteVpnManagerImpl.checkCustomerGatewayCidrList: at most the subnets limit, none overlapping another."""
    cidrs = cidrs.split(",")
    limit = int_setting(ctx, "site2site.vpn.customergateway.subnets.limit", 10)
    if len(cidrs) > limit:
        raise exceptions.invalid("Too many subnets of customer gateway! The limit is %d" % limit)
    for i, cidr in enumerate(cidrs):
        for other in cidrs[i + 1:]:
            if networks_overlap(cidr, other):
                raise exceptions.invalid("The subnet of customer gateway %s is overlapped with another subnet %s of "
                                         "customer gateway!" % (cidr, other))


def refuse_connected_gateway(ctx, gateway):
    if ctx.store.first("vpnconnection", s2scustomergatewayid=gateway["id"]):
        raise exceptions.invalid("Unable to delete VPN customer gateway with id %s because there is still related VPN "
                                 "connections!" % gateway["id"])


CUSTOMER_GATEWAYS = Resource("vpncustomergateway", "vpncustomergateway", "listVpnCustomerGateways",
                             jobtype="Site2SiteCustomerGateway")
CUSTOMER_GATEWAYS.delete_command("deleteVpnCustomerGateway", refuse=refuse_connected_gateway)


@command("createVpnCustomerGateway")
def create_customer_gateway(ctx, params):
    fields = gateway_fields(ctx, params)
    account, project = resolve_owner(ctx, params)
    if CUSTOMER_GATEWAYS.named(ctx.store, account, fields["name"]):
        raise exceptions.invalid("The customer gateway with name %s already existed!" % fields["name"])
    check_cidr_list(ctx, fields["cidrlist"])
    gateway = CUSTOMER_GATEWAYS.insert(ctx.store, dict(fields, hasannotations=False), account, project)
    return CUSTOMER_GATEWAYS.answer(ctx, gateway)


@command("updateVpnCustomerGateway")
def update_customer_gateway(ctx, params):
    """Every value is replaced (those not given by CloudStack's defaults); the gateway's connections restart."""
    gateway = CUSTOMER_GATEWAYS.owned(ctx)
    fields = gateway_fields(ctx, params, space="")
    check_cidr_list(ctx, fields["cidrlist"])
    same = CUSTOMER_GATEWAYS.named(ctx.store, ctx.store.get("account", gateway["_accountid"]), fields["name"])
    if same and same["id"] != gateway["id"]:
        raise exceptions.invalid("The customer gateway with name %s already existed!" % fields["name"])
    gateway.update(fields)
    ctx.store.put("vpncustomergateway", gateway)
    return CUSTOMER_GATEWAYS.answer(ctx, gateway)


# VPN gateways ----------------------------------------------------------------------------------

def refuse_connected_vpn_gateway(ctx, gateway):
    if ctx.store.first("vpnconnection", s2svpngatewayid=gateway["id"]):
        raise exceptions.invalid("Unable to delete VPN gateway %s because there is still related VPN connections!"
                                 % gateway["id"])


VPN_GATEWAYS = Resource("vpngateway", "vpngateway", "listVpnGateways", filters=("vpcid", "fordisplay"),
                        keyword_fields=("publicip",), jobtype="Site2SiteVpnGateway")
VPN_GATEWAYS.delete_command("deleteVpnGateway", refuse=refuse_connected_vpn_gateway)


@command("createVpnGateway")
def create_vpn_gateway(ctx, params):
    """On the VPC's source NAT address (or the VPC's address `ipaddressid` names), one per VPC, owned by the VPC's
    owner."""
    store = ctx.store
    vpc = ctx.lookup("vpc", "vpcid")
    ctx.check_owner(vpc)
    if store.first("vpngateway", vpcid=vpc["id"]):
        raise exceptions.invalid("The VPN gateway of VPC %s already existed!" % vpc["id"])
    if params.get("ipaddressid"):
        address = store.get("publicipaddress", params["ipaddressid"])
        if address is None or address.get("vpcid") != vpc["id"]:
            raise exceptions.invalid("Cannot found specified public ip %s for vpc %s"
                                     % (params["ipaddressid"], vpc["id"]))
    else:
        address = store.first("publicipaddress", vpcid=vpc["id"], issourcenat=True)
        if address is None:
            raise exceptions.internal("Cannot found source nat ip of vpc %s" % vpc["id"])
    account = store.get("account", vpc["_accountid"])
    project = store.get("project", vpc["projectid"]) if vpc.get("projectid") else None
    gateway = VPN_GATEWAYS.insert(store, {"vpcid": vpc["id"], "vpcname": vpc["name"], "publicip": address["ipaddress"],
                                          "_ipaddressid": address["id"], "fordisplay": params.get("fordisplay", True)},
                                  account, project)
    return VPN_GATEWAYS.answer(ctx, gateway)


def remove_vpc_vpn(store, vpc):
    """A deleted VPC takes its VPN gateway and the gateway's connections with it (cleanupVpnGatewayByVpc)."""
    for gateway in store.find("vpngateway", vpcid=vpc["id"]):
        for connection in store.find("vpnconnection", s2svpngatewayid=gateway["id"]):
            CONNECTIONS.remove(store, connection)
        VPN_GATEWAYS.remove(store, gateway)


# Connections -----------------------------------------------------------------------------------

GATEWAY_VALUES = ("gateway", "cidrlist", "ipsecpsk", "ikepolicy", "esppolicy", "ikelifetime", "esplifetime", "dpd",
                  "forceencap", "splitconnections", "ikeversion")


def connection_values(store, connection):
    """What a connection shows of its customer gateway and VPN gateway, as they are now."""
    customer = store.get("vpncustomergateway", connection["s2scustomergatewayid"]) or {}
    gateway = store.get("vpngateway", connection["s2svpngatewayid"]) or {}
    values = {key: customer.get(key) for key in GATEWAY_VALUES}
    values["publicip"] = gateway.get("publicip")
    return {key: value for key, value in values.items() if value is not None}


def vpc_filter(ctx, records, params):
    if params.get("vpcid"):
        gateways = {g["id"] for g in ctx.store.find("vpngateway", vpcid=params["vpcid"])}
        records = [r for r in records if r["s2svpngatewayid"] in gateways]
    return records


CONNECTIONS = Resource("vpnconnection", "vpnconnection", "listVpnConnections", filters=("fordisplay",),
                       keyword_fields=(), computed=connection_values, narrow=vpc_filter,
                       jobtype="Site2SiteVpnConnection")


def check_remote_subnets(ctx, customer, vpn_gateway):
    """The customer gateway's subnets overlap neither the VPC's CIDR nor those of the VPN gateway's other
    connections, which stay under the connection limit."""
    store = ctx.store
    cidrs = customer["cidrlist"].split(",")
    vpc_cidr = store.get("vpc", vpn_gateway["vpcid"])["cidr"]
    for cidr in cidrs:
        if networks_overlap(vpc_cidr, cidr):
            raise exceptions.invalid("The subnets of customer gateway %s's subnet %s is overlapped with VPC cidr %s!"
                                     % (customer["id"], cidr, vpc_cidr))
    connections = store.find("vpnconnection", s2svpngatewayid=vpn_gateway["id"])
    limit = int_setting(ctx, "site2site.vpn.vpngateway.connection.limit", 4)
    if len(connections) >= limit:
        raise exceptions.invalid("There are too many VPN connections with current VPN gateway! The limit is %d" % limit)
    for connection in connections:
        other = store.get("vpncustomergateway", connection["s2scustomergatewayid"])
        for old in other["cidrlist"].split(","):
            for cidr in cidrs:
                if networks_overlap(cidr, old):
                    raise exceptions.invalid("The new connection's remote subnet %s is overlapped with existed VPN "
                                             "connection to customer gateway %s's subnet %s"
                                             % (cidr, other["name"], old))


@command("createVpnConnection")
def create_vpn_connection(ctx, params):
    """Pending until its job starts it: Connected, or Disconnected when passive (it waits for the peer)."""
    store = ctx.store
    customer = ctx.lookup("vpncustomergateway", "s2scustomergatewayid")
    ctx.check_owner(customer)
    vpn_gateway = ctx.lookup("vpngateway", "s2svpngatewayid")
    ctx.check_owner(vpn_gateway)
    if customer["_accountid"] != vpn_gateway["_accountid"]:
        raise exceptions.invalid("VPN connection can only be esitablished between same account's VPN gateway and "
                                 "customer gateway!")
    if ctx.store.first("vpnconnection", s2scustomergatewayid=customer["id"], s2svpngatewayid=vpn_gateway["id"]):
        raise exceptions.invalid("The vpn connection with customer gateway id %s and vpn gateway id %s already existed!"
                                 % (customer["id"], vpn_gateway["id"]))
    check_remote_subnets(ctx, customer, vpn_gateway)
    account = store.get("account", vpn_gateway["_accountid"])
    project = store.get("project", vpn_gateway["projectid"]) if vpn_gateway.get("projectid") else None
    connection = CONNECTIONS.insert(store, {
        "s2scustomergatewayid": customer["id"], "s2svpngatewayid": vpn_gateway["id"], "passive": params.get("passive", False),
        "state": "Pending", "fordisplay": params.get("fordisplay", True), "created": now()}, account, project)
    return Job("vpnconnection.start", {"id": connection["id"]}, "Site2SiteVpnConnection", connection["id"])


def rollback_create(store, args):
    CONNECTIONS.remove(store, store.get("vpnconnection", args["id"]))


@finisher("vpnconnection.start", rollback=rollback_create)
def start_connection(store, args):
    connection = store.get("vpnconnection", args["id"])
    connection["state"] = "Disconnected" if connection["passive"] else "Connected"
    store.put("vpnconnection", connection)
    return {"vpnconnection": CONNECTIONS.view(store, connection)}


CONNECTIONS.delete_command("deleteVpnConnection")


@command("resetVpnConnection")
def reset_vpn_connection(ctx, params):
    connection = CONNECTIONS.owned(ctx)
    return Job("vpnconnection.reset", {"id": connection["id"]}, "Site2SiteVpnConnection", connection["id"])


@finisher("vpnconnection.reset")
def finish_reset(store, args):
    return start_connection(store, args)


@command("updateVpnConnection")
def update_vpn_connection(ctx, params):
    connection = CONNECTIONS.owned(ctx)
    if params.get("fordisplay") is not None:
        connection["fordisplay"] = params["fordisplay"]
        ctx.store.put("vpnconnection", connection)
    return CONNECTIONS.answer(ctx, connection)


# Remote access VPN and its users ---------------------------------------------------------------

REMOTE_VPNS = Resource("remoteaccessvpn", "remoteaccessvpn", "listRemoteAccessVpns",
                       filters=("publicipid", "networkid", "fordisplay"), keyword_fields=("publicip",),
                       jobtype="RemoteAccessVpn")
USERS = Resource("vpnuser", "vpnuser", "listVpnUsers", filters=("username",), keyword_fields=("username",),
                 jobtype="VpnUser")


def client_range(ctx, params):
    """The client address range (RemoteAccessVpnManagerImpl.validateIpRange), as two addresses."""
    text = params.get("iprange") or ctx.setting("remote.access.vpn.client.iprange") or CLIENT_IP_RANGE
    ends = text.split("-")
    if len(ends) != 2:
        raise exceptions.invalid("IP range [%s] is an invalid IP range." % text)
    if not all(is_valid_ip4(end) for end in ends):
        raise exceptions.invalid("One or both IPs sets in the range [%s] are invalid IPs." % text)
    if ip_value(ends[0]) > ip_value(ends[1]):
        raise exceptions.invalid("Range of IPs [%s] is invalid." % text)
    return text, ends


@command("createRemoteAccessVpn")
def create_remote_access_vpn(ctx, params):
    """On an address of a network or a VPC; its client range outside the guest CIDR; a generated preshared key."""
    store = ctx.store
    address = ctx.lookup("publicipaddress", "publicipid")
    ctx.check_owner(address)
    if address["state"] != "Allocated":
        raise exceptions.invalid("The Ip address is not ready to be used yet: %s" % address["ipaddress"])
    networkid, vpcid = address.get("associatednetworkid"), address.get("vpcid")
    if not networkid and not vpcid:
        raise exceptions.invalid("Unable to create remote access vpn for the ipAddress: %s as ip is not associated "
                                 "with any network or VPC" % address["ipaddress"])
    existing = store.first("remoteaccessvpn", publicipid=address["id"])
    if existing:
        if existing["state"] == "Added":
            return Job("remoteaccessvpn.start", {"id": existing["id"]}, "RemoteAccessVpn", existing["id"])
        raise exceptions.invalid("A remote Access VPN already exists for the public IP address [%s]."
                                 % address["ipaddress"])
    text, ends = client_range(ctx, params)
    if networkid:
        if store.first("remoteaccessvpn", networkid=networkid, _accountid=address["_accountid"]):
            raise exceptions.invalid("A remote access VPN already exists for the account [%s]." % address["_accountid"])
        guest = store.get("network", networkid)["cidr"]
    else:
        guest = store.get("vpc", vpcid)["cidr"]
    network = cidr_network(guest)
    first, last = network.network_address + 1, network.broadcast_address - 1
    if ip_value(ends[0]) <= int(last) and int(first) <= ip_value(ends[1]):
        raise exceptions.invalid("Invalid ip range: %s overlaps with guest ip range %s-%s" % (text, first, last))
    length = int_setting(ctx, "remote.access.vpn.psk.length", 24)
    key = "".join(map(secrets.choice, [string.ascii_letters + string.digits] * length))
    fields = {"publicipid": address["id"], "publicip": address["ipaddress"], "networkid": networkid, "vpcid": vpcid,
              "iprange": "%s-%s" % (ipaddress.IPv4Address(ends[0]) + 1, ends[1]),  # the first is the server's
              "presharedkey": key, "state": "Added", "fordisplay": params.get("fordisplay", True)}
    account = store.get("account", address["_accountid"])
    project = store.get("project", address["projectid"]) if address.get("projectid") else None
    vpn = REMOTE_VPNS.insert(store, fields, account, project)
    return Job("remoteaccessvpn.start", {"id": vpn["id"]}, "RemoteAccessVpn", vpn["id"])


def rollback_remote_vpn(store, args):
    vpn = store.get("remoteaccessvpn", args["id"])
    if vpn and vpn["state"] == "Added":
        REMOTE_VPNS.remove(store, vpn)


@finisher("remoteaccessvpn.start", rollback=rollback_remote_vpn)
def start_remote_vpn(store, args):
    """Running; the owner's users are applied to it (Add -> Active)."""
    vpn = store.get("remoteaccessvpn", args["id"])
    vpn["state"] = "Running"
    store.put("remoteaccessvpn", vpn)
    for user in store.find("vpnuser", _accountid=vpn["_accountid"], state="Add"):
        user["state"] = "Active"
        store.put("vpnuser", user)
    return {"remoteaccessvpn": REMOTE_VPNS.view(store, vpn)}


@command("deleteRemoteAccessVpn")
def delete_remote_access_vpn(ctx, params):
    """An address without one succeeds as well (destroyRemoteAccessVpnForIp)."""
    address = ctx.lookup("publicipaddress", "publicipid")
    vpn = ctx.store.first("remoteaccessvpn", publicipid=address["id"])
    if vpn is None:
        return Job("remoteaccessvpn.none", {}, "RemoteAccessVpn")
    ctx.check_owner(vpn)
    vpn["state"] = "Removed"
    ctx.store.put("remoteaccessvpn", vpn)
    return Job("remoteaccessvpn.delete", {"id": vpn["id"]}, "RemoteAccessVpn", vpn["id"])


@finisher("remoteaccessvpn.none")
def nothing_to_delete(store, args):
    return {"success": True}


def remove_address_vpn(store, address):
    """A released address takes its remote access VPN with it."""
    for vpn in store.find("remoteaccessvpn", publicipid=address["id"]):
        REMOTE_VPNS.remove(store, vpn)


@command("addVpnUser")
def add_vpn_user(ctx, params):
    """Active at once where the owner has a remote access VPN, else Add until one is created."""
    store = ctx.store
    username, password = params["username"], params["password"]
    if not USERNAME.match(username):
        raise exceptions.invalid("Username [%s] is invalid. Username has to begin with an alphabet have 3-64 characters "
                                 "including alphabets, numbers and the set '@.-_'." % username)
    if not PASSWORD.match(password):
        raise exceptions.invalid("Password has to be 3-32 characters including alphabets, numbers and the set '@+=.-_'")
    account, project = resolve_owner(ctx, params)
    if store.first("vpnuser", _accountid=account["id"], username=username):
        raise exceptions.invalid("VPN User with name %s is already added for account %s" % (username, described(account)))
    limit = int_setting(ctx, "remote.access.vpn.user.limit", 8)
    if len(store.find("vpnuser", _accountid=account["id"])) >= limit:
        raise exceptions.resource_limit("Cannot add more than [%d] remote access VPN users to %s."
                                        % (limit, described(account)))
    running = store.first("remoteaccessvpn", _accountid=account["id"], state="Running")
    user = USERS.insert(store, {"username": username, "_password": password, "state": "Active" if running else "Add"},
                        account, project)
    return USERS.answer(ctx, user)


@command("removeVpnUser")
def remove_vpn_user(ctx, params):
    account = resolve_owner(ctx, params)[0]
    user = ctx.store.first("vpnuser", _accountid=account["id"], username=params["username"])
    if user is None:
        raise exceptions.invalid("Could not find VPN user=[%s]. VPN owner id=[%s]" % (params["username"], account["id"]))
    ctx.check_owner(user)
    user["state"] = "Revoke"
    ctx.store.put("vpnuser", user)
    return Job("vpnuser.delete", {"id": user["id"]}, "VpnUser", user["id"])
