"""Import the collection as ansible_collections.cloudstack.cloud (through the .build link), through Ansible's
collection finder as ansible-playbook and ansible-inventory do: installed here, before any test module imports
ansible_collections.*, so that the plugin loaders and plain imports see the same modules."""
import os
import sys

from ansible.plugins.loader import init_plugin_loader

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(REPO, LINK)
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)
init_plugin_loader([COLLECTIONS])
