"""The collective decision's result, computed from the attendances: quorum counts those
present (a conflicted approver attends but does not vote), the majority counts votes cast."""

from __future__ import annotations

import pytest

from market.procurement.configuration import Majority
from market.procurement.decisions import Tally


def tally(present, conflicted, approve, reject, abstain, majority=Majority.SIMPLE, needed=3):
    return Tally(100, needed, majority, present, conflicted, approve, reject, abstain)


@pytest.mark.parametrize(
    ("args", "quorate", "passed"),
    [
        ((3, 0, 2, 1, 0), True, True),  # 2 of 3 cast
        ((3, 0, 1, 1, 1), True, False),  # 1 of 3: no majority
        ((3, 1, 2, 0, 0), True, True),  # the conflicted one counts as present
        ((3, 1, 1, 1, 0), True, False),  # a tie is no simple majority
        ((2, 0, 2, 0, 0), False, False),  # unanimous, but too few present
        ((3, 3, 0, 0, 0), True, False),  # nobody free to vote: nothing cast
        ((3, 0, 0, 0, 3), True, False),  # all abstain
        ((6, 0, 4, 2, 0, Majority.TWO_THIRDS, 5), True, True),  # exactly two thirds
        ((6, 0, 3, 2, 1, Majority.TWO_THIRDS, 5), True, False),  # half is not two thirds
        ((5, 1, 3, 1, 0, Majority.TWO_THIRDS, 5), True, True),  # 3 of 4 cast
        ((4, 0, 4, 0, 0, Majority.TWO_THIRDS, 5), False, False),  # below the larger body
    ],
)
def test_the_tally(args, quorate, passed):
    result = tally(*args)
    assert result.quorate is quorate
    assert result.passed is passed
    assert result.as_json()["passed"] is passed
