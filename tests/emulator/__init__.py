"""A local emulator of the Arduino IoT Cloud (dashboards v2, things) and Qubitro v2 APIs.

Run it with `python -m tests.emulator --port 8765`, or in-process with
`tests.emulator.server.start_emulator()`. See docs/emulator.md.
"""
