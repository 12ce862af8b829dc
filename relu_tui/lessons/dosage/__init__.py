"""Dosage network: the article's seven-stage 1-2-1 walk-through."""
