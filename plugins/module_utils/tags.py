# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource tags, converged through createTags/deleteTags (a ``converge`` step shared by the modules that take ``tags``)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def tag_list(tags):
    """A map as ngine_io's list of key/value items, sorted by key."""
    return [dict(key=key, value=value) for key, value in sorted(tags.items())]


def tags_map(tags):
    """CloudStack's tag items (or ngine_io's key/value items) as a map."""
    return dict((str(tag["key"]), str(tag["value"])) for tag in tags or [])


def wanted_tags(engine):
    """The ``tags`` option as a map (given as a map or as key/value items); None when not given."""
    tags = engine.params.get("tags")
    if tags is None or isinstance(tags, dict):
        return tags if tags is None else dict((str(k), str(v)) for k, v in tags.items())
    if isinstance(tags, list) and all(isinstance(tag, dict) and set(tag) == {"key", "value"} for tag in tags):
        return tags_map(tags)
    engine.fail("tags must be a map of key: value, or a list of mappings with key and value; got %r" % (tags,))


def converge_tags(engine, resource, resource_type):
    """Make the resource's tags the wanted map: delete what differs or is extra, then create what is missing.
    Returns the resource with its tags as CloudStack now has them (no need to list it again)."""
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
    if stale:
        engine.write("deleteTags", tags=tag_list(stale), **target)
    if missing:
        engine.write("createTags", tags=tag_list(missing), **target)
    return dict(resource, tags=tag_list(wanted))


def with_tag_list(item):
    """A result's tags as ngine_io's key/value items (an empty list when there are none)."""
    item["tags"] = tag_list(tags_map(item.get("tags")))
    return item
