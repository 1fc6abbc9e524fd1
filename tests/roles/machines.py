"""Debian 12 test machines: debootstrap + systemd-nspawn, each in its own network namespace.

A `Lab` is one set of machines on a private bridge (10.231.<lab>.0/24). The host end of the
bridge (10.231.<lab>.1) runs tinyproxy, the machines' only way to the package mirror, and can
serve directories over HTTP (local apt repositories). Machines are overlayfs copies of a cached
debootstrapped base, reached over SSH as root with the harness key.
"""
import contextlib
import fcntl
import functools
import hashlib
import http.server
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

CACHE = os.environ.get("CLOUDSTACK_TESTS_CACHE", "/var/cache/cloudstack-cloud-tests")
WORKROOT = os.environ.get("CLOUDSTACK_TESTS_WORKDIR", "/var/tmp/cloudstack-cloud-tests")
MIRROR = os.environ.get("CLOUDSTACK_TESTS_MIRROR", "http://deb.debian.org/debian")
SECURITY_MIRROR = os.environ.get("CLOUDSTACK_TESTS_SECURITY_MIRROR", "http://deb.debian.org/debian-security")
SUITE = "bookworm"
BASE_PACKAGES = (
    "systemd", "systemd-sysv", "dbus", "openssh-server", "python3", "python3-apt",
    "iproute2", "ca-certificates", "gnupg", "sudo", "procps",
)
# Bump when the base's post-configuration changes, so that a new base is built.
BASE_REVISION = "1"
# command on the host -> Debian package that provides it
HOST_TOOLS = {
    "debootstrap": "debootstrap",
    "systemd-nspawn": "systemd-container",
    "tinyproxy": "tinyproxy",
    "ssh": "openssh-client",
    "ssh-keygen": "openssh-client",
    "ip": "iproute2",
}
# Units that would only get in the way of tests: apt timers take the dpkg lock, gettys spin
# on a console that is /dev/null.
MASKED_UNITS = (
    "apt-daily.timer", "apt-daily-upgrade.timer", "apt-daily.service", "apt-daily-upgrade.service",
    "console-getty.service", "getty@.service", "systemd-timesyncd.service",
)
SUBNET = "10.231.{lab}.0/24"
MAX_LABS = 50
PROXY_PORT = 3128
RUN_DIR = "/run/cloudstack-cloud-tests"


class HarnessError(RuntimeError):
    pass


def unavailable_reason():
    """Why machines cannot be booted here (a message for pytest.skip), or None."""
    how = "run `sudo make test-roles` on a Linux host with systemd-nspawn (Debian: apt-get install systemd-container)"
    if os.geteuid() != 0:
        return f"role tests boot systemd-nspawn machines, which needs root: {how}"
    missing = [tool for tool in HOST_TOOLS if not shutil.which(tool)]
    if missing and not shutil.which("apt-get"):
        return f"role tests need {', '.join(missing)} and there is no apt-get to install them: {how}"
    return None


def ensure_host_tools():
    """Install the host tools the harness needs (Debian packages) when some are missing. The pytest workers
    (`make test-roles` runs two) take turns: two apt-get runs at once fail on apt's own lock."""
    with open("/run/cloudstack-role-tests-host-tools.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        packages = sorted({pkg for tool, pkg in HOST_TOOLS.items() if not shutil.which(tool)})
        if not packages:
            return
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", *packages], check=True, env=env, stdout=subprocess.DEVNULL)


def run(cmd, check=True, **kwargs):
    """subprocess.run with text output captured; a failure raises HarnessError with the output."""
    proc = subprocess.run(cmd, text=True, capture_output=True, check=False, **kwargs)
    if check and proc.returncode != 0:
        raise HarnessError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def ssh_key():
    """The harness's SSH key pair (cached): returns the private key path."""
    path = os.path.join(CACHE, "ssh", "id_ed25519")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cloudstack-cloud-tests", "-f", tmp])
        os.rename(f"{tmp}.pub", f"{path}.pub")
        os.rename(tmp, path)
    return path


def base_image():
    """Path of the cached debootstrapped base, built once (about a minute) under a lock."""
    key_pub = open(ssh_key() + ".pub").read()
    digest = hashlib.sha256(
        "\n".join([SUITE, MIRROR, SECURITY_MIRROR, BASE_REVISION, key_pub, *BASE_PACKAGES]).encode()
    ).hexdigest()[:12]
    path = os.path.join(CACHE, f"{SUITE}-{digest}")
    ready = os.path.join(path, ".cloudstack-cloud-tests-ready")
    if os.path.exists(ready):
        return path
    with open(os.path.join(CACHE, "build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(ready):
            return path
        build = f"{path}.build"
        shutil.rmtree(build, ignore_errors=True)
        run(["debootstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}", SUITE, build, MIRROR])
        _configure_base(build, key_pub)
        shutil.rmtree(path, ignore_errors=True)
        os.rename(build, path)
        open(ready, "w").close()
    return path


def _write(root, path, text, mode=0o644):
    target = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target):
        os.unlink(target)
    with open(target, "w") as f:
        f.write(text)
    os.chmod(target, mode)


def _configure_base(root, key_pub):
    _write(root, "/etc/apt/sources.list",
           f"deb {MIRROR} {SUITE} main\n"
           f"deb {MIRROR} {SUITE}-updates main\n"
           f"deb {SECURITY_MIRROR} {SUITE}-security main\n")
    _write(root, "/etc/apt/apt.conf.d/90cloudstack-cloud-tests",
           'Acquire::Languages "none";\nAPT::Install-Recommends "false";\n')
    _write(root, "/root/.ssh/authorized_keys", key_pub, mode=0o600)
    os.chmod(os.path.join(root, "root/.ssh"), 0o700)
    # No DNS server is reachable from a machine: an empty resolv.conf fails lookups at once.
    _write(root, "/etc/resolv.conf", "")
    for unit in MASKED_UNITS:
        link = os.path.join(root, "etc/systemd/system", unit)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if not os.path.lexists(link):
            os.symlink("/dev/null", link)
    run(["chroot", root, "apt-get", "update", "-q"])
    run(["chroot", root, "apt-get", "clean"])


@functools.lru_cache(maxsize=None)
def _quiet_handler(directory):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args):
            pass

    return Handler


class Lab:
    """A private network of machines with a proxy; use as a context manager (tears all down)."""

    def __init__(self, logdir=None):
        self.base = None
        self.id = None
        self.machines = {}
        self._servers = []
        self._proxy = None
        self._lockfile = None
        self.logdir = logdir

    # --- set up and tear down -------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        ensure_host_tools()
        self.base = base_image()
        self._claim_id()
        self.network = ipaddress.ip_network(SUBNET.format(lab=self.id))
        self.host_ip = str(self.network[1])
        self.bridge = f"csct{self.id}"
        self.workdir = os.path.join(WORKROOT, f"lab-{self.id}")
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.logdir = self.logdir or self.workdir
        os.makedirs(self.logdir, exist_ok=True)
        run(["ip", "link", "add", self.bridge, "type", "bridge"])
        run(["ip", "addr", "add", f"{self.host_ip}/{self.network.prefixlen}", "dev", self.bridge])
        run(["ip", "link", "set", self.bridge, "up"])
        self._start_proxy()
        return self

    def _claim_id(self):
        """Take the first free lab number; a lab whose owner process died is cleaned and reused."""
        os.makedirs(RUN_DIR, exist_ok=True)
        for lab in range(1, MAX_LABS + 1):
            path = os.path.join(RUN_DIR, f"lab-{lab}.lock")
            handle = open(path, "a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self.id, self._lockfile = lab, handle
            _clean_stale_lab(lab)
            return
        raise HarnessError(f"all {MAX_LABS} test labs are in use (locks in {RUN_DIR})")

    def _start_proxy(self):
        conf = os.path.join(self.workdir, "tinyproxy.conf")
        with open(conf, "w") as f:
            f.write(
                "User nobody\nGroup nogroup\n"
                f"Port {PROXY_PORT}\nListen {self.host_ip}\nTimeout 600\nMaxClients 100\n"
                f"Allow {self.network}\nLogLevel Notice\n"
            )
        log = open(os.path.join(self.logdir, "tinyproxy.log"), "w")
        self._proxy = subprocess.Popen(["tinyproxy", "-d", "-c", conf], stdout=log, stderr=subprocess.STDOUT)
        # Recorded for _clean_stale_lab, should this process die without closing the lab.
        with open(os.path.join(self.workdir, "tinyproxy.pid"), "w") as f:
            f.write(str(self._proxy.pid))
        _wait_port(self.host_ip, PROXY_PORT, 10, what="tinyproxy")

    @property
    def proxy_url(self):
        return f"http://{self.host_ip}:{PROXY_PORT}"

    def close(self):
        for machine in list(self.machines.values()):
            with contextlib.suppress(Exception):
                machine.destroy()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        if self._proxy:
            self._proxy.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proxy.wait(5)
            self._proxy = None
        if self.id is not None:
            _clean_stale_lab(self.id)
        if self._lockfile:
            self._lockfile.close()
            self._lockfile = None

    # --- machines -------------------------------------------------------------------------
    def boot(self, name, nspawn_args=()):
        """Boot a clean machine called `name` and wait until it answers SSH; returns a Machine."""
        if name in self.machines:
            raise HarnessError(f"machine {name} already exists in lab {self.id}")
        used = {m.index for m in self.machines.values()}
        index = next(i for i in range(2, 250) if i not in used)
        machine = Machine(self, name, index)
        self.machines[name] = machine
        machine.start(nspawn_args)
        self._write_hosts()
        return machine

    def _write_hosts(self):
        hosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" + "".join(
            f"{m.ip} {m.name}\n" for m in self.machines.values()
        )
        for machine in self.machines.values():
            machine.write_file("/etc/hosts", hosts)

    def serve(self, directory):
        """Serve `directory` over HTTP on the bridge; returns its URL as machines reach it."""
        server = http.server.ThreadingHTTPServer((self.host_ip, 0), _quiet_handler(os.path.abspath(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers.append(server)
        return f"http://{self.host_ip}:{server.server_address[1]}"


class Machine:
    """One booted Debian 12 machine: `ip`, `ssh()`, `run()`, `path()`, `read_file()`, `write_file()`."""

    def __init__(self, lab, name, index):
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", name):
            raise HarnessError(f"machine name {name!r}: use lower-case letters, digits and dashes")
        self.lab, self.name, self.index = lab, name, index
        self.ip = str(lab.network[index])
        self.netns = f"csct{lab.id}-{name}"
        self.veth = f"csct{lab.id}v{index}"
        self.dir = os.path.join(lab.workdir, name)
        self.root = os.path.join(self.dir, "root")
        self._process = None
        self.console_log = os.path.join(lab.logdir, f"{name}.console.log")

    def start(self, nspawn_args=()):
        lab = self.lab
        for sub in ("upper", "work", "root"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        run(["mount", "-t", "overlay", "overlay", "-o",
             f"lowerdir={lab.base},upperdir={self.dir}/upper,workdir={self.dir}/work", self.root])
        self.write_file("/etc/hostname", f"{self.name}\n")
        # A throwaway machine need not survive a power cut: dpkg skips fsync, installing is faster.
        self.write_file("/etc/dpkg/dpkg.cfg.d/90-cloudstack-cloud-tests", "force-unsafe-io\n")
        self.write_file("/etc/apt/apt.conf.d/01proxy",
                        f'Acquire::http::Proxy "{lab.proxy_url}";\n'
                        f'Acquire::http::Proxy::{lab.host_ip} "DIRECT";\n')
        self._plumb_network()
        console = open(self.console_log, "w")
        self._process = subprocess.Popen(
            ["systemd-nspawn", "--register=no", "--keep-unit", "--quiet", "--boot",
             f"--directory={self.root}", f"--machine={self.netns}", f"--hostname={self.name}",
             f"--network-namespace-path=/run/netns/{self.netns}",
             "--resolv-conf=off", "--timezone=off", "--console=pipe", *nspawn_args],
            stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def _plumb_network(self):
        ns, host_end, peer = self.netns, self.veth, f"csct{self.lab.id}p{self.index}"
        run(["ip", "netns", "add", ns])
        run(["ip", "link", "add", host_end, "type", "veth", "peer", "name", peer])
        run(["ip", "link", "set", peer, "netns", ns])
        run(["ip", "-n", ns, "link", "set", peer, "name", "eth0"])
        run(["ip", "-n", ns, "addr", "add", f"{self.ip}/{self.lab.network.prefixlen}", "dev", "eth0"])
        run(["ip", "-n", ns, "link", "set", "eth0", "up"])
        run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(["ip", "link", "set", host_end, "master", self.lab.bridge, "up"])

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise HarnessError(f"machine {self.name} stopped while booting: see {self.console_log}")
            with contextlib.suppress(OSError):
                socket.create_connection((self.ip, 22), timeout=1).close()
                if self.ssh("systemctl is-system-running --wait", check=False, timeout=30).stdout.strip() in (
                    "running", "degraded"
                ):
                    return
            time.sleep(0.3)
        raise HarnessError(f"machine {self.name} did not answer SSH within {timeout}s: see {self.console_log}")

    @property
    def ssh_options(self):
        return ["-i", ssh_key(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5", "-o", "BatchMode=yes"]

    def ssh(self, command, check=True, timeout=600, input=None):
        """Run a shell command on the machine as root; returns CompletedProcess (text)."""
        proc = subprocess.run(["ssh", *self.ssh_options, f"root@{self.ip}", command],
                              text=True, capture_output=True, timeout=timeout, input=input, check=False)
        if check and proc.returncode != 0:
            raise HarnessError(f"{self.name}: `{command}` failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def run(self, command, **kwargs):
        """Stdout of a shell command on the machine (raises HarnessError when it fails)."""
        return self.ssh(command, **kwargs).stdout

    def path(self, path):
        """Host path of a file inside the machine (its overlay root)."""
        return os.path.join(self.root, path.lstrip("/"))

    def read_file(self, path):
        with open(self.path(path)) as f:
            return f.read()

    def exists(self, path):
        return os.path.lexists(self.path(path))

    def write_file(self, path, text, mode=0o644):
        _write(self.root, path, text, mode)

    def destroy(self):
        """Power off (SIGKILL after 20s), unmount the overlay, delete the namespace and files."""
        if self._process and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(10)
        self._process = None
        _unmount(self.root)
        run(["ip", "netns", "del", self.netns], check=False)
        # The kernel may keep a deleted namespace (and the veth in it) for a while: remove the pair now.
        run(["ip", "link", "del", self.veth], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.lab.machines.pop(self.name, None)


def _unmount(path):
    while os.path.ismount(path):
        run(["umount", "-l", path], check=False)


def _wait_port(host, port, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection((host, port), timeout=1).close()
            return
        time.sleep(0.1)
    raise HarnessError(f"{what} did not listen on {host}:{port} within {timeout}s")


def _clean_stale_lab(lab):
    """Remove what a lab left behind: machines' processes, mounts, namespaces, bridge, files."""
    prefix = f"csct{lab}-"
    workdir = os.path.join(WORKROOT, f"lab-{lab}")
    netns = run(["ip", "netns", "list"], check=False).stdout.split()
    for ns in netns:
        if ns.startswith(prefix):
            for pid in run(["ip", "netns", "pids", ns], check=False).stdout.split():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
            run(["ip", "netns", "del", ns], check=False)
    _kill_stale_proxy(workdir)
    with open("/proc/mounts") as f:
        mounts = [line.split()[1] for line in f]
    for mount in sorted((m for m in mounts if m.startswith(workdir + "/")), key=len, reverse=True):
        _unmount(mount)
    links = run(["ip", "-o", "link", "show"], check=False).stdout
    for link in re.findall(rf"^\d+: (csct{lab}v\d+)@", links, re.MULTILINE):
        run(["ip", "link", "del", link], check=False)
    run(["ip", "link", "del", f"csct{lab}"], check=False)
    shutil.rmtree(workdir, ignore_errors=True)


def _kill_stale_proxy(workdir):
    """Stop the tinyproxy a dead lab left running (only if that pid is still its tinyproxy)."""
    with contextlib.suppress(OSError, ValueError):
        with open(os.path.join(workdir, "tinyproxy.pid")) as f:
            pid = int(f.read())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().decode(errors="replace")
        if "tinyproxy" in cmdline and workdir + "/" in cmdline:
            os.kill(pid, signal.SIGKILL)
