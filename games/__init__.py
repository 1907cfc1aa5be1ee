"""Games: rooms, seats, rounds and the event log that is their source of truth."""
