#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: template
short_description: Manage CloudStack templates
description:
  - Register a template from a URL (in one zone, or in all with O(cross_zones)), or create one from the ROOT volume
    of a stopped instance or from a snapshot; update it, tag it, extract it (a download URL) and delete it.
  - A template is found by O(name) among those O(template_filter) shows, in O(zone) (all zones with O(cross_zones))
    and the owner's; O(template_find_options) narrows the search when names repeat.
  - A registered template is downloaded by CloudStack before it can be deployed; O(wait_for_ready) waits for that.
  - O(is_public), O(is_featured) and O(is_extractable) of an existing template are changed with
    C(updateTemplatePermissions); O(url), O(hypervisor), O(checksum), O(bits) and O(is_routing) only count at creation.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the template.
    type: str
    required: true
  display_text:
    description:
      - Display text of the template; the name when creating without it.
    type: str
  url:
    description:
      - With O(state=present), the URL the template is registered (downloaded) from; mutually exclusive with O(vm).
      - With O(state=extracted) and O(mode=ftp_upload), the FTP URL CloudStack uploads the template to.
    type: str
  vm:
    description:
      - Instance (name or id) whose ROOT volume the template is created from; the instance must be stopped.
      - With O(snapshot), the instance whose ROOT volume's snapshots are searched.
    type: str
  snapshot:
    description:
      - Snapshot (name or id) the template is created from, among those of the ROOT volume of O(vm), or among all
        the owner's snapshots without O(vm).
    type: str
  os_type:
    description:
      - OS type (its description, e.g. C(Other Linux (64-bit)), or its id) that best represents the template's OS.
      - Required to create a template from a volume or a snapshot.
    type: str
  checksum:
    description:
      - Checksum of the file at O(url) (C({MD5}...), C({SHA-256}...) or a bare MD5), checked by CloudStack.
    type: str
  is_public:
    description:
      - Whether every account may use the template.
    type: bool
  is_featured:
    description:
      - Whether the template is featured (root admins only).
    type: bool
  is_dynamically_scalable:
    description:
      - Whether the template has the tools that let CloudStack scale instances' CPU and memory while they run.
    type: bool
  is_extractable:
    description:
      - Whether the template (and what derives from it) may be extracted; root admins change it on an existing one.
    type: bool
  is_routing:
    description:
      - Whether the template is a routing (system VM) template; at registration only.
    type: bool
  cross_zones:
    description:
      - Register the template in every zone, find it across them, and delete it from all of them; mutually
        exclusive with O(zone).
    type: bool
    default: false
  mode:
    description:
      - How the template is extracted with O(state=extracted).
    type: str
    default: http_download
    choices: [http_download, ftp_upload]
  template_filter:
    description:
      - Which templates are searched (CloudStack's C(templatefilter)).
    type: str
    default: self
    choices: [all, featured, self, selfexecutable, sharedexecutable, executable, community]
  template_find_options:
    description:
      - Besides the name, what a template must match to be the one meant (when names repeat).
    type: list
    elements: str
    choices: [display_text, checksum, cross_zones]
    aliases: [template_find_option]
    default: []
  hypervisor:
    description:
      - Hypervisor of a registered template (C(KVM), C(VMware), C(XenServer), C(Simulator), ...).
      - Required to register a template.
    type: str
  requires_hvm:
    description:
      - Whether the template requires HVM.
    type: bool
  password_enabled:
    description:
      - Whether the template supports CloudStack's password reset.
    type: bool
  template_tag:
    description:
      - The template's tag (host tag matching).
    type: str
  sshkey_enabled:
    description:
      - Whether the template supports SSH key injection.
    type: bool
  format:
    description:
      - Format of the template's file; required to register a template.
    type: str
    choices: [QCOW2, RAW, VHD, OVA]
  details:
    description:
      - Template details (a map of strings), e.g. C(rootDiskController).
    type: dict
  bits:
    description:
      - 32 or 64 bit OS; at creation only.
    type: int
    default: 64
    choices: [32, 64]
  tags:
    description:
      - Resource tags of the template, as a map or as ngine_io's list of C(key)/C(value) dicts. Tags not listed are
        removed; V([]) removes them all; not set, the tags are left alone.
    type: raw
    aliases: [tag]
  zone:
    description:
      - Zone (name or id) the template is registered in, found in, deleted from, or extracted from.
      - Required unless O(cross_zones=true).
    type: str
  wait_for_ready:
    description:
      - Wait (up to O(wait_timeout)) until CloudStack has downloaded the template and it is ready to deploy from.
    type: bool
    default: false
  state:
    description:
      - Whether the template should exist; V(extracted) makes a download URL of an existing template.
    type: str
    default: present
    choices: [present, absent, extracted]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
notes:
  - Creating a template from a volume or a snapshot always waits for its job (the template exists only then).
"""

EXAMPLES = r"""
- name: Register a template in one zone and wait until it is downloaded
  cloudstack.cloud.template:
    name: debian-12
    url: https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-generic-amd64.qcow2
    hypervisor: KVM
    format: QCOW2
    os_type: Debian GNU/Linux 12 (64-bit)
    zone: zone-1
    wait_for_ready: true

- name: Register a system VM template in every zone
  cloudstack.cloud.template:
    name: systemvm-kvm-4.22
    url: http://download.cloudstack.org/systemvm/4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2
    hypervisor: KVM
    format: QCOW2
    cross_zones: true
    is_routing: true

- name: Create a template from a stopped instance's ROOT volume
  cloudstack.cloud.template:
    name: web-golden
    vm: web-1
    os_type: Debian GNU/Linux 12 (64-bit)
    zone: zone-1
    password_enabled: true
    tags:
      role: web

- name: Make a download URL of it
  cloudstack.cloud.template:
    name: web-golden
    zone: zone-1
    state: extracted
  register: extracted

- name: Remove a template from every zone
  cloudstack.cloud.template:
    name: systemvm-kvm-4.22
    cross_zones: true
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the template.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the template.
  returned: success
  type: str
  sample: debian-12
display_text:
  description: Display text of the template.
  returned: success
  type: str
checksum:
  description: Checksum of the template.
  returned: if available
  type: str
status:
  description: Download status of the template (or of the extraction with O(state=extracted)).
  returned: success
  type: str
  sample: Download Complete
is_ready:
  description: Whether the template is ready to deploy from.
  returned: success
  type: bool
is_public:
  description: Whether the template is public.
  returned: success
  type: bool
is_featured:
  description: Whether the template is featured.
  returned: success
  type: bool
is_extractable:
  description: Whether the template may be extracted.
  returned: success
  type: bool
format:
  description: Format of the template.
  returned: success
  type: str
  sample: QCOW2
os_type:
  description: The OS type's description.
  returned: success
  type: str
  sample: Debian GNU/Linux 12 (64-bit)
password_enabled:
  description: Whether the template supports password reset.
  returned: success
  type: bool
sshkey_enabled:
  description: Whether the template supports SSH key injection.
  returned: success
  type: bool
cross_zones:
  description: Whether the template is in every zone.
  returned: success
  type: bool
template_type:
  description: Type of the template (C(USER), C(BUILTIN), C(SYSTEM), C(ROUTING)).
  returned: success
  type: str
  sample: USER
created:
  description: When the template was registered or created.
  returned: success
  type: str
template_tag:
  description: The template's tag.
  returned: if set
  type: str
hypervisor:
  description: Hypervisor of the template.
  returned: success
  type: str
  sample: KVM
mode:
  description: How the template was extracted.
  returned: with O(state=extracted)
  type: str
  sample: HTTP_DOWNLOAD
state:
  description: State of the extraction.
  returned: with O(state=extracted)
  type: str
  sample: DOWNLOAD_URL_CREATED
url:
  description: The URL the template was registered from, or (O(state=extracted)) the URL to download it from.
  returned: if available
  type: str
tags:
  description: Tags of the template, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
zone:
  description: Name of the zone of the entry returned (a template in several zones has one entry in each).
  returned: success
  type: str
domain:
  description: Domain of the owner.
  returned: success
  type: str
account:
  description: Account owning the template.
  returned: when owned by an account
  type: str
project:
  description: Project owning the template.
  returned: when owned by a project
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.images import (
    IMAGE_RENAMES, TEMPLATE, delete_image, find_image, image_result, register_zone, update_permissions, wait_ready)
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, wanted_tags

FIND_OPTIONS = {"display_text": "displaytext", "checksum": "checksum", "cross_zones": "crossZones"}
# createTemplate's parameters among the create parameters (it takes no URL, format, hypervisor or checksum)
CREATE_FROM_VOLUME = ("name", "displaytext", "ostypeid", "bits", "details", "isdynamicallyscalable", "isfeatured",
                      "ispublic", "passwordenabled", "requireshvm", "sshkeyenabled", "templatetag", "account",
                      "domainid", "projectid")


def find(engine):
    options = engine.params["template_find_options"]
    for option in options:
        if engine.params.get(option) is None:
            engine.fail("template_find_options has %s, but %s is not set" % (option, option))

    def matches(item):
        return all(item.get(FIND_OPTIONS[option]) == engine.params[option] for option in options)
    return find_image(engine, TEMPLATE, matches)


def root_volume(engine):
    vm = engine.lookup.find("instance", engine.params["vm"])
    volumes = engine.client.list("listVolumes", virtualmachineid=vm["id"], type="ROOT", listall=True)
    if not volumes:
        engine.fail("instance %r has no ROOT volume" % engine.params["vm"])
    return volumes[0]


def source(engine):
    """createTemplate's source: the snapshot (of the instance's ROOT volume with vm), else the instance's ROOT volume."""
    snapshot = engine.params.get("snapshot")
    if snapshot is None:
        return {"volumeid": root_volume(engine)["id"]}
    if engine.params.get("vm") is None:
        return {"snapshotid": engine.lookup.id("snapshot", snapshot)}
    snapshots = engine.client.list("listSnapshots", volumeid=root_volume(engine)["id"], listall=True)
    found = [s for s in snapshots if snapshot in (s.get("name"), s.get("id"))]
    if not found:
        engine.fail("snapshot %r not found among those of the ROOT volume of %r; existing: %s" % (
            snapshot, engine.params["vm"], ", ".join(sorted(s["name"] for s in snapshots)) or "none"))
    return {"snapshotid": found[0]["id"]}


def create(engine, params):
    """registerTemplate from a URL, or createTemplate from a volume or snapshot (awaited: only then it exists)."""
    if engine.params["state"] == "extracted":
        engine.fail("no template %r to extract" % engine.params["name"])
    params.setdefault("displaytext", params["name"])
    wanted_tags(engine)  # a bad tags value is refused before anything changes
    if engine.params.get("url"):
        missing = [option for option in ("format", "hypervisor") if not engine.params.get(option)]
        if missing:
            engine.fail("%s required to register the template %r" % (" and ".join(missing), engine.params["name"]))
        return engine.write("registerTemplate", **register_zone(engine, params))
    if not (engine.params.get("vm") or engine.params.get("snapshot")):
        engine.fail("url, vm or snapshot is required to create the template %r" % engine.params["name"])
    if "ostypeid" not in params:
        engine.fail("os_type is required to create the template %r from a volume or snapshot" % engine.params["name"])
    params = dict((k, v) for k, v in params.items() if k in CREATE_FROM_VOLUME)
    return engine.write("createTemplate", **dict(params, **source(engine)))


def prepare_update(engine, current, params):
    return update_permissions(engine, TEMPLATE, current, params)


def extract(engine, template):
    """extractTemplate: a new URL each time (CloudStack makes one per request), so always a change."""
    if engine.params.get("cross_zones"):
        engine.warn("cross_zones is ignored with state=extracted: the template is extracted from one zone")
    zone = engine.params.get("zone")
    zoneid = engine.lookup.id("zone", zone) if zone else template.get("zoneid")
    engine.note("url", None, "(extracted)")
    answer = engine.write("extractTemplate", id=template["id"], zoneid=zoneid, mode=engine.params["mode"].upper(),
                          url=engine.params.get("url"))
    extracted = (answer or {}).get("template") or {}
    keys = ("url", "state", "status", "extractMode", "extractId")
    return dict(template, **dict((k, extracted[k]) for k in keys if k in extracted))


def converge(engine, template):
    if engine.params["state"] == "extracted":
        return extract(engine, template)
    template = converge_tags(engine, template, "Template")
    if engine.params["wait_for_ready"]:
        template = dict(wait_ready(engine, TEMPLATE, template), tags=template.get("tags"))
    return template


def delete(engine, template):
    return delete_image(engine, TEMPLATE, template, "deleteTemplate")


RESOURCE = Resource(
    "template",
    list_command="listTemplates", create_command="registerTemplate", update_command="updateTemplate",
    delete_command="deleteTemplate",
    fields=[
        Field("name", "name", update=None),
        Field("display_text", "displaytext"),
        Field("url", "url", update=None, compare=False),
        Field("vm", create=None, update=None, compare=False),
        Field("snapshot", create=None, update=None, compare=False),
        Field("os_type", "ostypeid", ref="os_type", ref_name="ostypename"),
        Field("checksum", "checksum", update=None, compare=False),
        Field("is_public", "ispublic", type="bool"),
        Field("is_featured", "isfeatured", type="bool"),
        Field("is_extractable", "isextractable", type="bool"),
        Field("is_dynamically_scalable", "isdynamicallyscalable", type="bool"),
        Field("is_routing", "isrouting", update=None, type="bool", compare=False),
        Field("requires_hvm", "requireshvm", type="bool"),
        Field("password_enabled", "passwordenabled", type="bool"),
        Field("template_tag", "templatetag"),
        Field("sshkey_enabled", "sshkeyenabled", type="bool"),
        Field("format", "format", choices=["QCOW2", "RAW", "VHD", "OVA"]),
        Field("details", "details", type="dict"),
        Field("bits", "bits", update=None, type="int", choices=[32, 64], default=64, compare=False),
        Field("hypervisor", "hypervisor", update=None, ignore_case=True),
        Field("zone", create=None, update=None, compare=False),  # zone_params: one zone, or all with cross_zones
        Field("cross_zones", create=None, update=None, type="bool", default=False, compare=False),
        Field("mode", create=None, update=None, choices=["http_download", "ftp_upload"], default="http_download",
              compare=False),
        Field("template_filter", create=None, update=None, default="self", compare=False,
              choices=["all", "featured", "self", "selfexecutable", "sharedexecutable", "executable", "community"]),
        Field("template_find_options", create=None, update=None, type="list", default=[], compare=False,
              choices=list(FIND_OPTIONS), aliases=["template_find_option"]),
        Field("tags", create=None, update=None, type="raw", aliases=["tag"], compare=False),  # converge_tags
        Field("wait_for_ready", create=None, update=None, type="bool", default=False, compare=False),
        Field("domain", "domainid", ref="domain", update=None, compare=False),
        Field("account", "account", update=None, compare=False),
        Field("project", "projectid", ref="project", update=None, compare=False),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "extracted": {}},
    renames=IMAGE_RENAMES,
    hooks={"find": find, "create": create, "prepare_update": prepare_update, "converge": converge, "delete": delete,
           "result": image_result},
    module_kwargs=dict(required_by={"account": "domain"},
                       mutually_exclusive=[("url", "vm"), ("zone", "cross_zones"), ("project", "account")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
