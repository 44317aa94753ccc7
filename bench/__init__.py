"""Benchmarks: `python -m bench.resolve`, `python -m bench.create_itinerary`, `python -m bench.memory`."""
