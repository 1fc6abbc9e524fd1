"""The repository the cloudstack_repository role writes for each release and OS (cloudstack_package_source)."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.cloudstack.cloud.plugins.filter.cloudstack_package_source import cloudstack_package_source

UBUNTU_2204 = {"os_family": "Debian", "distribution": "Ubuntu", "distribution_release": "jammy"}
UBUNTU_2404 = {"os_family": "Debian", "distribution": "Ubuntu", "distribution_release": "noble"}
DEBIAN_12 = {"os_family": "Debian", "distribution": "Debian", "distribution_release": "bookworm"}
EL8 = {"os_family": "RedHat", "distribution": "Rocky", "distribution_major_version": "8"}
EL9 = {"os_family": "RedHat", "distribution": "AlmaLinux", "distribution_major_version": "9"}


@pytest.mark.parametrize("facts, release, suite", [
    (UBUNTU_2204, "4.22", "jammy"), (UBUNTU_2404, "4.22", "noble"), (UBUNTU_2404, "4.19", "noble"),
    (DEBIAN_12, "4.22", "bookworm"), (DEBIAN_12, "4.20", "bookworm"), (DEBIAN_12, "4.19", "jammy"),
])
def test_apt_suite_is_the_guides(facts, release, suite):
    assert cloudstack_package_source(facts, release) == {
        "type": "apt", "url": "https://download.cloudstack.org/ubuntu", "suite": suite, "component": release}


def test_apt_mirror_and_suite_override():
    source = cloudstack_package_source(DEBIAN_12, "4.22", url="http://mirror.example/cs/", suite="jammy")
    assert source == {"type": "apt", "url": "http://mirror.example/cs", "suite": "jammy", "component": "4.22"}


@pytest.mark.parametrize("facts, release, url, gpgcheck", [
    (EL8, "4.22", "https://download.cloudstack.org/el/8/4.22/", True),
    (EL9, "4.22", "https://download.cloudstack.org/el/9/4.22/", False),
    (EL9, "4.19", "https://download.cloudstack.org/el/9/4.19/", False),
])
def test_dnf_baseurl_per_major_and_release(facts, release, url, gpgcheck):
    assert cloudstack_package_source(facts, release) == {"type": "dnf", "url": url, "gpgcheck": gpgcheck}


@pytest.mark.parametrize("asked, checked", [("true", True), (True, True), ("false", False), ("auto", False)])
def test_dnf_gpgcheck_as_asked(asked, checked):
    assert cloudstack_package_source(EL9, "4.22", gpgcheck=asked)["gpgcheck"] is checked


def test_dnf_mirror_is_the_full_baseurl():
    assert cloudstack_package_source(EL8, "4.22", url="http://mirror/el8/")["url"] == "http://mirror/el8/"


@pytest.mark.parametrize("release", ["4.22.0.0", "4", "latest", ""])
def test_release_must_be_major_minor(release):
    with pytest.raises(AnsibleFilterError, match="cloudstack_repository_version must be .* major.minor"):
        cloudstack_package_source(UBUNTU_2204, release)


def test_bad_gpgcheck_and_unknown_os_fail_clearly():
    with pytest.raises(AnsibleFilterError, match="cloudstack_repository_gpgcheck must be auto, true or false"):
        cloudstack_package_source(EL9, "4.22", gpgcheck="maybe")
    with pytest.raises(AnsibleFilterError, match="Ubuntu, Debian and EL; this machine is SLES"):
        cloudstack_package_source({"os_family": "Suse", "distribution": "SLES"}, "4.22")
