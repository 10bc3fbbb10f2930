import sys

from indiamart_desktop.cli import main

sys.exit(main())
