"""Tests of the simulated government web."""
