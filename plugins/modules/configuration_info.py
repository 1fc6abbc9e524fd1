#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: configuration_info
short_description: Gather information about CloudStack settings
description:
  - Lists every setting, those of one category, or the one named by O(name); globally or as one zone, cluster or
    primary storage pool sees them.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Exact name of the setting, e.g. C(expunge.delay). Every setting is returned when not given.
      - Unlike ngine_io.cloudstack, a part of a name matches nothing (there, C(expunge) listed every C(expunge.*)
        setting); no setting of that name gives an empty list.
    type: str
  category:
    description:
      - Category of the settings listed, e.g. C(Advanced).
    type: str
  zone:
    description:
      - Name or id of a zone whose values are listed.
    type: str
  cluster:
    description:
      - Name or id of a cluster whose values are listed.
    type: str
  storage:
    description:
      - Name or id of a primary storage pool whose values are listed.
    type: str
notes:
  - Only one of O(zone), O(cluster) and O(storage) can be given, as CloudStack accepts only one scope.
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about one setting
  cloudstack.cloud.configuration_info:
    name: expunge.delay
  register: result

- name: Gather the values of one zone's settings
  cloudstack.cloud.configuration_info:
    zone: zone-01
  register: result
"""

RETURN = r"""
configurations:
  description: The settings.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Name of the setting.
      type: str
      sample: expunge.delay
    value:
      description: Value of the setting (at the scope asked for); absent when it has none.
      type: str
      sample: "86400"
    description:
      description: Description of the setting.
      type: str
      sample: Determines how long (in seconds) to wait before actually expunging destroyed vm.
    category:
      description: Category of the setting.
      type: str
      sample: Advanced
    scope:
      description: Scope the value is read at (C(zone), C(cluster), C(storagepool)), when one is given.
      type: str
      sample: zone
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info

SCOPES = ("zone", "cluster", "storage")


def one_scope(module, params):
    """CloudStack reads settings at one scope only."""
    given = [option for option in SCOPES if module.params[option] is not None]
    if len(given) > 1:
        module.fail("parameters are mutually exclusive: %s (CloudStack reads settings at one scope)" % "|".join(given))
    return params


def without_scope_id(module, setting):
    setting.pop("id", None)  # a scoped setting is listed under its scope's id: not the setting's
    return setting


INFO = Info(
    "configuration", "listConfigurations", "configurations",
    match=Field("name", "name"),
    filters=[Field("category", "category"), Field("zone", "zoneid", ref="zone"),
             Field("cluster", "clusterid", ref="cluster"), Field("storage", "storageid", ref="storage_pool")],
    prepare=one_scope,
    transform=without_scope_id,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
