"""The frozen bundle's entry point: the same ``sit-maturity`` command the package installs."""

import sys

from maturity.cli import main

if __name__ == "__main__":
    sys.exit(main())
