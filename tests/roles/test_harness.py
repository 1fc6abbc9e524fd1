"""The harness itself: a machine boots in its own namespace, answers SSH, installs through the proxy."""
import os

import machines


def test_machine_boots_isolated_and_installs_through_the_proxy(lab, boot, run_playbook, tmp_path):
    machine = boot("harness")
    assert machine.run("hostname").strip() == "harness"
    assert machine.run("systemctl is-system-running").strip() in ("running", "degraded")
    # Its own network namespace: only the lab's address, no default route to the world.
    assert f"{machine.ip}/24" in machine.run("ip -br addr show eth0")
    assert "default" not in machine.run("ip route")
    # apt reaches the mirror only through the lab's proxy.
    assert "Proxy" in machine.read_file("/etc/apt/apt.conf.d/01proxy")
    machine.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q hello")
    assert machine.run("hello").strip() == "Hello, world!"
    # A directory served by the lab is reachable from the machine, without the proxy.
    (tmp_path / "probe.txt").write_text("served\n")
    url = lab.serve(str(tmp_path))
    assert machine.run(
        f"python3 -c 'import urllib.request; print(urllib.request.urlopen(\"{url}/probe.txt\").read().decode())'"
    ).strip() == "served"


def test_playbook_runs_on_a_machine_and_reports_its_recap(boot, run_playbook):
    machine = boot("harness-play")
    play = [{
        "hosts": "all",
        "gather_facts": True,
        "tasks": [
            {"ansible.builtin.copy": {"dest": "/root/marker", "content": "{{ ansible_distribution_release }}\n"}},
        ],
    }]
    first = run_playbook(play, {"machines": [machine]}).assert_ok()
    assert first.changed("harness-play") == 1
    assert machine.read_file("/root/marker") == "bookworm\n"
    run_playbook(play, {"machines": [machine]}).assert_unchanged()
    assert os.path.exists(machine.path("/root/marker"))


def test_without_root_the_role_tests_skip_and_say_how_to_run_them(monkeypatch):
    monkeypatch.setattr(machines.os, "geteuid", lambda: 1000)
    reason = machines.unavailable_reason()
    assert "needs root" in reason and "sudo make test-roles" in reason


def test_without_nspawn_nor_apt_the_role_tests_skip_and_name_what_is_missing(monkeypatch):
    monkeypatch.setattr(machines.os, "geteuid", lambda: 0)
    monkeypatch.setattr(machines.shutil, "which", lambda tool: None)
    reason = machines.unavailable_reason()
    assert "systemd-nspawn" in reason and "debootstrap" in reason and "no apt-get" in reason


def leftovers(lab_id):
    """What of lab `lab_id` still exists on the host: namespaces, links, mounts, work directory."""
    found = [ns for ns in machines.run(["ip", "netns", "list"]).stdout.split() if ns.startswith(f"csct{lab_id}-")]
    links = [line.split(":")[1].strip().split("@")[0]
             for line in machines.run(["ip", "-o", "link", "show"]).stdout.splitlines()]
    found += [link for link in links if link == f"csct{lab_id}" or link.startswith(f"csct{lab_id}v")]
    workdir = os.path.join(machines.WORKROOT, f"lab-{lab_id}")
    with open("/proc/mounts") as f:
        found += [line.split()[1] for line in f if line.split()[1].startswith(workdir + "/")]
    if os.path.exists(workdir):
        found.append(workdir)
    return found


def test_closing_a_lab_leaves_nothing_behind(lab):
    with machines.Lab() as other:
        machine = other.boot("closing")
        other_id, proxy, nspawn = other.id, other._proxy, machine._process
        assert leftovers(other_id)
    assert proxy.poll() is not None and nspawn.poll() is not None
    assert leftovers(other_id) == []


def test_a_lab_whose_owner_died_is_cleaned_up(lab):
    abandoned = machines.Lab().start()
    machine = abandoned.boot("orphan")
    proxy, nspawn = abandoned._proxy, machine._process
    # The owner "dies": its lock is released, nothing else is torn down.
    abandoned._lockfile.close()
    machines._clean_stale_lab(abandoned.id)
    assert nspawn.wait(30) is not None and proxy.wait(10) is not None
    assert leftovers(abandoned.id) == []
