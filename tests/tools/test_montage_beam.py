"""The beam keeps one state per future: states that only differ before their last two shots end alike."""

from tools.montage import State, distinct

USED = frozenset({1, 2, 3, 4})


def test_states_with_the_same_future_keep_only_the_cheapest():
    a = State(cost=1.0, shots=(1, 4, 2, 3), used=USED, counts=(2, 2), run=1)
    b = State(cost=1.5, shots=(4, 1, 2, 3), used=USED, counts=(1, 3), run=1)  # another order before: dropped
    c = State(cost=2.0, shots=(1, 4, 3, 2), used=USED, counts=(2, 2), run=1)  # other last shots
    d = State(cost=2.5, shots=(4, 1, 2, 3), used=USED, counts=(1, 3), run=2)  # a longer size run
    e = State(cost=3.0, shots=(5, 4, 2, 3), used=frozenset({2, 3, 4, 5}), counts=(2, 2), run=1)  # other shots
    assert distinct(sorted([e, d, c, b, a])) == [a, c, d, e]
