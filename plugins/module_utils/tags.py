# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource tags as the modules take and return them: a map, or ngine_io's list of {key, value} items; converged
on a resource through createTags/deleteTags."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def tag_list(tags):
    """A map as key/value items sorted by key (the form ngine_io.cloudstack returns)."""
    return [dict(key=key, value=value) for key, value in sorted(tags.items())]


def tags_map(tags):
    """CloudStack's tags (or key/value items) as a map of strings."""
    return dict((str(tag["key"]), str(tag["value"])) for tag in tags or [])


def with_tag_list(item):
    """A result's tags as ngine_io's key/value items (an empty list when there are none)."""
    item["tags"] = tag_list(tags_map(item.get("tags")))
    return item


def wanted_tags(engine, option="tags"):
    """The option as a map (None when not given): a map, or a list of {key, value} items; fails otherwise."""
    tags = engine.params.get(option)
    if tags is None or isinstance(tags, dict):
        return tags if tags is None else dict((str(k), str(v)) for k, v in tags.items())
    if isinstance(tags, list) and all(isinstance(tag, dict) and set(tag) == set(("key", "value")) for tag in tags):
        return tags_map(tags)
    engine.fail("%s must be a map of key: value, or a list of mappings with key and value; got %r" % (option, tags))


def converge_tags(engine, resource, resource_type, wanted=None, purge=True):
    """Give the resource the wanted tags (the ``tags`` option when not given; not set there: left alone): keys whose
    value differs are deleted first, and with ``purge`` the keys not wanted too. Returns the resource with its tags
    as they now are (no need to list it again)."""
    if wanted is None:
        wanted = wanted_tags(engine)
        if wanted is None:
            return resource
    current = tags_map(resource.get("tags"))
    stale = dict((k, v) for k, v in current.items() if (purge or k in wanted) and wanted.get(k) != v)
    missing = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
    if not stale and not missing:
        return resource
    after = dict((k, v) for k, v in current.items() if k not in stale)
    after.update(missing)
    engine.note("tags", current, after)
    target = dict(resourceids=resource.get("id"), resourcetype=resource_type)
    if stale:  # awaited before a create: a key that changes value must be gone first
        engine.write("deleteTags", tags=tag_list(stale), wait=engine.waiting or bool(missing), **target)
    if missing:
        engine.write("createTags", tags=tag_list(missing), wait=engine.waiting, **target)
    return dict(resource, tags=tag_list(after))
