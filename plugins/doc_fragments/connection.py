# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options every module of the collection takes. The action group they share is
    # documented by iotcloud.dashboards.attributes.action_group.
    DOCUMENTATION = r'''
options:
  platform:
    description:
      - The cloud to talk to.
    type: str
    choices: [arduino, qubitro]
    default: arduino
  api_url:
    description:
      - Base URL of the API.
      - Defaults to V(https://api2.arduino.cc) for O(platform=arduino) and V(https://api.qubitro.com)
        for O(platform=qubitro).
      - If not set, the environment variable E(IOT_API_URL) is used, as C(arduino-cloud-cli) reads it.
      - Credentials are refused over plain V(http://) unless the host is a loopback address.
      - An V(https://) API is reached through the proxy of E(HTTPS_PROXY) or E(ALL_PROXY) when one
        is set (and E(NO_PROXY) does not exclude the host); the proxy sees only a tunnel. A plain
        V(http://) (loopback) API is always reached directly, never through E(HTTP_PROXY), so that
        no proxy sees credentials in clear text.
      - Redirects are never followed, so credentials only ever go to this URL.
    type: str
  client_id:
    description:
      - Arduino IoT Cloud API client id.
      - If not set, the environment variable E(ARDUINO_CLOUD_CLIENT) is used, as C(arduino-cloud-cli) does.
      - Required for O(platform=arduino).
    type: str
  client_secret:
    description:
      - Arduino IoT Cloud API client secret.
      - If not set, the environment variable E(ARDUINO_CLOUD_SECRET) is used.
      - Required for O(platform=arduino).
    type: str
  organization:
    description:
      - UUID of the Arduino organization (space) to work in.
      - It is bound to the access token and sent as C(X-Organization) on every request.
      - Without it the personal space is used.
      - If not set, the environment variable E(ARDUINO_CLOUD_ORGANIZATION) is used.
    type: str
  api_key:
    description:
      - Qubitro API key, starting with C(QB_).
      - If not set, the environment variable E(QUBITRO_API_KEY) is used.
      - Required for O(platform=qubitro).
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
      - V(false) wins over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE).
    type: bool
    default: true
  ca_path:
    description:
      - Path to a CA bundle used to verify the server's certificate.
      - Wins over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE), which are used only when this is not set.
      - A path that does not exist is an error before any request.
    type: path
  timeout:
    description:
      - Seconds each request may take as a whole, from connecting to the last byte of the answer.
        A server that answers slowly, a byte at a time, is cut off when this time is up.
      - A positive number of at most 86400 (a day); anything else fails before any request.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error.
      - Waits grow exponentially with jitter and follow the server's C(Retry-After) header.
      - A request refused with HTTP 429 (the server did nothing) gets up to 8 more tries beyond these,
        and a second 429 in a row adds growing jitter to C(Retry-After), so that forks that hit the
        limit together spread out instead of failing. With O(retries=0) nothing is retried.
      - From 0 to 20; anything else fails before any request.
      - Only requests that are safe to repeat are retried after a server or connection error.
        A request that failed before anything was sent is always safe to repeat. A create that may
        have reached the server (a lost answer, a TLS error or a timeout after sending) is checked by
        reading back; the server may still be working on it, so when the read-back finds nothing the
        task fails rather than post again; re-running it finds the dashboard by name.
    type: int
    default: 3
  rate_limit:
    description:
      - Most requests per second to send. All tasks on this controller that use the same API URL and
        credentials share this budget, also across forks.
      - Arduino allows 1 request per second on free plans and 10 on paid plans.
      - Requests are spaced 5% wider than 1/O(rate_limit), and a request is never sent sooner than that
        after the previous answer came back, so that a slow send or network jitter does not bring two
        of them into one second of the server's count.
      - Unset means no client-side limit. At least 0.01 (one request per 100 seconds); anything lower
        fails before any request.
    type: float
  token_cache:
    description:
      - Whether to cache the Arduino access token in a file readable only by the user, under the user's
        cache directory, so that later tasks and runs reuse it until shortly before it expires.
      - Processes that start together on an empty cache make one token request between them.
      - The cache is used only in a directory owned by the user; otherwise caching (and the rate budget
        shared between processes) is off, with a warning.
      - Set to V(false) to keep the token in memory only.
    type: bool
    default: true
notes:
  - Secrets (O(client_secret), O(api_key) and access tokens) are never shown in results, diffs or errors.
requirements:
  - requests
'''
