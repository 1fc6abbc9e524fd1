# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What `template` and `iso` share: CloudStack lists an image once per zone it is in (under one id), registers it
in one zone or in all (``cross_zones``: zone id -1), deletes it from one zone or from all, downloads it for a while
before it is ready, and changes who sees it with a permissions command of its own."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list, tags_map

# listTemplates/listIsos keys -> the result's (ngine_io's names); the rest go through snake_case.
IMAGE_RENAMES = {
    "zonename": "zone", "ostypename": "os_type", "ostypeid": "os_type_id", "isready": "is_ready",
    "crossZones": "cross_zones", "templatetype": "template_type", "templatetag": "template_tag",
    "sshkeyenabled": "sshkey_enabled", "passwordenabled": "password_enabled", "extractMode": "mode",
    "isdynamicallyscalable": "is_dynamically_scalable", "requireshvm": "requires_hvm", "isrouting": "is_routing",
    "sourcetemplateid": "source_template_id", "physicalsize": "physical_size", "directdownload": "direct_download",
}
PERMISSIONS = ("ispublic", "isfeatured", "isextractable")  # changed by update{Template,Iso}Permissions


class Image:
    """One image kind: its list command and filter parameter, its commands, its resource tag type."""

    def __init__(self, kind, list_command, filter_param, filter_option, update_command, permissions_command,
                 tag_type):
        self.kind = kind
        self.list_command = list_command
        self.filter_param = filter_param
        self.filter_option = filter_option
        self.update_command = update_command
        self.permissions_command = permissions_command
        self.tag_type = tag_type


TEMPLATE = Image("template", "listTemplates", "templatefilter", "template_filter", "updateTemplate",
                 "updateTemplatePermissions", "Template")
ISO = Image("ISO", "listIsos", "isofilter", "iso_filter", "updateIso", "updateIsoPermissions", "ISO")


def zone_params(engine, named=None):
    """The zone an image is registered in, found in or deleted from: all of them with cross_zones. A search that
    matches the listed items itself passes ``named`` (as to ``engine.scope_params``): a zone given by name is then
    matched on the items' zone name instead of looked up."""
    if engine.params.get("cross_zones"):
        return {}
    zone = engine.params.get("zone")
    if not zone:
        engine.fail("zone is required unless cross_zones is true")
    if named is not None and not UUID.match(zone):
        named["zonename"] = zone
        return {}
    return {"zoneid": engine.lookup.id("zone", zone)}


def find_image(engine, image, matches=None, by_name=True):
    """The image of that name (its entries in several zones are one), among those the filter shows within the scope
    and zone; ``matches(item)`` narrows further (ngine_io's find options), and alone finds it without ``by_name``.
    Two images match: an error."""
    named = {}
    params = dict(engine.scope_params(named), **zone_params(engine, named))
    params[image.filter_param] = engine.params[image.filter_option]
    name = engine.params["name"]
    if by_name:
        params["name"] = name
    found = {}
    for item in engine.client.list(image.list_command, **params):
        if (not by_name or item.get("name") == name) and engine.in_scope(item, named) and (matches is None or matches(item)):
            found.setdefault(item["id"], item)
    if len(found) > 1:
        engine.fail("%s %s %r is ambiguous: %d match (ids %s); narrow it with the zone, the owner%s" % (
            image.kind, "name" if by_name else "checksum", name if by_name else engine.params.get("checksum"),
            len(found), ", ".join(sorted(found)), " or template_find_options" if image is TEMPLATE else ""))
    return next(iter(found.values()), None)


def register_zone(engine, params):
    """registerTemplate/registerIso: one zone, or -1 for all of them (cross_zones)."""
    params["zoneid"] = "-1" if engine.params.get("cross_zones") else zone_params(engine)["zoneid"]
    return params


def update_permissions(engine, image, current, params):
    """A ``prepare_update`` step: the visibility flags go by the permissions command; the rest is left for the
    update command."""
    permissions = dict((k, params.pop(k)) for k in PERMISSIONS if k in params)
    if permissions:
        engine.write(image.permissions_command, id=current["id"], **permissions)
    return params


def wait_ready(engine, image, current):
    """Poll the image until CloudStack has it ready (downloaded) in its zones, or fail after wait_timeout."""
    if engine.check_mode or not current.get("id") or current.get("isready"):
        return current
    deadline = time.time() + engine.params["wait_timeout"]
    params = dict(engine.scope_params(), id=current["id"], **zone_params(engine))
    params[image.filter_param] = engine.params[image.filter_option]
    while True:
        listed = engine.client.list(image.list_command, **params)
        if listed and all(item.get("isready") for item in listed):
            return listed[0]
        if time.time() >= deadline:
            status = listed[0].get("status") if listed else "not listed"
            engine.fail("the %s %r was not ready after %d seconds (status: %s); re-run the task to wait again"
                        % (image.kind, current.get("name"), engine.params["wait_timeout"], status))
        time.sleep(min(engine.params["poll_interval"], max(0.1, deadline - time.time())))


def delete_image(engine, image, current, command):
    """From the task's zone, or from every zone with cross_zones."""
    engine.write_own(command, id=current["id"], **zone_params(engine))
    return current


def image_result(engine, item):
    """The result as ngine_io's: tags as key/value items, the visibility flags as booleans."""
    item["tags"] = tag_list(tags_map(item.get("tags")))
    for flag in ("is_public", "is_featured", "is_extractable"):
        if flag in item:
            item[flag] = bool(item[flag])
    return item
