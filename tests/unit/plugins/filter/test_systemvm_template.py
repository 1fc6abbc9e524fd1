"""The upstream system VM template of each release, hypervisor and architecture (systemvm_template)."""
import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.cloudstack.cloud.plugins.filter.systemvm_template import systemvm_template

BASE = "https://download.cloudstack.org/systemvm/"


@pytest.mark.parametrize("release, arch, url", [
    ("4.22", "x86_64", "4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2"),
    ("4.22.0.0", "x86_64", "4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2"),
    ("4.22.0.1", "x86_64", "4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2"),
    ("4.22.1.0", "x86_64", "4.22/systemvmtemplate-4.22.1-x86_64-kvm.qcow2.bz2"),
    ("4.22.1.0", "aarch64", "4.22/systemvmtemplate-4.22.1-aarch64-kvm.qcow2.bz2"),
    ("4.20.0.0", "aarch64", "4.20/systemvmtemplate-4.20.0-aarch64-kvm.qcow2.bz2"),
    ("4.20.2.0", "x86_64", "4.20/systemvmtemplate-4.20.2-x86_64-kvm.qcow2.bz2"),
    ("4.19.1.0", "x86_64", "4.19/systemvmtemplate-4.19.1-kvm.qcow2.bz2"),
    ("4.19.3.0", "x86_64", "4.19/systemvmtemplate-4.19.1-kvm.qcow2.bz2"),
    ("4.19.0.0", "x86_64", "4.19/systemvmtemplate-4.19.0-kvm.qcow2.bz2"),
    ("4.18.1.0", "x86_64", "4.18/systemvmtemplate-4.18.1-kvm.qcow2.bz2"),
    ("4.18.2.4", "x86_64", "4.18/systemvmtemplate-4.18.1-kvm.qcow2.bz2"),
])
def test_kvm_template_per_release_and_arch(release, arch, url):
    assert systemvm_template(release, "kvm", arch=arch)["url"] == BASE + url


@pytest.mark.parametrize("package_version, version", [
    ("4.22.0.0", "4.22.0"), ("4.22.1.0-1.el9", "4.22.1"), ("4.20.1.0~jammy", "4.20.1"), ("4.19.2.0", "4.19.1")])
def test_package_versions_are_read(package_version, version):
    assert systemvm_template(package_version, "kvm")["version"] == version


@pytest.mark.parametrize("hypervisor, release, filename, suffix", [
    ("xenserver", "4.22.0.0", "4.22/systemvmtemplate-4.22.0-x86_64-xen.vhd.bz2", "vhd"),
    ("vmware", "4.22.0.0", "4.22/systemvmtemplate-4.22.0-x86_64-vmware.ova", "ova"),
    ("hyperv", "4.22.0.0", "4.22/systemvmtemplate-4.22.0-x86_64-hyperv.vhd.zip", "vhd"),
    ("ovm3", "4.22.0.0", "4.22/systemvmtemplate-4.22.0-x86_64-ovm.raw.bz2", "raw"),
    ("lxc", "4.22.0.0", "4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2", "qcow2"),
    ("vmware", "4.18.1.0", "4.18/systemvmtemplate-4.18.1-vmware.ova", "ova"),
])
def test_each_hypervisor_has_its_file_and_suffix(hypervisor, release, filename, suffix):
    assert systemvm_template(release, hypervisor) == {"url": BASE + filename, "version": filename[22:28],
                                                      "suffix": suffix}


def test_a_given_template_version_wins():
    assert systemvm_template("4.22.1.0", "kvm", version="4.22.0")["url"] == \
        BASE + "4.22/systemvmtemplate-4.22.0-x86_64-kvm.qcow2.bz2"


@pytest.mark.parametrize("release, hypervisor, arch, message", [
    ("4.19.1.0", "kvm", "aarch64", "no aarch64 system VM template before CloudStack 4.20"),
    ("4.22.0.0", "vmware", "aarch64", "no aarch64 system VM template for vmware"),
    ("4.22.0.0", "kvm", "arm64", "arch must be one of x86_64, aarch64, got 'arm64'"),
    ("4.22.0.0", "proxmox", "x86_64", "hypervisor must be one of hyperv, kvm, lxc, ovm3, vmware, xenserver"),
    ("latest", "kvm", "x86_64", "CloudStack release such as 4.22 or 4.22.1.0, got 'latest'"),
])
def test_what_upstream_does_not_publish_fails_clearly(release, hypervisor, arch, message):
    with pytest.raises(AnsibleFilterError, match=message):
        systemvm_template(release, hypervisor, arch=arch)
