"""The socket's rate limit as arithmetic: a burst, a steady rate, and the end of a flood."""

import pytest

from games.realtime.ratelimit import FrameLimiter, TokenBucket, Verdict


def test_a_bucket_gives_its_burst_at_once_then_one_token_per_interval():
    bucket = TokenBucket(rate=2, capacity=3)

    burst = [bucket.take(now=10.0) for _ in range(4)]
    half_a_token_later = bucket.take(now=10.25)
    a_token_later = bucket.take(now=10.5)

    assert burst == [True, True, True, False]
    assert half_a_token_later is False
    assert a_token_later is True


def test_a_bucket_never_holds_more_than_its_capacity():
    bucket = TokenBucket(rate=100, capacity=2)
    bucket.take(now=0.0)

    after_a_long_pause = [bucket.take(now=3600.0) for _ in range(3)]

    assert after_a_long_pause == [True, True, False]


@pytest.mark.parametrize(("rate", "capacity"), [(0, 5), (-1, 5), (1, 0)])
def test_a_bucket_that_could_never_admit_anything_is_refused(rate, capacity):
    with pytest.raises(ValueError, match="positive rate"):
        TokenBucket(rate=rate, capacity=capacity)


def test_a_flood_is_admitted_up_to_the_burst_refused_for_a_while_then_closed():
    limiter = FrameLimiter(rate=1, burst=2)

    verdicts = [limiter.admit(now=5.0) for _ in range(2 + 2 * FrameLimiter.PATIENCE + 1)]

    assert verdicts[:2] == [Verdict.ADMIT] * 2
    assert verdicts[2:-1] == [Verdict.REFUSE] * (2 * FrameLimiter.PATIENCE)
    assert verdicts[-1] == Verdict.CLOSE


def test_a_client_that_slows_down_after_being_refused_is_admitted_again():
    limiter = FrameLimiter(rate=1, burst=2)
    for _ in range(5):
        limiter.admit(now=0.0)

    assert limiter.admit(now=1.0) == Verdict.ADMIT
