"""Bots that play Bear Cave over real WebSockets, as players' browsers do: for the end-to-end
tests, the load benchmark and `manage.py play_bots`. They speak only the public protocol."""
