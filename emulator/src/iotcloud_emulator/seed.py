"""The default seed with its fixed ids (listed in docs/emulator.md), and seed merging."""

import copy

ACME = "11111111-1111-4111-8111-111111111111"
GLOBEX = "22222222-2222-4222-8222-222222222222"
DEMO_USER = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
ALICE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
BOB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
CAROL = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"

# Keys of the list sections and the field that identifies an item in each.
LIST_KEYS = {"users": "id", "clients": "client_id", "organizations": "id", "things": "id",
             "dashboards": "id", "api_keys": None, "custom_roles": None, "projects": "id",
             "groups": "id", "members": None}


def _prop(prefix, n, name, ptype, permission, last_value):
    return {"id": "%s000000-0000-4000-8000-0000000000%s" % (prefix, n), "name": name,
            "variable_name": name, "type": ptype, "permission": permission,
            "last_value": last_value}


def _thing(prefix, n, name, org, timezone, offset, props):
    return {"id": "%s000000-0000-4000-8000-00000000000%s" % (prefix, n), "name": name,
            "organization_id": org, "user_id": DEMO_USER, "timezone": timezone,
            "timezone_offset": offset,
            "device_id": "%s000000-0000-4000-8000-0000000000d%s" % (prefix, n),
            "device_name": "%s-board" % name, "properties": props}


def _greenhouse(prefix, org, timezone, offset):
    return _thing(prefix, 1, "greenhouse", org, timezone, offset, [
        _prop(prefix, "11", "temperature", "FLOAT", "READ_ONLY", 21.5),
        _prop(prefix, "12", "humidity", "FLOAT", "READ_ONLY", 48.0),
        _prop(prefix, "13", "fan", "BOOL", "READ_WRITE", False),
    ])


def _arduino_seed():
    return {
        "token_ttl": 300,
        "rate_limit": None,
        "users": [
            {"id": DEMO_USER, "username": "demo"},
            {"id": ALICE, "username": "alice"},
            {"id": BOB, "username": "bob"},
            {"id": CAROL, "username": "carol"},
        ],
        "clients": [
            {"client_id": "demo-client", "client_secret": "demo-secret", "user_id": DEMO_USER,
             "organizations": [ACME, GLOBEX]},
        ],
        "organizations": [
            {"id": ACME, "name": "Acme"},
            {"id": GLOBEX, "name": "Globex"},
        ],
        "things": [
            _greenhouse("a1", ACME, "Europe/Berlin", 3600),
            _thing("a1", 2, "weather-station", ACME, "Europe/Berlin", 3600, [
                _prop("a1", "21", "wind_speed", "FLOAT", "READ_ONLY", 3.2),
                _prop("a1", "22", "pressure", "INT", "READ_ONLY", 1013),
            ]),
            _greenhouse("b2", GLOBEX, "America/New_York", -18000),
            _thing("b2", 2, "door-lock", GLOBEX, "America/New_York", -18000, [
                _prop("b2", "21", "locked", "BOOL", "READ_WRITE", True),
                _prop("b2", "22", "message", "CHARSTRING", "READ_WRITE", "hello"),
            ]),
            _greenhouse("c3", None, "Europe/Rome", 3600),
            _thing("c3", 2, "desk-lamp", None, "Europe/Rome", 3600, [
                _prop("c3", "21", "light", "BOOL", "READ_WRITE", False),
                _prop("c3", "22", "brightness", "INT", "READ_WRITE", 70),
            ]),
        ],
        "dashboards": [],
    }


def _qdevice(n, name):
    return {"id": "6500000000000000000000d%d" % n, "name": name}


def _qwidget(n, widget_type, title, devices):
    return {"id": "6600000000000000000000%02d" % n, "widget_type": widget_type, "title": title,
            "devices": devices}


def _qubitro_seed():
    farm = "e5000000-0000-4000-8000-000000000001"
    factory = "e5000000-0000-4000-8000-000000000002"
    d1, d2, d3, d4 = ("6500000000000000000000d%d" % n for n in range(1, 5))
    return {
        "envelope": False,
        "groups_enabled": True,
        "api_keys": ["QB_demo"],
        "custom_roles": ["role_5f2a"],
        # e-mails of the organization's members: the only people a dashboard invite can name
        "members": ["ops@example.com", "alice@example.com", "bob@example.com",
                    "carol@example.com"],
        "projects": [
            {"id": farm, "name": "Farm", "description": "Fields and weather",
             "tags": ["agri"], "devices": [_qdevice(1, "soil-sensor"), _qdevice(2, "weather-mast")]},
            {"id": factory, "name": "Factory", "description": "Production line",
             "tags": ["industry"], "devices": [_qdevice(3, "line-1-meter"), _qdevice(4, "boiler")]},
        ],
        "groups": [
            {"id": "5f8d0d55b54764ca6f3a0001", "name": "Operators"},
            {"id": "5f8d0d55b54764ca6f3a0002", "name": "Viewers"},
        ],
        "dashboards": [
            {"id": "e5000000-0000-4000-8000-0000000000a1", "name": "Farm overview",
             "tags": ["agri"], "widgets": [_qwidget(1, "chart", "Soil moisture", [d1]),
                                           _qwidget(2, "gauge", "Wind", [d2])]},
            {"id": "e5000000-0000-4000-8000-0000000000a2", "name": "Factory floor",
             "tags": ["industry"], "widgets": [_qwidget(3, "stat", "Line 1 power", [d3]),
                                               _qwidget(4, "chart", "Boiler temperature", [d4])]},
            {"id": "e5000000-0000-4000-8000-0000000000a3", "name": "Boiler room",
             "tags": [], "widgets": [_qwidget(5, "gauge", "Pressure", [d4]),
                                     _qwidget(6, "table", "All devices", [])]},
        ],
    }


def default_seed():
    """A fresh copy of the default seed."""
    seed = _arduino_seed()
    seed["qubitro"] = _qubitro_seed()
    return seed


def _merge_list(base, extra, key):
    """Items of `extra` replace the base item with the same key, others are appended."""
    if key is None:
        return list(base) + [item for item in extra if item not in base]
    merged = list(base)
    index = dict((item.get(key), i) for i, item in enumerate(merged))
    for item in extra:
        if item.get(key) in index:
            merged[index[item.get(key)]] = item
        else:
            merged.append(item)
    return merged


def _merge_section(base, extra):
    """Merge one level: list sections by id, everything else replaced."""
    result = dict(base)
    for name, value in extra.items():
        if name in LIST_KEYS and isinstance(value, list) and isinstance(base.get(name), list):
            result[name] = _merge_list(base[name], value, LIST_KEYS[name])
        else:
            result[name] = value
    return result


def build_seed(custom=None):
    """The seed to load: the default alone, the default extended by `custom`,
    or `custom` alone when it says `"extends_default": false`."""
    if custom is None:
        return default_seed()
    if not isinstance(custom, dict):
        raise ValueError("a seed must be a JSON object")
    custom = copy.deepcopy(custom)
    extends = custom.pop("extends_default", True)
    if not extends:
        empty = {"token_ttl": 300, "rate_limit": None, "users": [], "clients": [],
                 "organizations": [], "things": [], "dashboards": [], "qubitro": {}}
        seed = _merge_section(empty, custom)
        seed["qubitro"] = _merge_section(
            {"envelope": False, "groups_enabled": True, "api_keys": [], "custom_roles": [],
             "projects": [], "groups": [], "dashboards": [], "members": []},
            custom.get("qubitro") or {})
        return seed
    base = default_seed()
    qubitro = custom.pop("qubitro", None) or {}
    seed = _merge_section(base, custom)
    seed["qubitro"] = _merge_section(base["qubitro"], qubitro)
    return seed
