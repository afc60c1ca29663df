"""A local emulator of the Arduino IoT Cloud (dashboards v2, things) and Qubitro v2 APIs.

Run it with `iotcloud-emulator --port 8765` (or `python -m iotcloud_emulator`), or in-process
with `iotcloud_emulator.start_emulator()`; pytest gets the `iotcloud_emulator` fixture from the
plugin this package registers. See docs/emulator.md of iotcloud.dashboards.
"""

from iotcloud_emulator.server import Emulator, start_emulator

__all__ = ["Emulator", "start_emulator", "__version__"]
__version__ = "1.0.0"
