"""Game models: games, participants, rounds, seats and the append-only event log."""
