"""How the offering modules compare services, providers and capabilities with what CloudStack lists."""
from ansible_collections.cloudstack.cloud.plugins.module_utils.offerings import (
    PairsField, ServicesField, as_lists, info_item, with_services)

LISTED = {
    "name": "isolated", "egressdefaultpolicy": False, "distributedvpcrouter": True,
    "service": [
        {"name": "SourceNat", "provider": [{"name": "VirtualRouter"}],
         "capability": [{"name": "RedundantRouter", "value": "true"}]},
        {"name": "Gateway", "provider": [{"name": "VirtualRouter"}]},
        {"name": "Dhcp", "provider": [{"name": "VirtualRouter"}]},
    ],
}


def test_with_services_gives_the_three_forms_the_modules_take():
    offering = with_services(LISTED)
    assert offering["supportedservices"] == "SourceNat,Gateway,Dhcp"
    assert {"service": "Dhcp", "provider": "VirtualRouter"} in offering["serviceproviderlist"]
    assert offering["servicecapabilitylist"] == [
        {"service": "Connectivity", "capabilitytype": "DistributedRouter", "capabilityvalue": "true"},
        {"service": "SourceNat", "capabilitytype": "RedundantRouter", "capabilityvalue": "true"}]
    assert offering["egressdefaultpolicy"] == "deny"
    assert with_services(offering) == offering
    assert LISTED["egressdefaultpolicy"] is False  # the listed offering is left as it is


def test_services_differ_only_by_those_asked_for_or_not_implied():
    field = ServicesField("supported_services", "supportedservices", implied=["Gateway", "Firewall"])
    current = with_services(LISTED)["supportedservices"]
    assert not field.differs(["dhcp", "SourceNat"], current)
    assert not field.differs(["Dhcp", "SourceNat", "Gateway"], current)
    assert field.differs(["Dhcp"], current)
    assert field.differs(["Dhcp", "SourceNat", "Firewall"], current)


def test_providers_and_capabilities_compare_as_a_subset_case_aside():
    providers = PairsField("service_providers", "serviceproviderlist", ("service", "provider"))
    capabilities = PairsField("service_capabilities", "servicecapabilitylist", ("service", "capabilitytype", "capabilityvalue"))
    offering = with_services(LISTED)
    assert not providers.differs([{"service": "dhcp", "provider": "virtualrouter"}], offering["serviceproviderlist"])
    assert providers.differs([{"service": "Dhcp", "provider": "ConfigDrive"}], offering["serviceproviderlist"])
    wanted = [{"service": "SourceNat", "capabilitytype": "RedundantRouter", "capabilityvalue": True}]
    assert not capabilities.differs(wanted, offering["servicecapabilitylist"])
    assert capabilities.to_api(wanted) == [{"service": "SourceNat", "capabilitytype": "RedundantRouter", "capabilityvalue": "true"}]
    assert providers.argspec() == {"type": "list", "elements": "dict", "no_log": False}


def test_results_hold_lists_and_info_items_the_modules_keys():
    assert as_lists({"tags": "a,b", "domains": None}) == {"tags": ["a", "b"], "domains": [], "zones": [],
                                                          "supported_services": []}
    item = info_item(None, {"name": "isolated", "service": LISTED["service"], "egress_default_policy": True,
                            "distributed": False})
    assert item["egress_default_policy"] == "allow"
    assert item["supported_services"] == ["SourceNat", "Gateway", "Dhcp"]
    assert {"service": "Connectivity", "capabilitytype": "DistributedRouter", "capabilityvalue": "false"} in item[
        "service_capabilities"]
