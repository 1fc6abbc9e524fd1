#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ssh_key
short_description: Manage CloudStack SSH key pairs
description:
  - Register an existing public key under a name, or let CloudStack create a key pair and return
    its private key once, or remove a key pair.
  - CloudStack cannot update a key pair. When a key pair of that name exists with another public key
    (its fingerprint differs from the one of O(public_key)), the module deletes it and registers
    O(public_key) under the same name. Instances deployed with the old key keep it.
  - Without O(public_key), a key pair that already exists is left alone (never re-created), so
    its private key is only returned by the task that created it. When CloudStack created the key pair but
    its answer was lost on the way, the task reports the key pair without its private key and warns how to
    get a new one.
  - The private key, when returned, hides the whole task result from the output of every callback
    (as if the task had C(no_log=true)); the registered variable still holds it.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the key pair.
    type: str
    required: true
  public_key:
    description:
      - Public key to register, in OpenSSH format (V(ssh-ed25519 AAAA... comment)).
      - If not given, CloudStack creates a key pair and the module returns its private key.
    type: str
  state:
    description:
      - Whether the key pair should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Register my public key
  cloudstack.cloud.ssh_key:
    name: alice
    public_key: "{{ lookup('ansible.builtin.file', '~/.ssh/id_ed25519.pub') }}"

- name: Let CloudStack create a key pair
  cloudstack.cloud.ssh_key:
    name: deploy
  register: deploy_key

- name: Keep its private key (returned only by the task that created the pair)
  ansible.builtin.copy:
    content: "{{ deploy_key.private_key }}"
    dest: ~/.ssh/cloudstack-deploy
    mode: "0600"
  when: deploy_key.private_key is defined
  no_log: true

- name: Remove a key pair
  cloudstack.cloud.ssh_key:
    name: alice
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the key pair.
  returned: success
  type: str
  sample: 5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11
name:
  description: Name of the key pair.
  returned: success
  type: str
  sample: alice
fingerprint:
  description: MD5 fingerprint of the public key, as CloudStack computes it.
  returned: success
  type: str
  sample: "86:5e:a3:e8:bd:95:7b:07:7c:c2:5c:f7:ad:8b:09:28"
private_key:
  description:
    - Private key of a key pair CloudStack created in this run. Secret; its presence hides the task
      result from callback output.
  returned: when the task created the key pair without O(public_key)
  type: str
account:
  description: Account owning the key pair.
  returned: success
  type: str
  sample: admin
domain:
  description: Domain of the account owning the key pair.
  returned: success
  type: str
  sample: ROOT
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
project:
  description: Project owning the key pair.
  returned: when owned by a project
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

import base64
import binascii
import hashlib

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, LostSecret, Resource, owner_of


def fingerprint(public_key):
    """The MD5 fingerprint CloudStack stores: colon-separated hex of the decoded key blob."""
    parts = public_key.split()
    try:
        blob = base64.b64decode(parts[1] if len(parts) > 1 else parts[0], validate=True)
    except (binascii.Error, IndexError, ValueError):
        return None
    digest = hashlib.md5(blob).hexdigest()  # nosec: the fingerprint format CloudStack uses, not a security hash
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def register_or_create(engine, params):
    """registerSSHKeyPair when a public key is given, else createSSHKeyPair (which returns the private key)."""
    if params.get("publickey"):
        if fingerprint(params["publickey"]) is None:
            engine.fail("public_key is not an OpenSSH public key (expected 'TYPE BASE64 [COMMENT]', e.g. 'ssh-ed25519 AAAA... me@host')")
        return engine.write("registerSSHKeyPair", **params)
    return engine.write("createSSHKeyPair", **params)


def replace_other_key(engine, current):
    """CloudStack cannot update a key pair: one with another public key is deleted and registered anew."""
    public_key = engine.params.get("public_key")
    if not public_key:
        return current
    wanted = fingerprint(public_key)
    if wanted is None:
        engine.fail("public_key is not an OpenSSH public key (expected 'TYPE BASE64 [COMMENT]', e.g. 'ssh-ed25519 AAAA... me@host')")
    if current.get("fingerprint") == wanted:
        return current
    engine.note("fingerprint", current.get("fingerprint"), wanted)
    scope = owner_of(current)
    engine.write("deleteSSHKeyPair", name=current["name"], **scope)
    registered = engine.write("registerSSHKeyPair", name=current["name"], publickey=public_key, **scope)
    return engine.extract(registered) or dict(current, fingerprint=wanted)


def delete_by_name(engine, current):
    engine.write("deleteSSHKeyPair", name=current["name"], **owner_of(current))


RESOURCE = Resource(
    "SSH key pair",
    list_command="listSSHKeyPairs", delete_command="deleteSSHKeyPair", response_key="keypair",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("public_key", "publickey", update=None, compare=False),  # never returned: replace_other_key compares fingerprints
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"privatekey": "private_key", "domainid": "domain_id", "projectid": "project_id"},
    hooks={"create": register_or_create, "converge": replace_other_key, "delete": delete_by_name},
    module_kwargs=dict(required_by={"account": "domain"}),
    lost_secret=LostSecret("private key", "to get a new one, remove the key pair (state=absent) and run the task again",
                           unless="public_key"),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
