"""The network engine: activations, model, training, datasets, CSV, export; no lesson in it."""
