#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: resource_limit
short_description: Manage the resource limits of CloudStack accounts, projects and domains
description:
  - Set how much of a resource type an account, a project or a domain may hold. CloudStack refuses what would
    exceed a limit (error 532, naming the type and the owner).
  - The owner is O(project), else O(account) of O(domain), else O(domain) itself, else the caller's account.
  - A limit that CloudStack has never been given is the one of the C(max.account.*), C(max.project.*) or
    C(max.domain.*) settings; the module compares with what CloudStack lists, so setting that same value
    changes nothing.
  - Root admin accounts and the ROOT domain are unlimited; CloudStack refuses another limit for them.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  resource_type:
    description:
      - The resource type, by name or by CloudStack's number (V(0) instance to V(11) secondary_storage).
      - Storage limits count GiB, memory MiB, cpu cores.
    type: str
    required: true
    aliases: [type]
    choices: [instance, ip_address, volume, snapshot, template, project, network, vpc, cpu, memory, primary_storage,
              secondary_storage, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']
  limit:
    description:
      - The maximum; V(-1) means unlimited.
    type: int
    default: -1
    aliases: [max]
  domain:
    description:
      - Name, path (V(ROOT/customers)) or id of the domain whose limit it is, or of O(account)'s domain.
    type: str
  account:
    description:
      - Account whose limit it is; needs O(domain).
    type: str
  project:
    description:
      - Name or id of the project whose limit it is.
    type: str
  state:
    description:
      - A limit always exists; V(present) sets it.
    type: str
    default: present
    choices: [present]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: At most 20 instances for the account acme
  cloudstack.cloud.resource_limit:
    resource_type: instance
    limit: 20
    domain: ROOT/customers
    account: acme

- name: 500 GiB of primary storage for the customers domain
  cloudstack.cloud.resource_limit:
    type: primary_storage
    max: 500
    domain: ROOT/customers

- name: No limit on the project's public IP addresses
  cloudstack.cloud.resource_limit:
    resource_type: ip_address
    limit: -1
    project: web
"""

RETURN = r"""
resource_type:
  description: The resource type, as given.
  returned: success
  type: str
  sample: instance
resource_type_name:
  description: CloudStack's name of the resource type.
  returned: success
  type: str
  sample: user_vm
limit:
  description: The limit; -1 means unlimited.
  returned: success
  type: int
  sample: 20
account:
  description: Account the limit is of.
  returned: when it is an account's
  type: str
  sample: acme
project:
  description: Project the limit is of.
  returned: when it is a project's
  type: str
  sample: web
domain:
  description: Domain the limit is of, or of its account or project.
  returned: success
  type: str
  sample: customers
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

# ngine_io's names of CloudStack's resource types, in CloudStack's order (ResourceType 0 to 11).
TYPES = ["instance", "ip_address", "volume", "snapshot", "template", "project", "network", "vpc", "cpu", "memory",
         "primary_storage", "secondary_storage"]


def type_number(value):
    return int(value) if value.isdigit() else TYPES.index(value)


def owner(engine):
    """The list/update parameters naming the limit's owner."""
    wanted = dict((field.option, value) for field, value in engine.wanted(
        [engine.resource.by_option[o] for o in ("domain", "project")]).items())
    if wanted.get("project"):
        return dict(projectid=wanted["project"])
    params = dict(domainid=wanted["domain"]) if wanted.get("domain") else {}
    if engine.params.get("account"):
        params["account"] = engine.params["account"]
    return params


def find_limit(engine):
    found = engine.client.list("listResourceLimits", resourcetype=type_number(engine.params["resource_type"]),
                               **owner(engine))
    return found[0] if found else None


def update_limit(engine, current, params):
    """updateResourceLimit names the limit by its type and owner (a limit has no id)."""
    engine.write("updateResourceLimit", resourcetype=type_number(engine.params["resource_type"]), max=params["max"],
                 **owner(engine))
    return {}


def as_given(engine, result):
    result["resource_type_name"] = result.pop("resourcetypename", None)
    result["resource_type"] = engine.params["resource_type"]
    return result


RESOURCE = Resource(
    "resource limit",
    list_command="listResourceLimits", update_command="updateResourceLimit",
    fields=[
        Field("resource_type", "resourcetype", create=None, update=None, compare=False, aliases=["type"],
              choices=TYPES + [str(n) for n in range(len(TYPES))]),
        Field("limit", "max", create=None, type="int", default=-1, aliases=["max"]),
        Field("domain", "domainid", create=None, ref="domain", compare=False),
        Field("account", "account", create=None, compare=False),
        Field("project", "projectid", create=None, ref="project", compare=False),
    ],
    renames={"resourcetype": "resource_type_id"},
    required=("resource_type",),
    hooks={"find": find_limit, "prepare_update": update_limit, "result": as_given},
    absent_states=(),
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("project", "account")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
