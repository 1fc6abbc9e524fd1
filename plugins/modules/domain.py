#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain
short_description: Manage CloudStack domains
description:
  - Create a domain at a path such as V(ROOT/customers/acme), set its network domain, or remove it.
  - The parent domain must exist; paths compare case-insensitively, as CloudStack's domain names do.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  path:
    description:
      - Path of the domain, from V(ROOT) (V(ROOT/customers/acme)); a path not starting with V(ROOT) is
        taken under it (V(customers/acme)).
    type: str
    required: true
  network_domain:
    description:
      - Network domain of the domain's guest networks (V(acme.example.com)).
    type: str
  clean_up:
    description:
      - With O(state=absent), also remove the domain's sub-domains, accounts, projects and their
        resources. Without it, CloudStack refuses to remove a domain that still has any.
    type: bool
  state:
    description:
      - Whether the domain should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a domain for the customers
  cloudstack.cloud.domain:
    path: ROOT/customers

- name: Ensure one customer's domain, with its network domain
  cloudstack.cloud.domain:
    path: ROOT/customers/acme
    network_domain: acme.example.com

- name: Remove it with everything in it
  cloudstack.cloud.domain:
    path: ROOT/customers/acme
    clean_up: true
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the domain.
  returned: success
  type: str
  sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
name:
  description: Name of the domain (the last part of its path).
  returned: success
  type: str
  sample: acme
path:
  description: Path of the domain.
  returned: success
  type: str
  sample: ROOT/customers/acme
parent_domain:
  description: Name of the parent domain.
  returned: success
  type: str
  sample: customers
parent_domain_id:
  description: UUID of the parent domain.
  returned: success
  type: str
network_domain:
  description: Network domain of the domain.
  returned: when set
  type: str
  sample: acme.example.com
level:
  description: Depth of the domain (ROOT is 0).
  returned: success
  type: int
  sample: 2
state:
  description: State of the domain.
  returned: success
  type: str
  sample: Active
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackTransportError
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import DOMAIN_RENAMES, domains_at, full_path


def by_path(engine, path):
    found = domains_at(engine.client, path)
    return found[0] if found else None


def find(engine):
    return by_path(engine, engine.params["path"])


def under_parent(engine, params):
    """createDomain takes a name and the parent's id: both come from the path."""
    path = full_path(engine.params["path"])
    parent_path, _slash, name = path.rpartition("/")
    if not parent_path:
        engine.fail("the ROOT domain always exists; path must name a domain under it")
    parent = by_path(engine, parent_path)
    if parent is None:
        engine.fail("the parent domain %s of %s does not exist; create it first" % (parent_path, path))
    return dict(params, name=name, parentdomainid=parent["id"])


def delete(engine, current):
    try:
        engine.write_own("deleteDomain", id=current["id"], cleanup=bool(engine.params["clean_up"]))
    except CloudStackApiError as exc:
        if engine.params["clean_up"] or isinstance(exc, CloudStackTransportError):
            raise
        engine.fail("%s (set clean_up=true to remove the domain %s with its sub-domains, accounts and projects)" % (
            exc, current["path"]))


RESOURCE = Resource(
    "domain",
    list_command="listDomains", create_command="createDomain", update_command="updateDomain",
    fields=[
        Field("path", create=None, update=None, returned="path", compare=False),
        Field("network_domain", "networkdomain"),
        Field("clean_up", create=None, update=None, type="bool", compare=False),
    ],
    identity="path",
    renames=DOMAIN_RENAMES,
    hooks={"find": find, "prepare_create": under_parent, "delete": delete},
    waits=True,
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
