"""`python -m ssg` is the `ssg` command."""

import sys

from ssg.cli import main

sys.exit(main())
