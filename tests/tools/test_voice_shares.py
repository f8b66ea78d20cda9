"""How a requested total is shared by narrated scenes (`tools.planner.voice_shares`)."""

import pytest

from tools.narration import LEAST_PAUSE, narration_rate
from tools.planner import voice_shares

SPOKEN = [2.0, 3.5, 1.2]
PAUSE = 0.5


def test_the_natural_total_gives_every_scene_its_line_and_its_pause():
    assert voice_shares(SPOKEN, PAUSE, sum(SPOKEN) + 3 * PAUSE) == pytest.approx([2.5, 4.0, 1.7])


def test_a_little_shorter_takes_the_pauses_and_reads_nothing_faster():
    shares = voice_shares(SPOKEN, PAUSE, sum(SPOKEN) + 3 * 0.2)
    assert shares == pytest.approx([2.2, 3.7, 1.4])
    assert [narration_rate(s, n) for s, n in zip(SPOKEN, shares)] == [1.0] * 3


def test_much_shorter_reads_every_line_at_one_rate():
    total = 5.0
    shares = voice_shares(SPOKEN, PAUSE, total)
    rates = [narration_rate(s, n) for s, n in zip(SPOKEN, shares)]
    assert sum(shares) == pytest.approx(total)
    assert rates == pytest.approx([sum(SPOKEN) / (total - 3 * LEAST_PAUSE)] * 3)


def test_longer_is_shared_by_the_natural_lengths():
    assert voice_shares(SPOKEN, PAUSE, 16.4) == pytest.approx([5.0, 8.0, 3.4])
