"""Activations: ReLU and its family, values, gradients, why ReLU wins, why it is non-linear."""
