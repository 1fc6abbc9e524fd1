#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain_info
short_description: Gather information about CloudStack domains
description:
  - Lists every domain the caller sees (a domain admin sees its own domain and those under it), or the one
    named by O(domain).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  domain:
    description:
      - Path (V(ROOT/customers/acme); V(customers/acme) is taken under ROOT), name or id of the domain.
        Information about every domain is returned when not given.
      - A name several domains have returns each of them; no domain of that path or name gives an empty list.
    type: str
    aliases: [name, path]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every domain
  cloudstack.cloud.domain_info:
  register: result

- name: Gather information about one domain
  cloudstack.cloud.domain_info:
    domain: ROOT/customers/acme
  register: result
"""

RETURN = r"""
domains:
  description: The domains, with the keys of the M(cloudstack.cloud.domain) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the domain.
      type: str
      sample: 87e8c2b0-8a5c-4f6b-9e5d-0c1b2a3d4e5f
    name:
      description: Name of the domain.
      type: str
      sample: acme
    path:
      description: Path of the domain.
      type: str
      sample: ROOT/customers/acme
    parent_domain:
      description: Name of the parent domain (none for ROOT).
      type: str
      sample: customers
    parent_domain_id:
      description: UUID of the parent domain.
      type: str
    network_domain:
      description: Network domain of the domain, when set.
      type: str
      sample: acme.example.com
    level:
      description: Depth of the domain (ROOT is 0).
      type: int
      sample: 2
    state:
      description: State of the domain.
      type: str
      sample: Active
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.tenants import DOMAIN_RENAMES, full_path


def by_path_name_or_id(module, params, wanted):
    """A path (a value with a slash, or ROOT) names one domain; else the domains of that name or id."""
    domains = module.client.list("listDomains", **params)
    if UUID.match(wanted):
        return [d for d in domains if d["id"] == wanted]
    if "/" in wanted or wanted.upper() == "ROOT":
        return [d for d in domains if d["path"].lower() == full_path(wanted).lower()]
    return [d for d in domains if d["name"].lower() == wanted.lower()]


INFO = Info("domain", "listDomains", "domains", match=Field("domain", "name", aliases=["name", "path"]),
            list_params={"listall": True}, renames=DOMAIN_RENAMES, find=by_path_name_or_id)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
