"""Benchmark harness: data generator, load runner, baselines."""
