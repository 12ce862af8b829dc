"""Exercises: the course, its check language, saved records, the screen and its adapter."""
