"""The emulator's state: seed data, tokens, clock, request log, faults and rate windows.

Every read-modify-write happens under `State.lock` (one re-entrant lock for everything),
so concurrent clients never lose an update.
"""

import collections
import copy
import re
import threading
import time

from iotcloud_emulator.common import rfc3339
from iotcloud_emulator.seed import build_seed

MAX_LOG = 50000
TZ_UNTIL = "2038-01-19T03:14:07Z"
SEED_TIME = 1735689600.0  # 2025-01-01T00:00:00Z: creation time of seeded objects


class Clock(object):
    """Wall-clock time that tests can move forward or freeze (POST /_emulator/clock)."""

    def __init__(self):
        self.offset = 0.0
        self.frozen_at = None

    def now(self):
        if self.frozen_at is not None:
            return self.frozen_at
        return time.time() + self.offset

    def advance(self, seconds):
        self.offset += seconds
        if self.frozen_at is not None:
            self.frozen_at += seconds

    def freeze(self, frozen):
        if frozen and self.frozen_at is None:
            self.frozen_at = self.now()
        elif not frozen and self.frozen_at is not None:
            self.offset = self.frozen_at - time.time()
            self.frozen_at = None

    def describe(self):
        return {"now": rfc3339(self.now()), "epoch": self.now(), "offset": self.offset,
                "frozen": self.frozen_at is not None}


class State(object):
    """Everything the emulator knows. Tokens survive a reset; the rest is reloaded."""

    def __init__(self, seed=None):
        self.lock = threading.RLock()
        self.clock = Clock()
        self.tokens = {}
        self.requests = collections.deque(maxlen=MAX_LOG)
        self.faults = []
        self._fault_seq = 0
        self._last_ts = 0.0
        self.load(seed)

    # ---- seed -------------------------------------------------------------------------------
    def load(self, custom=None):
        """Replace the data with the seed built from `custom` (see seed.build_seed).
        A seed that fails to load leaves the state as it was."""
        seed = build_seed(custom)
        data = _Data()
        data.token_ttl = int(seed.get("token_ttl") or 300)
        data.rate_limit = seed.get("rate_limit") or None
        data.users = dict((u["id"].lower(), dict(u)) for u in seed["users"])
        data.clients = dict((c["client_id"], dict(c)) for c in seed["clients"])
        data.orgs = dict((o["id"].lower(), dict(o)) for o in seed["organizations"])
        data.things, data.properties, data.dashboards = {}, {}, {}
        default_user = next(iter(data.users), None)
        for thing in seed["things"]:
            _add_thing(data, thing, default_user)
        for dash in seed["dashboards"]:
            _add_dashboard(data, dash, default_user)
        data.share_requests = []
        data.rate_windows = {}
        data.qubitro = self._load_qubitro(seed.get("qubitro") or {})
        data.arduino = self._load_arduino(seed.get("arduino") or {})
        with self.lock:
            self.__dict__.update(data.__dict__)

    def reset(self, custom=None):
        """POST /_emulator/reset: reload the seed, clear log and faults, restart the clock."""
        with self.lock:
            self.load(custom)
            self.requests.clear()
            self.faults[:] = []
            self.clock = Clock()
            self._last_ts = 0.0

    @staticmethod
    def _load_arduino(raw):
        """Readings of the Arduino contract where the document leaves a choice (see docs/emulator.md)."""
        data = dict(ARDUINO_DIALECT)
        unknown = sorted(set(raw) - set(data))
        if unknown:
            raise ValueError("unknown arduino seed option(s): %s" % ", ".join(unknown))
        data.update(raw)
        return data

    @staticmethod
    def _load_qubitro(raw):
        data = copy.deepcopy(raw)
        for key, default in (("envelope", False), ("groups_enabled", True), ("api_keys", []),
                             ("custom_roles", []), ("projects", []), ("groups", []),
                             ("dashboards", []), ("members", [])):
            data.setdefault(key, default)
        created = rfc3339(SEED_TIME)
        for project in data["projects"]:
            project.setdefault("description", "")
            project.setdefault("tags", [])
            project.setdefault("created_at", created)
            for device in project.setdefault("devices", []):
                for key, default in (("description", ""), ("brand", "Custom"), ("model", "Custom"),
                                     ("avatar", ""), ("source", "mqtt"), ("last_seen", created),
                                     ("tags", []), ("metadata", {})):
                    device.setdefault(key, default)
        for dash in data["dashboards"]:
            for key, default in (("created", created), ("last_modified", created),
                                 ("is_public", False), ("refresh_period", 30), ("tags", []),
                                 ("metadata", {}), ("widgets", [])):
                dash.setdefault(key, default)
        data["invites"] = []
        return data

    # ---- helpers ----------------------------------------------------------------------------
    def timestamp(self):
        """Now as RFC 3339, strictly increasing so that every write bumps `updated_at`."""
        with self.lock:
            now = self.clock.now()
            if now <= self._last_ts:
                now = self._last_ts + 0.000001
            self._last_ts = now
            return rfc3339(now)

    @staticmethod
    def visible(obj, organization, user_id):
        """Whether an object of a space is seen from `organization` (None: personal space)."""
        if obj.get("organization_id") != organization:
            return False
        return organization is not None or obj.get("user_id", obj.get("created_by")) == user_id

    def user_by_name(self, username):
        for user in self.users.values():
            if user.get("username") == username:
                return user
        return None

    # ---- request log, faults, rate limit ----------------------------------------------------
    def log_request(self, entry):
        with self.lock:
            self.requests.append(entry)

    def add_fault(self, rule):
        with self.lock:
            self._fault_seq += 1
            rule = dict(rule, id=self._fault_seq)
            rule["_re"] = re.compile(rule["path"])
            self.faults.append(rule)
            return self.public_fault(rule)

    @staticmethod
    def public_fault(rule):
        return dict((k, v) for k, v in rule.items() if not k.startswith("_"))

    def take_fault(self, method, path):
        """The first rule matching this request, with its count used up by one; or None."""
        with self.lock:
            for rule in self.faults:
                if rule.get("method") and rule["method"].upper() != method:
                    continue
                if not rule["_re"].search(path):
                    continue
                rule["count"] -= 1
                if rule["count"] <= 0:
                    self.faults.remove(rule)
                return dict(rule)
            return None

    def rate_allows(self, key):
        """Sliding one-second window per account (`key`: the Arduino user, or the Qubitro API
        key) on the emulator clock; refused requests are not counted so that a client that
        waits gets through."""
        limit = self.rate_limit
        if not limit or not limit.get("per_second"):
            return True
        with self.lock:
            now = self.clock.now()
            window = self.rate_windows.setdefault(key, collections.deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= int(limit["per_second"]):
                return False
            window.append(now)
            return True

    # ---- snapshot ---------------------------------------------------------------------------
    def snapshot(self):
        """The whole state as JSON-able data, without secrets (no client secrets, no tokens,
        no API keys)."""
        with self.lock:
            qubitro = copy.deepcopy(self.qubitro)
            qubitro["api_keys"] = len(qubitro.get("api_keys") or [])
            return {
                "token_ttl": self.token_ttl,
                "rate_limit": copy.deepcopy(self.rate_limit),
                "clock": self.clock.describe(),
                "organizations": copy.deepcopy(list(self.orgs.values())),
                "users": copy.deepcopy(list(self.users.values())),
                "clients": [dict((k, v) for k, v in c.items() if k != "client_secret")
                            for c in self.clients.values()],
                "tokens_issued": len(self.tokens),
                "things": copy.deepcopy(list(self.things.values())),
                "dashboards": copy.deepcopy(list(self.dashboards.values())),
                "share_requests": copy.deepcopy(self.share_requests),
                "qubitro": qubitro,
                "arduino": dict(self.arduino),
                "faults": [self.public_fault(rule) for rule in self.faults],
                "requests_logged": len(self.requests),
            }


# The document marks these response fields optional; the default sends them, a seed may leave them out.
ARDUINO_DIALECT = {
    "list_shared_with": True,   # false: GET /iot/v2/dashboards leaves out each dashboard's shared_with
    # The document declares the 404 answers without a body; true sends them empty.
    "empty_404": False,
}


class _Data(object):
    """Scratch holder for a seed being loaded."""


def _add_thing(data, raw, default_user):
    thing = copy.deepcopy(raw)
    thing["id"] = thing["id"].lower()
    thing.setdefault("organization_id", None)
    if thing["organization_id"]:
        thing["organization_id"] = thing["organization_id"].lower()
    thing.setdefault("user_id", default_user)
    thing.setdefault("timezone", "UTC")
    thing.setdefault("timezone_offset", 0)
    thing.setdefault("properties", [])
    for tag, prop in enumerate(thing["properties"], 1):
        prop["id"] = prop["id"].lower()
        prop.setdefault("variable_name", prop["name"])
        prop.setdefault("permission", "READ_WRITE")
        prop.setdefault("type", "FLOAT")
        prop.setdefault("last_value", None)
        prop.setdefault("tag", tag)
        data.properties[prop["id"]] = thing["id"]
    data.things[thing["id"]] = thing


def _add_dashboard(data, raw, default_user):
    dash = copy.deepcopy(raw)
    dash["id"] = dash["id"].lower()
    dash.setdefault("organization_id", None)
    if dash["organization_id"]:
        dash["organization_id"] = dash["organization_id"].lower()
    dash.setdefault("created_by", default_user)
    dash.setdefault("cover_image", None)
    dash.setdefault("widgets", [])
    dash.setdefault("shared_with", [])
    dash.setdefault("soft_deleted", False)
    dash.setdefault("updated_at", rfc3339(SEED_TIME))
    for widget in dash["widgets"]:
        widget["id"] = widget["id"].lower()
        widget.setdefault("options", {})
        widget["variables"] = [v.lower() for v in widget.get("variables", [])]
    data.dashboards[dash["id"]] = dash
