#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: image_store
short_description: Manage CloudStack image stores (secondary storage)
description:
  - Add image stores (NFS or SMB for a zone, S3 or Swift for the whole region), make them read-only or
    writable again, and remove them.
  - Names are unique in the cloud. CloudStack keeps image stores of one provider only; it refuses an NFS store
    next to an S3 one.
  - The URL, zone and provider of an existing store cannot change in place; the module fails naming them, unless
    O(force_recreate) is set.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the image store.
    type: str
    required: true
  url:
    description:
      - URL of the store, for example V(nfs://10.0.0.5/export/secondary) or V(cifs://10.0.0.5/share) (SMB), or
        the Swift endpoint; required by NFS and SMB, which CloudStack checks for a host and a path.
    type: str
  zone:
    description:
      - Name or id of the zone of an NFS or SMB store; S3 and Swift stores serve the whole region and take none.
    type: str
  provider:
    description:
      - Provider of the store, one of those C(listStorageProviders) lists for image stores (V(NFS), V(SMB),
        V(S3), V(Swift)); required to add it.
    type: str
  details:
    description:
      - Settings of the store, sent when it is added and never compared (CloudStack does not return them); for
        S3 C(accesskey), C(secretkey), C(bucket), C(endpoint), C(usehttps)..., for Swift C(account), C(username),
        C(key), for SMB C(user), C(password), C(domain).
      - A map, or a list of C(key)/C(value) dicts.
      - Hidden from the output, as it holds secrets.
    type: raw
  read_only:
    description:
      - Whether the store is read-only, so that CloudStack writes no new templates, ISOs, snapshots or volumes
        to it.
    type: bool
    aliases: [readonly]
  force_recreate:
    description:
      - Remove and add the store again when its O(url) or O(provider) differ from the wanted ones.
      - CloudStack refuses to remove a store that still holds templates, snapshots or volumes.
    type: bool
  state:
    description:
      - State of the store.
      - V(absent) in a O(zone) that does not exist changes nothing.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Add an NFS image store to a zone
  cloudstack.cloud.image_store:
    name: secondary-01
    zone: zone-01
    provider: NFS
    url: nfs://10.0.0.5/export/secondary

- name: Make it read-only
  cloudstack.cloud.image_store:
    name: secondary-01
    zone: zone-01
    read_only: true

- name: Move it to another NFS share
  cloudstack.cloud.image_store:
    name: secondary-01
    zone: zone-01
    provider: NFS
    url: nfs://10.0.0.6/export/secondary
    force_recreate: true

- name: Add an S3 image store for the region
  cloudstack.cloud.image_store:
    name: s3-images
    provider: S3
    details:
      accesskey: AKIAEXAMPLE
      secretkey: "{{ vault_s3_secret_key }}"
      bucket: cloudstack-images
      endpoint: s3.example.com
      usehttps: "true"

- name: Remove the NFS store
  cloudstack.cloud.image_store:
    name: secondary-01
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the image store.
  returned: success
  type: str
  sample: feb11a84-a093-45eb-b84d-7f680313c40b
name:
  description: Name of the image store.
  returned: success
  type: str
  sample: secondary-01
url:
  description: URL of the image store.
  returned: success and set
  type: str
  sample: nfs://10.0.0.5/export/secondary
protocol:
  description: Protocol of the image store.
  returned: success and set
  type: str
  sample: nfs
provider_name:
  description: Provider of the image store.
  returned: success
  type: str
  sample: NFS
scope:
  description: Scope of the image store, C(ZONE) or C(REGION).
  returned: success
  type: str
  sample: ZONE
zone:
  description: Name of the image store's zone.
  returned: success and zone-wide
  type: str
  sample: zone-01
zone_id:
  description: UUID of the image store's zone.
  returned: success and zone-wide
  type: str
read_only:
  description: Whether the image store is read-only.
  returned: success
  type: bool
  sample: false
disk_size_total:
  description: Capacity of the image store in bytes.
  returned: when CloudStack knows it
  type: int
  sample: 2199023255552
disk_size_used:
  description: Bytes used on the image store.
  returned: when CloudStack knows it
  type: int
  sample: 107374182400
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def prepare_create(engine, params):
    """A provider CloudStack has, in its spelling (CloudStack would silently take NFS for an unknown one)."""
    providers = [p["name"] for p in engine.client.list("listStorageProviders", type="image")]
    match = [name for name in providers if name.lower() == params["provider"].lower()]
    if not match:
        engine.fail("provider %r is not an image store provider of this cloud; it has %s"
                    % (params["provider"], ", ".join(sorted(providers))))
    params["provider"] = match[0]
    return params


def find_or_recreate(engine):
    """The store; with force_recreate, one whose URL or provider differ is removed first, to be added anew."""
    found = engine.find_listed()
    if found is None or engine.params["state"] != "present" or not engine.params["force_recreate"]:
        return found
    fields = [engine.resource.by_option[option] for option in ("url", "provider")]
    changed = [f for f in fields if engine.params[f.option] is not None and f.differs(engine.params[f.option],
                                                                                      found.get(f.returned))]
    if not changed:
        return found
    engine.before = engine.view(found, fields)
    engine.write("deleteImageStore", id=found["id"])
    return None


RESOURCE = Resource(
    "image store",
    list_command="listImageStores", create_command="addImageStore", update_command="updateImageStore",
    delete_command="deleteImageStore", response_key="imagestore",
    fields=[
        Field("name", "name", update=None, required=True),
        Field("url", "url", update=None),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename"),
        Field("provider", "provider", update=None, returned="providername", ignore_case=True, required=True),
        Field("details", "details", update=None, type="dict", key_value_list=True, compare=False, no_log=True),
        Field("read_only", create=None, update="readonly", returned="readonly", type="bool", aliases=["readonly"]),
        Field("force_recreate", create=None, update=None, compare=False, type="bool"),
    ],
    scope={"zone": "zoneid"},
    # Result keys as ngine_io.cloudstack.image_store names them.
    renames={"providername": "provider_name", "zonename": "zone", "disksizetotal": "disk_size_total",
             "disksizeused": "disk_size_used"},
    hooks={"prepare_create": prepare_create, "find": find_or_recreate},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
