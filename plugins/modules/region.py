#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: region
short_description: Manage CloudStack regions
description:
  - Add, update and remove the regions CloudStack knows of (C(addRegion), C(updateRegion), C(removeRegion)).
  - A region is identified by its number (O(id)), which the operator chooses when adding it; names are unique too.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  id:
    description:
      - Number of the region; a number no region has adds a region with it.
    type: int
    required: true
  name:
    description:
      - Name of the region; required to add it, and changed in place.
    type: str
  endpoint:
    description:
      - URL of the region's management server API, for example V(https://cloud.example.com/client/); required to
        add it, and changed in place.
    type: str
  state:
    description:
      - State of the region.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Add a region
  cloudstack.cloud.region:
    id: 2
    name: geneva
    endpoint: https://cloud.gva.example.com/client/

- name: Rename it
  cloudstack.cloud.region:
    id: 2
    name: zurich

- name: Remove it
  cloudstack.cloud.region:
    id: 2
    state: absent
"""

RETURN = r"""
id:
  description: Number of the region.
  returned: success
  type: int
  sample: 2
name:
  description: Name of the region.
  returned: success
  type: str
  sample: geneva
endpoint:
  description: URL of the region's management server API.
  returned: success
  type: str
  sample: https://cloud.gva.example.com/client/
gslb_service_enabled:
  description: Whether the global server load balancing service is enabled in the region.
  returned: success
  type: bool
  sample: true
portable_ip_service_enabled:
  description: Whether portable IP addresses are enabled in the region.
  returned: success
  type: bool
  sample: false
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

RESOURCE = Resource(
    "region",
    list_command="listRegions", create_command="addRegion", update_command="updateRegion",
    delete_command="removeRegion",
    fields=[
        Field("id", "id", update=None, type="int", required=True),
        Field("name", "name", required=True),
        Field("endpoint", "endpoint", required=True),
    ],
    renames={"gslbserviceenabled": "gslb_service_enabled", "portableipserviceenabled": "portable_ip_service_enabled"},
    chosen_id=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
