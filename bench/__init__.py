"""The load benchmark: Bear Cave against a bare-Channels baseline, on real WebSockets
(`make bench`; the method and the figures are in docs/performance.md)."""
