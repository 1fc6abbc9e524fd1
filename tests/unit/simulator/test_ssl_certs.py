"""SSL certificates: upload (validated as CertServiceImpl does), list, delete, binding to load balancer rules."""
import shutil
import subprocess

import pytest

from conftest import api_error

pytestmark = pytest.mark.skipif(not shutil.which("openssl"), reason="the certificates are made with openssl")


def openssl(tmp_path, *args):
    subprocess.run(["openssl"] + list(args), cwd=str(tmp_path), check=True, capture_output=True)


@pytest.fixture
def pki(tmp_path):
    """A CA, a certificate it signed with its key (PKCS#8), a self-signed one, and the leaf's SHA-256 fingerprint."""
    openssl(tmp_path, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=test-ca",
            "-keyout", "ca.key", "-out", "ca.pem")
    openssl(tmp_path, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=www.example.com", "-keyout", "leaf.key",
            "-out", "leaf.csr")
    openssl(tmp_path, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "3650", "-out", "leaf.pem")
    openssl(tmp_path, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=other",
            "-keyout", "other.key", "-out", "other.pem")
    names = ("ca.pem", "leaf.pem", "leaf.key", "other.pem", "other.key")
    files = dict((name, (tmp_path / name).read_text()) for name in names)
    out = subprocess.run(["openssl", "x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha256"], cwd=str(tmp_path),
                         check=True, capture_output=True, text=True).stdout
    files["fingerprint"] = out.strip().split("=", 1)[1]
    return files


def test_upload_list_delete(api, pki):
    cert = api.uploadSslCert(name="www", certificate=pki["leaf.pem"], privatekey=pki["leaf.key"],
                             certchain=pki["ca.pem"])["sslcert"]
    assert cert["fingerprint"] == pki["fingerprint"] and cert["certchain"] == pki["ca.pem"]
    assert "privatekey" not in cert and cert["account"] == "admin"
    assert [c["id"] for c in api.listSslCerts()["sslcert"]] == [cert["id"]]
    assert api.listSslCerts(certid=cert["id"])["sslcert"][0]["name"] == "www"
    error = api_error(api.listSslCerts, certid=cert["id"], accountid=cert["domainid"])
    assert error["errortext"] == "Only one of certid, lbid, projectid, or accountid/account can be specified"
    assert api.deleteSslCert(id=cert["id"]) == {"success": "true"}
    assert api.listSslCerts() == {}


def test_upload_refusals(api, pki):
    error = api_error(api.uploadSslCert, name="x", certificate=pki["leaf.pem"], privatekey=pki["other.key"])
    assert error["errorcode"] == 530 and error["errortext"] == "Bad public-private key"
    error = api_error(api.uploadSslCert, name="x", certificate=pki["leaf.pem"], privatekey=pki["leaf.key"],
                      certchain=pki["other.pem"])
    assert error["errortext"] == "Invalid certificate chain"
    error = api_error(api.uploadSslCert, name="x", certificate="not a certificate", privatekey=pki["leaf.key"])
    assert error["errorcode"] == 530 and "Expected X509 certificate" in error["errortext"]
    assert api.uploadSslCert(name="self", certificate=pki["other.pem"], privatekey=pki["other.key"])["sslcert"]


def test_bound_to_a_rule(api, world, pki):
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="ssl",
                                displaytext="ssl")["network"]
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    rule = api.createLoadBalancerRule(publicipid=ip["id"], name="https", algorithm="source", publicport=443,
                                      privateport=80, protocol="ssl")["loadbalancer"]
    cert = api.uploadSslCert(name="www", certificate=pki["leaf.pem"], privatekey=pki["leaf.key"])["sslcert"]
    assert api.assignCertToLoadBalancer(lbruleid=rule["id"], certid=cert["id"]) == {"success": True}
    assert api.listSslCerts(lbruleid=rule["id"])["sslcert"][0]["loadbalancerrulelist"] == [rule["id"]]
    error = api_error(api.deleteSslCert, id=cert["id"])
    assert error["errorcode"] == 530 and error["errortext"] == "Certificate in use by a loadbalancer(s) https "
    api.deleteLoadBalancerRule(id=rule["id"])
    assert api.deleteSslCert(id=cert["id"]) == {"success": "true"}
