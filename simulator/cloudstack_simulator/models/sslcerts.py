"""SSL certificates for load balancer rules (CertServiceImpl) and their binding to rules.

An upload is validated as CertServiceImpl does: an X.509 certificate (PEM) within its validity, a private key (PKCS#1
or PKCS#8 PEM) that is the certificate's (same RSA modulus; an encrypted PKCS#8 key is taken as given), a chain whose
certificates lead to the certificate's issuer. Every failure is 530 with CloudStack's text (UploadSslCertCmd turns any
exception into an internal error). The fingerprint is SHA-256 of the certificate's DER, colon-separated upper-case
hex (CertificateHelper.generateFingerPrint)."""
import base64
import binascii
import datetime
import hashlib
import re

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import new_id, owner_fields, resolve_owner, success

PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", re.S)
RSA_OID = bytes.fromhex("2a864886f70d010101")


def der(data):
    """The (tag, content) items of DER data, in order."""
    items, i = [], 0
    while i < len(data):
        tag, length = data[i], data[i + 1]
        i += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(data[i:i + count], "big")
            i += count
        if i + length > len(data):
            raise ValueError("truncated DER")
        items.append((tag, data[i:i + length]))
        i += length
    return items


def pem_blocks(text):
    """[(label, DER bytes)] of the PEM text."""
    try:
        return [(label, base64.b64decode("".join(body.split()), validate=True)) for label, body in PEM.findall(text or "")]
    except (binascii.Error, ValueError):
        return []


def der_time(tag, value):
    text = value.decode("ascii").rstrip("Z")
    if tag == 0x17:  # UTCTime: two-digit years, 50-99 in the 1900s
        text = ("19" if int(text[:2]) >= 50 else "20") + text
    return datetime.datetime.strptime(text[:14], "%Y%m%d%H%M%S")


def parse_certificate(raw):
    """{subject, issuer, not_before, not_after, modulus} of a DER certificate; ValueError when it is none."""
    tbs = der(der(der(raw)[0][1])[0][1])
    if tbs[0][0] == 0xA0:  # [0] version
        tbs = tbs[1:]
    issuer, validity, subject, key_info = tbs[2][1], der(tbs[3][1]), tbs[4][1], der(tbs[5][1])
    algorithm = der(key_info[0][1])[0][1]
    modulus = None
    if algorithm == RSA_OID:
        modulus = int.from_bytes(der(der(key_info[1][1][1:])[0][1])[0][1], "big")
    return {"issuer": issuer, "subject": subject, "modulus": modulus,
            "not_before": der_time(*validity[0]), "not_after": der_time(*validity[1])}


def certificates(text, what):
    found = [block for label, block in pem_blocks(text) if label == "CERTIFICATE"]
    if not found:
        raise exceptions.internal("Parsing certificate/key failed: Invalid %s format. Expected X509 certificate" % what)
    try:
        return [parse_certificate(block) for block in found]
    except (ValueError, IndexError, UnicodeDecodeError):
        raise exceptions.internal("Parsing certificate/key failed: Could not parse %s" % what)


def key_modulus(text):
    """The RSA modulus of a private key; None for an encrypted one (the simulator cannot decrypt it)."""
    blocks = pem_blocks(text)
    if not blocks:
        raise exceptions.internal("Cannot parse private key")
    label, raw = blocks[0]
    try:
        if label == "ENCRYPTED PRIVATE KEY":
            return None
        if label == "PRIVATE KEY":  # PKCS#8: version, algorithm, the PKCS#1 key as an octet string
            raw = der(der(raw)[0][1])[2][1]
        elif label != "RSA PRIVATE KEY":
            raise ValueError(label)
        return int.from_bytes(der(der(raw)[0][1])[1][1], "big")
    except (ValueError, IndexError):
        raise exceptions.internal("Cannot parse private key")


def validate(params):
    """CertServiceImpl.validate, in its order; the certificate's fingerprint."""
    text = params["certificate"]
    cert = certificates(text, "certificate")[0]
    modulus = key_modulus(params["privatekey"])
    chain = certificates(params["certchain"], "chain") if params.get("certchain") else None
    moment = datetime.datetime.utcnow()
    if moment > cert["not_after"]:
        raise exceptions.internal("Parsing certificate/key failed: certificate expired on %s"
                                  % cert["not_after"].strftime("%Y%m%d%H%M%SGMT+00:00"))
    if moment < cert["not_before"]:
        raise exceptions.internal("Parsing certificate/key failed: certificate not valid till %s"
                                  % cert["not_before"].strftime("%Y%m%d%H%M%SGMT+00:00"))
    if modulus is not None and modulus != cert["modulus"]:
        raise exceptions.internal("Bad public-private key")
    if chain is not None and cert["issuer"] != cert["subject"] and \
            cert["issuer"] not in [c["subject"] for c in chain]:
        raise exceptions.internal("Invalid certificate chain")
    raw = next(block for label, block in pem_blocks(text) if label == "CERTIFICATE")
    digest = hashlib.sha256(raw).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


VIEW_FIELDS = ("id", "name", "certificate", "certchain", "fingerprint", "account", "domain", "domainid", "project",
               "projectid")


def view(store, cert):
    out = {k: cert[k] for k in VIEW_FIELDS if cert.get(k) is not None}
    rules = [b["loadbalancerid"] for b in store.find("lbcertmap", certid=cert["id"])]
    if rules:
        out["loadbalancerrulelist"] = rules
    return out


@command("uploadSslCert")
def upload_ssl_cert(ctx, params):
    if params.get("account") and params.get("domainid") or params.get("projectid"):
        account, project = resolve_owner(ctx, params)
    else:
        account, project = ctx.account, None
    fingerprint = validate(params)
    cert = {"id": new_id(), "name": params["name"], "certificate": params["certificate"],
            "certchain": params.get("certchain"), "fingerprint": fingerprint, "_privatekey": params["privatekey"],
            "_password": params.get("password")}
    cert.update(owner_fields(ctx.store, account, project))
    cert["account"] = account["name"]  # CloudStack names the project's account too
    ctx.store.put("sslcert", cert)
    return {"sslcert": view(ctx.store, cert)}


@command("listSslCerts")
def list_ssl_certs(ctx, params):
    """One of certid, lbruleid, projectid, accountid; else the caller's own certificates (not paged)."""
    store = ctx.store
    given = [name for name in ("certid", "accountid", "lbruleid", "projectid") if params.get(name)]
    if len(given) > 1:
        raise exceptions.invalid("Only one of certid, lbid, projectid, or accountid/account can be specified")
    if params.get("certid"):
        cert = store.get("sslcert", params["certid"])
        if cert is None:
            raise exceptions.invalid("Invalid certificate id: %s" % params["certid"])
        ctx.check_owner(cert)
        certs = [cert]
    elif params.get("lbruleid"):
        rule = store.get("loadbalancerrule", params["lbruleid"])
        if rule is None:
            raise exceptions.invalid("Found no loadbalancer with id: %s" % params["lbruleid"])
        ctx.check_owner(rule)
        binding = store.first("lbcertmap", loadbalancerid=rule["id"])
        certs = [store.get("sslcert", binding["certid"])] if binding else []
    else:
        project = ctx.lookup("project", "projectid")
        owner = store.get("account", project["_accountid"]) if project else ctx.lookup("account", "accountid") or ctx.account
        certs = store.find("sslcert", _accountid=owner["id"])
        if certs:
            ctx.check_owner(certs[0])
    return Listing(certs, lambda cert: view(store, cert))


@command("deleteSslCert")
def delete_ssl_cert(ctx, params):
    store = ctx.store
    cert = store.get("sslcert", params["id"])
    if cert is None:
        raise exceptions.invalid("Invalid certificate id: %s" % params["id"])
    ctx.check_owner(cert)
    rules = [store.get("loadbalancerrule", b["loadbalancerid"]) for b in store.find("lbcertmap", certid=cert["id"])]
    if rules:
        raise exceptions.internal("Certificate in use by a loadbalancer(s) %s" % "".join(r["name"] + " " for r in rules))
    store.delete("sslcert", cert["id"])
    return success()


@command("assignCertToLoadBalancer")
def assign_cert_to_load_balancer(ctx, params):
    store = ctx.store
    rule = store.get("loadbalancerrule", params["lbruleid"])
    cert = store.get("sslcert", params["certid"])
    ctx.check_owner(rule)
    if rule["_accountid"] != cert["_accountid"]:
        raise exceptions.invalid("Access denied for account %s" % cert["_accountid"])
    binding = store.first("lbcertmap", loadbalancerid=rule["id"])
    if binding and not params.get("forced"):
        raise exceptions.invalid("Another certificate is already bound to the LB")
    if (rule.get("protocol") or "") != "ssl":
        raise exceptions.invalid("Bad LB protocol: Expected ssl got %s" % rule.get("protocol"))
    if binding:
        store.delete("lbcertmap", binding["id"])
    store.put("lbcertmap", {"id": new_id(), "loadbalancerid": rule["id"], "certid": cert["id"]})
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lbcert.apply", {"id": rule["id"]}, "FirewallRule", rule["id"])


@command("removeCertFromLoadBalancer")
def remove_cert_from_load_balancer(ctx, params):
    store = ctx.store
    rule = store.get("loadbalancerrule", params["lbruleid"])
    binding = store.first("lbcertmap", loadbalancerid=params["lbruleid"])
    if binding is None:
        raise exceptions.invalid("No certificate is bound to lb with id: %s" % params["lbruleid"])
    ctx.check_owner(rule)
    store.delete("lbcertmap", binding["id"])
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lbcert.apply", {"id": rule["id"]}, "FirewallRule", rule["id"])


@finisher("lbcert.apply")
def finish_apply(store, args):
    rule = store.get("loadbalancerrule", args["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"success": True}
