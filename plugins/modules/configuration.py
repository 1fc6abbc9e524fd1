#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: configuration
short_description: Manages CloudStack settings (global, zone, cluster, storage pool, domain or account)
description:
  - Sets the value of one CloudStack setting (C(updateConfiguration)), globally or for one zone, cluster, primary
    storage pool, domain or account.
  - Settings cannot be created or deleted; a name CloudStack does not know is an error naming similar ones.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the setting, e.g. C(expunge.delay).
    type: str
    required: true
  value:
    description:
      - Value of the setting. C(True) and C(False) (a YAML boolean) are sent as C(true) and C(false).
      - CloudStack checks it against the setting's type (integer, number, boolean) and refuses a value that does not fit.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone whose setting is set.
    type: str
  cluster:
    description:
      - Name or id of the cluster whose setting is set.
    type: str
  storage:
    description:
      - Name or id of the primary storage pool whose setting is set.
    type: str
  domain:
    description:
      - Name, path or id of the domain whose setting is set; with O(account), the account's domain.
      - Unlike ngine_io.cloudstack, it has no default (C(ROOT) there); an O(account) without it is looked up in every
        domain, and a name several domains use is an error.
    type: str
  account:
    description:
      - Name or id of the account whose setting is set.
    type: str
  state:
    description:
      - C(present) is the only state, as a setting always exists.
    type: str
    default: present
    choices: [present]
notes:
  - Only one scope can be given (O(zone), O(cluster), O(storage), O(domain) or O(account)), as CloudStack accepts only one.
  - The scope decides which value is read and set; a setting CloudStack does not allow at that scope is refused by it.
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Expunge destroyed instances after an hour
  cloudstack.cloud.configuration:
    name: expunge.delay
    value: 3600

- name: Overcommit the CPUs of one cluster
  cloudstack.cloud.configuration:
    name: cpu.overprovisioning.factor
    value: 2.0
    cluster: kvm-01

- name: Keep one account's users from making templates public
  cloudstack.cloud.configuration:
    name: allow.public.user.templates
    value: false
    account: customer
    domain: ROOT/customers
"""

RETURN = r"""
name:
  description: Name of the setting.
  returned: success
  type: str
  sample: expunge.delay
value:
  description: Value of the setting at the scope asked for (absent when it has none).
  returned: success
  type: str
  sample: "3600"
category:
  description: Category of the setting.
  returned: success
  type: str
  sample: Advanced
description:
  description: Description of the setting.
  returned: success
  type: str
  sample: Determines how long (in seconds) to wait before actually expunging destroyed vm.
scope:
  description: Scope the value is read at (C(zone), C(cluster), C(storagepool), C(domain), C(account)); absent for global.
  returned: success and a scope is given
  type: str
  sample: zone
zone:
  description: The zone given.
  returned: success and a zone is given
  type: str
  sample: zone-01
cluster:
  description: The cluster given.
  returned: success and a cluster is given
  type: str
storage:
  description: The storage pool given.
  returned: success and a storage pool is given
  type: str
account:
  description: The account given.
  returned: success and an account is given
  type: str
domain:
  description: The domain given.
  returned: success and a domain is given
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.module import CloudStackModule
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Engine, Field, Resource

SCOPES = ("zone", "cluster", "storage", "domain", "account")


def scope_params(engine):
    """The one scope id CloudStack accepts: with an account, the domain only names the account's."""
    params = engine.scope_params()
    if "accountid" in params:
        params.pop("domainid", None)
    return params


def find_setting(engine):
    """The setting of exactly that name (listConfigurations matches names by substring), at the scope asked for."""
    name = engine.params["name"]
    listed = engine.client.list("listConfigurations", name=name, **scope_params(engine))
    found = [setting for setting in listed if setting["name"] == name]
    if not found:
        similar = sorted(setting["name"] for setting in listed)[:10]
        engine.fail("CloudStack has no setting named %r%s" % (name, "; similar: " + ", ".join(similar) if similar else ""))
    return found[0]


def update_setting(engine, current, params):
    engine.write("updateConfiguration", name=current["name"], value=params["value"], **scope_params(engine))
    return {}


def scope_names(engine, setting):
    """ngine_io's result keys for the scope, as given."""
    for option in SCOPES:
        if engine.params[option] is not None:
            setting[option] = engine.params[option]
    setting.pop("id", None)  # a scoped setting is listed under its scope's id: not the setting's
    return setting


RESOURCE = Resource(
    "configuration",
    list_command="listConfigurations", update_command="updateConfiguration",
    fields=[
        Field("name", "name", create=None, update=None),
        Field("value", "value", create=None),
        Field("zone", "zoneid", create=None, ref="zone", compare=False),
        Field("cluster", "clusterid", create=None, ref="cluster", compare=False),
        Field("storage", "storageid", create=None, ref="storage_pool", compare=False),
        Field("domain", "domainid", create=None, ref="domain", compare=False),
        Field("account", "accountid", create=None, ref="account", ref_scope={"domainid": "domain"}, compare=False),
    ],
    scope={"zone": "zoneid", "cluster": "clusterid", "storage": "storageid", "domain": "domainid", "account": "accountid"},
    absent_states=(),
    hooks={"find": find_setting, "prepare_update": update_setting, "result": scope_names},
    module_kwargs=dict(mutually_exclusive=[("zone", "cluster", "storage", "account"), ("zone", "cluster", "storage", "domain")]),
)


def as_cloudstack_value(value):
    """A YAML boolean reaches a str option as True/False; CloudStack's boolean settings take only true/false."""
    return value.lower() if value in ("True", "False") else value


def main():
    spec = RESOURCE.argument_spec()
    spec["value"]["required"] = True
    module = CloudStackModule(spec, supports_check_mode=True, **RESOURCE.module_kwargs)
    module.params["value"] = as_cloudstack_value(module.params["value"])
    Engine(RESOURCE, module).run()


if __name__ == "__main__":
    main()
