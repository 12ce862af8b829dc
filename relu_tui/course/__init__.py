"""The built-in course (builtin.toml), shipped as package data."""
