"""Load the collection through Ansible's collection finder, as ansible-inventory does.

Installed before any test module imports ansible_collections.*, so that the inventory plugin
loader and plain imports see the same modules.
"""
import os

from ansible.plugins.loader import init_plugin_loader

COLLECTIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", ".build", "collections")
init_plugin_loader([os.path.abspath(COLLECTIONS)])
