"""The collection as Ansible finds it: ansible_collections/cloudstack/cloud under .build/collections, a link to the
repository (the Makefile's `collection` target makes it too). Every suite imports it as ``collection`` (tests/ is on
sys.path, as for module_args)."""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")


def link():
    """Make the link if it is missing."""
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)


def import_in_process():
    """Import the collection as ansible_collections.cloudstack.cloud through Ansible's collection finder, as
    ansible-playbook and ansible-inventory do: installed before any test imports ansible_collections.*, so that the
    plugin loaders and plain imports see the same modules."""
    from ansible.plugins.loader import init_plugin_loader  # pylint: disable=import-outside-toplevel
    link()
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    init_plugin_loader([COLLECTIONS])
