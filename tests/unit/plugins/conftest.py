"""Import the collection as ansible_collections.cloudstack.cloud through Ansible's collection finder (tests/collection.py),
before any test module imports ansible_collections.*."""
import collection

collection.import_in_process()
