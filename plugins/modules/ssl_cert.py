#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ssl_cert
short_description: Manage SSL certificates for CloudStack load balancers
description:
  - Upload SSL certificates (with their private key and chain) that load balancer rules of protocol C(ssl) terminate
    TLS with, and delete them.
  - A certificate is identified by its name (compared without case) within its owner. CloudStack cannot change an
    uploaded certificate; when O(certificate) or O(cert_chain) differ from what CloudStack holds, the module warns,
    or with O(force=true) deletes the certificate and uploads it again (it then has another id).
  - CloudStack checks what is uploaded (a certificate within its validity, the private key that is its own, a chain
    that leads to its issuer) and refuses it with its message (error 530), which the module reports.
  - CloudStack refuses to delete a certificate that a load balancer rule uses (error 530).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the certificate.
    type: str
    required: true
  certificate:
    description:
      - The certificate, PEM-encoded; required with O(state=present).
    type: str
  private_key:
    description:
      - Its private key, PEM-encoded (PKCS#1 or PKCS#8); required with O(state=present). Never returned by CloudStack,
        so never compared.
    type: str
  cert_chain:
    description:
      - The chain of certificates that leads to the certificate's issuer, PEM-encoded.
    type: str
  password:
    description:
      - Password of an encrypted O(private_key).
    type: str
  enable_revocation_check:
    description:
      - Whether CloudStack checks the chain's certificates for revocation when the certificate is uploaded (its
        default is to check).
    type: bool
  force:
    description:
      - Whether a certificate of the name whose O(certificate) or O(cert_chain) differ is deleted and uploaded again
        (else the module warns and leaves it).
    type: bool
    default: false
  state:
    description:
      - Whether the certificate exists.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Upload the certificate of www.example.com
  cloudstack.cloud.ssl_cert:
    name: www
    certificate: "{{ lookup('file', 'www.pem') }}"
    private_key: "{{ lookup('file', 'www.key') }}"
    cert_chain: "{{ lookup('file', 'chain.pem') }}"

- name: Replace it with its renewal
  cloudstack.cloud.ssl_cert:
    name: www
    certificate: "{{ lookup('file', 'www-2027.pem') }}"
    private_key: "{{ lookup('file', 'www-2027.key') }}"
    cert_chain: "{{ lookup('file', 'chain.pem') }}"
    force: true

- name: Delete it
  cloudstack.cloud.ssl_cert:
    name: www
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the certificate.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the certificate.
  returned: success
  type: str
  sample: www
certificate:
  description: The certificate, PEM-encoded.
  returned: success
  type: str
  sample: "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n"
cert_chain:
  description: The chain, PEM-encoded.
  returned: success and the certificate has one
  type: str
  sample: "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n"
fingerprint:
  description: SHA-256 fingerprint of the certificate, as colon-separated hexadecimal.
  returned: success
  type: str
  sample: "68:82:16:B8:F6:E6:D8:52:08:21:AC:39:23:8C:3A:53:62:77:90:AA:FB:8F:0C:37:71:C2:A1:10:C9:B2:19:04"
load_balancer_rule_list:
  description: UUIDs of the load balancer rules that use the certificate.
  returned: success and rules use it
  type: list
  elements: str
account:
  description: Account that owns the certificate.
  returned: success
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
domain_id:
  description: UUID of the domain.
  returned: success
  type: str
project:
  description: Project that owns the certificate.
  returned: success and a project owns it
  type: str
  sample: webshop
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_cert(engine):
    """The owner's certificate of this name, without case (listSslCerts takes one owner: a project or an account,
    else the caller's own)."""
    wanted = engine.wanted([RESOURCE.by_option[option] for option in ("domain", "project") if engine.params.get(option)])
    params = {}
    if engine.params.get("project"):
        params["projectid"] = wanted[RESOURCE.by_option["project"]]
    elif engine.params.get("account"):
        domain = wanted.get(RESOURCE.by_option["domain"])
        params["accountid"] = engine.lookup.id("account", engine.params["account"], domainid=domain)
    name = engine.params["name"].lower()
    found = [cert for cert in engine.client.list("listSslCerts", **params) if cert["name"].lower() == name]
    if len(found) > 1:
        engine.fail("SSL certificate name %r is ambiguous: %d match (ids %s); delete the extra ones" % (
            engine.params["name"], len(found), ", ".join(cert["id"] for cert in found)))
    return found[0] if found else None


def pem(text):
    """PEM text compared without its line endings and surrounding blanks."""
    return "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())


def converge(engine, cert):
    """CloudStack cannot change a certificate: a different one of the name is uploaded again with force."""
    differing = [option for option, key in (("certificate", "certificate"), ("cert_chain", "certchain"))
                 if engine.params.get(option) is not None and pem(engine.params[option]) != pem(cert.get(key))]
    if not differing or engine.created:
        return cert
    if not engine.params["force"]:
        engine.warn("the SSL certificate %r exists with another %s; CloudStack cannot change it: set force=true to "
                    "delete it and upload it again (it then has another id)" % (cert["name"], " and ".join(differing)))
        return cert
    before = dict((option, cert.get(key)) for option, key in (("certificate", "certificate"), ("cert_chain", "certchain")))
    engine.write("deleteSslCert", id=cert["id"])
    uploaded = engine.create(engine.wanted())
    engine.before = dict(engine.view(cert, [RESOURCE.by_option["name"]]), **before)
    engine.after.update((option, engine.params.get(option)) for option in before)
    return uploaded


RESOURCE = Resource(
    "SSL certificate",
    list_command="listSslCerts", create_command="uploadSslCert", delete_command="deleteSslCert",
    fields=[
        Field("name", "name", update=None, ignore_case=True),
        Field("certificate", "certificate", update=None, compare=False, required=True),
        Field("private_key", "privatekey", update=None, compare=False, required=True, no_log=True),
        Field("cert_chain", "certchain", update=None, compare=False),
        Field("password", "password", update=None, compare=False, no_log=True),
        Field("enable_revocation_check", "enabledrevocationcheck", update=None, type="bool", compare=False),
        Field("force", type="bool", default=False, compare=False),
        Field("domain", "domainid", update=None, ref="domain", compare=False),
        Field("account", "account", update=None, compare=False),
        Field("project", "projectid", update=None, ref="project", compare=False),
    ],
    states={"present": {}},
    renames={"loadbalancerrulelist": "load_balancer_rule_list"},
    hooks={"find": find_cert, "converge": converge},
    response_key="sslcert",
    module_kwargs={"required_if": [("state", "present", ["certificate", "private_key"])]},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
