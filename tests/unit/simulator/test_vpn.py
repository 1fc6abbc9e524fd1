"""Site-to-site VPN (customer gateways, VPN gateways, connections) and remote access VPN with its users (vpn.py)."""
from conftest import api_error
from test_vpcs_network_acls import make_vpc

GATEWAY = dict(name="office", gateway="198.51.100.7", cidrlist="192.168.10.0/24,192.168.11.0/24",
               ipsecpsk="S3cr3t", ikepolicy="aes256-sha1;modp1536", esppolicy="aes256-sha1")


def test_customer_gateway_checks_and_defaults(api):
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, gateway="bad_host!"))
    assert (error["errorcode"], error["errortext"]) == (431, "The customer gateway ip/Domain bad_host! is invalid!")
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, cidrlist="192.168.10.0/33"))
    assert error["errortext"] == "The customer gateway peer cidr list 192.168.10.0/33 contains an invalid cidr!"
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, ikepolicy="aes256-sha1"))
    assert error["errortext"] == ("The customer gateway IKE policy aes256-sha1 is invalid!  Verify the required Diffie "
                                  "Hellman (DH) group is specified.")
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, esppolicy="des-sha1"))
    assert error["errortext"] == "The customer gateway ESP policy des-sha1 is invalid!"
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, ikelifetime=86401))
    assert error["errortext"] == "The IKE lifetime 86401 of vpn connection is invalid!"
    error = api_error(api.createVpnCustomerGateway, **dict(GATEWAY, cidrlist="192.168.10.0/24,192.168.10.128/25"))
    assert error["errortext"] == ("The subnet of customer gateway 192.168.10.0/24 is overlapped with another subnet "
                                  "192.168.10.128/25 of customer gateway!")
    gateway = api.createVpnCustomerGateway(**GATEWAY)["vpncustomergateway"]
    values = [gateway[key] for key in ("ikelifetime", "esplifetime", "dpd", "forceencap", "ikeversion", "ipsecpsk",
                                       "account")]
    assert values == [86400, 3600, False, False, "ike", "S3cr3t", "admin"]
    error = api_error(api.createVpnCustomerGateway, **GATEWAY)
    assert error["errortext"] == "The customer gateway with name office already existed!"
    unnamed = api.createVpnCustomerGateway(**dict(GATEWAY, name=None, gateway="vpn.example.com"))["vpncustomergateway"]
    assert unnamed["name"] == "VPN-vpn.example.com"
    assert [g["name"] for g in api.listVpnCustomerGateways(keyword="offi")["vpncustomergateway"]] == ["office"]


def test_customer_gateway_update_replaces_every_value(api):
    gateway = api.createVpnCustomerGateway(**dict(GATEWAY, ikelifetime=3600, dpd=True))["vpncustomergateway"]
    error = api_error(api.updateVpnCustomerGateway, id=gateway["id"], **dict(GATEWAY, ikepolicy="aes256"))
    assert error["errortext"].startswith("The customer gateway IKE policyaes256 is invalid!")
    updated = api.updateVpnCustomerGateway(id=gateway["id"], **dict(GATEWAY, ipsecpsk="n3w"))["vpncustomergateway"]
    assert (updated["ipsecpsk"], updated["ikelifetime"], updated["dpd"]) == ("n3w", 86400, False)


def test_site_to_site_vpn(api, world):
    vpc = make_vpc(api, world, cidr="10.50.0.0/16")
    source_nat = api.listPublicIpAddresses(vpcid=vpc["id"], issourcenat=True)["publicipaddress"][0]
    vpn_gateway = api.createVpnGateway(vpcid=vpc["id"])["vpngateway"]
    assert (vpn_gateway["publicip"], vpn_gateway["vpcname"]) == (source_nat["ipaddress"], "shop")
    error = api_error(api.createVpnGateway, vpcid=vpc["id"])
    assert (error["errorcode"], error["errortext"]) == (431, "The VPN gateway of VPC %s already existed!" % vpc["id"])
    assert api.listVpnGateways(vpcid=vpc["id"])["vpngateway"][0]["id"] == vpn_gateway["id"]

    inside = api.createVpnCustomerGateway(**dict(GATEWAY, name="inside", cidrlist="10.50.1.0/24"))["vpncustomergateway"]
    error = api_error(api.createVpnConnection, s2scustomergatewayid=inside["id"], s2svpngatewayid=vpn_gateway["id"])
    assert error["errortext"] == ("The subnets of customer gateway %s's subnet 10.50.1.0/24 is overlapped with VPC cidr "
                                  "10.50.0.0/16!" % inside["id"])
    office = api.createVpnCustomerGateway(**GATEWAY)["vpncustomergateway"]
    connection = api.createVpnConnection(s2scustomergatewayid=office["id"], s2svpngatewayid=vpn_gateway["id"],
                                         passive=True)["vpnconnection"]
    assert (connection["state"], connection["passive"], connection["publicip"], connection["gateway"],
            connection["cidrlist"]) == ("Disconnected", True, source_nat["ipaddress"], "198.51.100.7",
                                        GATEWAY["cidrlist"])
    error = api_error(api.createVpnConnection, s2scustomergatewayid=office["id"], s2svpngatewayid=vpn_gateway["id"])
    assert "already existed!" in error["errortext"]
    twin = api.createVpnCustomerGateway(**dict(GATEWAY, name="twin", cidrlist="192.168.11.0/24"))["vpncustomergateway"]
    error = api_error(api.createVpnConnection, s2scustomergatewayid=twin["id"], s2svpngatewayid=vpn_gateway["id"])
    assert error["errortext"] == ("The new connection's remote subnet 192.168.11.0/24 is overlapped with existed VPN "
                                  "connection to customer gateway office's subnet 192.168.11.0/24")
    assert api.listVpnConnections(vpcid=vpc["id"])["vpnconnection"][0]["id"] == connection["id"]
    assert api.resetVpnConnection(id=connection["id"])["vpnconnection"]["state"] == "Disconnected"

    error = api_error(api.deleteVpnCustomerGateway, id=office["id"])
    assert error["errortext"] == ("Unable to delete VPN customer gateway with id %s because there is still related VPN "
                                  "connections!" % office["id"])
    error = api_error(api.deleteVpnGateway, id=vpn_gateway["id"])
    assert "because there is still related VPN connections!" in error["errortext"]
    assert api.deleteVpnConnection(id=connection["id"]) == {"success": True}
    assert api.deleteVpnCustomerGateway(id=office["id"]) == {"success": True}
    api.createVpnConnection(s2scustomergatewayid=twin["id"], s2svpngatewayid=vpn_gateway["id"])
    assert api.deleteVPC(id=vpc["id"]) == {"success": True}  # its VPN gateway and connection go with it
    assert api.listVpnGateways() == {} and api.listVpnConnections() == {}


def test_vpn_users_and_remote_access_vpn(api, world):
    error = api_error(api.addVpnUser, username="x", password="secret")
    assert error["errortext"].startswith("Username [x] is invalid.")
    error = api_error(api.addVpnUser, username="john", password='se"cret')
    assert error["errortext"] == "Password has to be 3-32 characters including alphabets, numbers and the set '@+=.-_'"
    user = api.addVpnUser(username="john", password="secret")["vpnuser"]
    assert (user["username"], user["state"], user["account"]) == ("john", "Add", "admin")
    assert "password" not in user
    error = api_error(api.addVpnUser, username="john", password="secret")
    assert error["errortext"].startswith("VPN User with name john is already added for account Account")

    vpc = make_vpc(api, world, cidr="10.1.0.0/16")
    address = api.listPublicIpAddresses(vpcid=vpc["id"], issourcenat=True)["publicipaddress"][0]
    error = api_error(api.createRemoteAccessVpn, publicipid=address["id"])
    assert error["errortext"] == "Invalid ip range: 10.1.2.1-10.1.2.8 overlaps with guest ip range 10.1.0.1-10.1.255.254"
    vpn = api.createRemoteAccessVpn(publicipid=address["id"], iprange="10.9.0.1-10.9.0.9")["remoteaccessvpn"]
    assert (vpn["state"], vpn["iprange"], vpn["publicip"], len(vpn["presharedkey"])) == (
        "Running", "10.9.0.2-10.9.0.9", address["ipaddress"], 24)
    assert api.listVpnUsers(username="john")["vpnuser"][0]["state"] == "Active"
    assert api.addVpnUser(username="jane", password="secret")["vpnuser"]["state"] == "Active"

    error = api_error(api.removeVpnUser, username="nobody")
    assert error["errortext"].startswith("Could not find VPN user=[nobody].")
    assert api.removeVpnUser(username="john") == {"success": True}
    assert [u["username"] for u in api.listVpnUsers()["vpnuser"]] == ["jane"]
    assert api.deleteRemoteAccessVpn(publicipid=address["id"]) == {"success": True}
    assert api.listRemoteAccessVpns() == {}
