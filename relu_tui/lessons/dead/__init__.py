"""Dead neurons: a training simulator where ReLU units die; Leaky ReLU; vanishing gradients."""
