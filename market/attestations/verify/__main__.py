"""``python -m market.attestations.verify``: the auditor's command (``command.main``)."""

import sys

from market.attestations.verify.command import main

if __name__ == "__main__":  # importing it (the label test walks every module) runs nothing
    sys.exit(main())
