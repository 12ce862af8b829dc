"""The network engine: activations, model, kernels, training, datasets, CSV, export. No lesson, no Textual."""
