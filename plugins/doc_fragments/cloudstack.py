# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options every module of the collection accepts.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - URL of the CloudStack API, for example V(https://cloud.example.com/client/api).
      - If not set, the E(CLOUDSTACK_ENDPOINT) environment variable, then the C(endpoint) key of the
        region's section in C(cloudstack.ini) are used.
    type: str
  api_key:
    description:
      - API key of the CloudStack user.
      - If not set, E(CLOUDSTACK_KEY), then the C(key) key of the region's section in C(cloudstack.ini) are used.
    type: str
  api_secret:
    description:
      - Secret key of the CloudStack user.
      - If not set, E(CLOUDSTACK_SECRET), then the C(secret) key of the region's section in C(cloudstack.ini) are used.
    type: str
  api_http_method:
    description:
      - HTTP method used to call the API.
      - If not set, E(CLOUDSTACK_METHOD), then the C(method) ini key are used; the default is V(get).
      - Use V(post) for large parameters such as user data.
    type: str
    choices: [get, post]
  api_timeout:
    description:
      - HTTP timeout of one request, in seconds.
      - If not set, E(CLOUDSTACK_TIMEOUT), then the C(timeout) ini key are used; the default is V(10).
      - A whole number greater than 0.
    type: int
  api_verify_ssl_cert:
    description:
      - Path of a CA bundle to verify the API's TLS certificate with, or V(true) or V(false).
      - If not set, E(CLOUDSTACK_VERIFY), then the C(verify) ini key are used; certificates are verified by default,
        against the CA bundle of C(requests) (C(certifi)).
      - Any other value (a path that is not a file) is an error.
    type: str
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. V(false) skips verification, as
        O(api_verify_ssl_cert=false) does (the option of C(ngine_io.cloudstack)).
      - 'Verification is off when any of these says so: O(validate_certs=false), O(api_verify_ssl_cert=false)
        (or E(CLOUDSTACK_VERIFY), or the C(verify) ini key), E(CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY) (else the
        C(dangerous_no_tls_verify) ini key) set to true, as the C(cs) library reads it. Otherwise certificates are
        verified, against the CA bundle of O(api_verify_ssl_cert) when it names one.'
      - A certificate that cannot be verified fails the task at the first request, without retries.
    type: bool
    default: true
  api_region:
    description:
      - Section of C(cloudstack.ini) to read the settings not given otherwise from.
      - If not set, E(CLOUDSTACK_REGION) is used, else the section V(cloudstack).
    type: str
  api_config:
    description:
      - Path of a C(cloudstack.ini) file, read after C(~/.cloudstack.ini) and C(./cloudstack.ini).
      - If not set, E(CLOUDSTACK_CONFIG) is used.
    type: path
requirements:
  - cs >= 3.0.0
notes:
  - Each setting is taken from the first place that has it, the option, the environment, then C(cloudstack.ini).
  - Reads (list, get, query and async job polls) are retried with backoff on connection errors, timeouts,
    HTTP 429 and HTTP 5xx that carry no CloudStack error; commands that change something are never re-sent.
  - Names of referenced resources (zone, domain, offerings, ...) are resolved to ids; a name that matches
    several resources is an error listing them, give the id then.
"""

    # Options of a module that waits for CloudStack: cloudstack.cloud.cloudstack.wait
    WAIT = r"""
options:
  wait_timeout:
    description:
      - How long to wait, in seconds, for each CloudStack job or state change the task waits for.
      - When it runs out the task fails, naming the job; the job may still finish, and a re-run picks
        up what it did.
    type: int
    default: 600
  poll_interval:
    description:
      - The longest pause, in seconds, between two polls of a job or a state (the first polls come sooner).
    type: float
    default: 2.0
"""

    # Option of a module whose commands are CloudStack jobs: cloudstack.cloud.cloudstack.jobs (with .wait)
    JOBS = r"""
options:
  wait:
    description:
      - Whether to wait for the CloudStack jobs of the commands that create, update or delete the resource.
      - With V(false) the task returns once CloudStack has accepted them; the result shows the resource as
        CloudStack has it then, and C(job_id), the id of the last job left running. Commands that must follow
        one another are still awaited.
      - A job that fails after the task returned is not reported by the task; the next run sees what it left.
    type: bool
    default: true
    aliases: [poll_async]
"""

    # Attributes of a module that changes resources: cloudstack.cloud.cloudstack.attributes
    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
notes:
  - Every result has RV(ignore:api_calls), the number of API requests made. At C(-vvv) it also has
    RV(ignore:api_log), each request with its secrets masked.
"""

    # Attributes of an info module: cloudstack.cloud.cloudstack.info_attributes
    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module changes nothing.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: The module changes nothing.
notes:
  - Every result has RV(ignore:api_calls), the number of API requests made. At C(-vvv) it also has
    RV(ignore:api_log), each request with its secrets masked.
"""
