"""The embedded profile's channel layer: a group message reaches every member once, a full socket
misses it without stopping the rest, and expired entries still go (swept once a second)."""

from bearcave.layers import InMemoryChannelLayer


async def test_a_group_message_reaches_every_member_once():
    layer = InMemoryChannelLayer()
    names = [await layer.new_channel() for _ in range(3)]
    for name in names:
        await layer.group_add("room", name)

    await layer.group_send("room", {"type": "hello", "n": 1})

    for name in names:
        assert await layer.receive(name) == {"type": "hello", "n": 1}
    assert layer.channels == {}


async def test_a_full_socket_misses_the_message_and_the_others_still_get_it():
    layer = InMemoryChannelLayer(capacity=1)
    full, free = await layer.new_channel(), await layer.new_channel()
    await layer.send(full, {"type": "first"})
    for name in (full, free):
        await layer.group_add("room", name)

    await layer.group_send("room", {"type": "second"})

    assert await layer.receive(free) == {"type": "second"}
    assert await layer.receive(full) == {"type": "first"}
    assert full not in layer.channels  # nothing more was queued for it


async def test_an_expired_message_is_swept_and_its_socket_leaves_the_groups(monkeypatch):
    clock = {"now": 1_000.0}
    monkeypatch.setattr("time.time", lambda: clock["now"])
    monkeypatch.setattr("time.monotonic", lambda: clock["now"])
    layer = InMemoryChannelLayer(expiry=60)
    stuck = await layer.new_channel()
    await layer.group_add("room", stuck)
    await layer.group_send("room", {"type": "never read"})

    clock["now"] += 3_600
    await layer.group_send("room", {"type": "later"})

    assert stuck not in layer.channels
    assert stuck not in layer.groups.get("room", {})
