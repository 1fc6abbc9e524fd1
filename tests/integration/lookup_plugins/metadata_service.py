# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# Test helper only (tests/integration, tests/smoke): a fixture for metadata_facts.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: metadata_service
short_description: Test helper, a CloudStack instance metadata service
description:
  - Starts, in a process of its own, an HTTP server on 127.0.0.1 that answers as a CloudStack virtual router's
    metadata service does for one instance (C(/latest/meta-data/<item>), C(/latest/user-data); 404 for the rest),
    and returns its C(host:port). The server stops by itself after O(lifetime) seconds.
  - Keyword arguments are the items it serves (C(service_offering) for C(service-offering), ...; C(user_data));
    an item given as V(null) is not served.
options:
  lifetime:
    description: Seconds the server runs.
    type: int
    default: 120
"""

import json
import os
import subprocess
import sys
import time

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

ITEMS = {
    "service-offering": "Small Instance", "availability-zone": "Sandbox-simulator-advanced",
    "local-ipv4": "10.1.1.20", "local-hostname": "web-1", "public-ipv4": "192.168.2.20",
    "public-hostname": "192.168.2.20", "instance-id": "ab4e80b0-3e7e-4936-bdc5-e334ba5b0139", "vm-id": "42",
    "public-keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOrgqbF/+J3HJ3n2x00K3G443+cvmH978Kv6auUGgYhE it-a",
    "cloud-identifier": "CloudStack-{5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11}",
    "user-data": "#cloud-config\npackages: [tmux]\n",
}


class LookupModule(LookupBase):
    def run(self, terms, variables=None, lifetime=120, **items):
        served = dict(ITEMS)
        served.update((key.replace("_", "-"), value) for key, value in items.items())
        served = dict((key, value) for key, value in served.items() if value is not None)
        read, write = os.pipe()
        process = subprocess.Popen([sys.executable, __file__, json.dumps(served), str(lifetime), str(write)],
                                   pass_fds=(write,), start_new_session=True, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as port:
            answer = port.read().strip()
        if not answer:
            raise AnsibleError("the metadata service fixture did not start (exit %s)" % process.poll())
        return ["127.0.0.1:%s" % answer]


def serve(served, lifetime, port_fd):
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.rstrip("/")
            if path == "/latest/meta-data":
                body = "\n".join(key for key in served if key != "user-data")
            elif path == "/latest/user-data" and "user-data" in served:
                body = served["user-data"]
            elif path.startswith("/latest/meta-data/") and path[len("/latest/meta-data/"):] in served:
                body = served[path[len("/latest/meta-data/"):]]
            else:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 1
    with os.fdopen(port_fd, "w") as port:
        port.write(str(server.server_address[1]))
    deadline = time.time() + lifetime
    while time.time() < deadline:
        server.handle_request()


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
