"""`python -m iotcloud_emulator`: the same as the `iotcloud-emulator` command."""

import sys

from iotcloud_emulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
