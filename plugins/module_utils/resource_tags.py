# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource tags as a module option: a map, or ngine_io's list of {key, value}; converged with createTags/deleteTags.

A module declares ``Field("tags", type="raw", compare=False, aliases=["tag"])`` and calls ``converge_tags`` from its
``converge`` hook with the CloudStack resource type (``PortForwardingRule``, ``UserVm``...).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def tag_list(tags):
    return [dict(key=key, value=value) for key, value in sorted(tags.items())]


def tags_map(tags):
    return dict((str(tag["key"]), str(tag["value"])) for tag in tags or [])


def wanted_tags(engine):
    """The tags option as a map (None when not given): a map, or a list of mappings with key and value."""
    tags = engine.params.get("tags")
    if tags is None or isinstance(tags, dict):
        return tags if tags is None else dict((str(k), str(v)) for k, v in tags.items())
    if isinstance(tags, list) and all(isinstance(tag, dict) and set(tag) == {"key", "value"} for tag in tags):
        return tags_map(tags)
    engine.fail("tags must be a map of key: value, or a list of mappings with key and value; got %r" % (tags,))


def converge_tags(engine, resource, resource_type):
    """Make the resource's tags the wanted map (delete what differs or is extra, create what is missing); the
    resource as it then is. Not given: the tags are left alone; {} or []: every tag is removed."""
    wanted = wanted_tags(engine)
    if wanted is None:
        return resource
    current = tags_map(resource.get("tags"))
    stale = dict((k, v) for k, v in current.items() if wanted.get(k) != v)
    missing = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
    if not stale and not missing:
        return resource
    engine.note("tags", current, wanted)
    target = dict(resourceids=resource.get("id"), resourcetype=resource_type)
    if stale:  # awaited before a create: a key that changes value must be gone first
        engine.write("deleteTags", tags=tag_list(stale), wait=engine.waiting or bool(missing), **target)
    if missing:
        engine.write("createTags", tags=tag_list(missing), wait=engine.waiting, **target)
    return dict(resource, tags=tag_list(wanted))
