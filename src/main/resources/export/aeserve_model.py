"""Rebuild an aeserve autoencoder in PyTorch from an unzipped export archive.

    model, normalization = load("path/to/unzipped/archive")
    outputs = reconstruct(model, normalization, rows)   # rows: array of shape (n, features) in data units
    rows = encode_table_rows("path/to/unzipped/archive", [{"V1": "y"}])   # a version trained on a table

Needs torch and numpy. The layers, their order and their names match the service's, so the weights in
weights.npz load with load_state_dict(strict=True) and give the service's outputs.
"""
import json
import os

import numpy as np
import torch
from torch import nn

_ACTIVATIONS = {
    "linear": nn.Identity,
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "gelu": nn.GELU,
}
_OUTPUTS = {"linear": nn.Identity, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


class Unflatten(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(-1, *self.shape)


class Upsample(nn.Module):
    """2x nearest-neighbour upsampling of height and width."""

    def forward(self, x):
        return nn.functional.interpolate(x, scale_factor=2, mode="nearest")


class Autoencoder(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        act = _ACTIVATIONS[spec["activation"]]
        variational = spec["variant"] == "variational"
        latent = spec.get("latentDim")
        encoder, decoder = [], []
        if spec["architecture"] == "dense":
            width = spec["inputShape"][0]
            for units in spec["hiddenLayers"]:
                encoder += [nn.Linear(width, units), act()]
                width = units
            features = width
            if not variational:
                encoder += [nn.Linear(width, latent), _ACTIVATIONS[spec["codeActivation"]]()]
            width = latent
            for units in spec["decoderLayers"]:
                decoder += [nn.Linear(width, units), act()]
                width = units
            decoder += [nn.Linear(width, spec["inputShape"][0])]
        else:
            channels, height, width = spec["inputShape"]
            blocks = spec["hiddenLayers"]
            c = channels
            for out in blocks:
                encoder += [nn.Conv2d(c, out, 3, padding=1), act(), nn.MaxPool2d(2, 2)]
                c = out
            encoder += [nn.Flatten()]
            h, w = height >> len(blocks), width >> len(blocks)
            features = c * h * w
            if latent is not None and not variational:
                encoder += [nn.Linear(features, latent), _ACTIVATIONS[spec["codeActivation"]]()]
            if latent is not None:
                decoder += [nn.Linear(latent, features), act()]
            decoder += [Unflatten((c, h, w))]
            for out in reversed(blocks):
                decoder += [Upsample(), nn.Conv2d(c, out, 3, padding=1), act()]
                c = out
            decoder += [nn.Conv2d(c, channels, 3, padding=1)]
        self.encoder = nn.Sequential(*encoder)
        if variational:
            self.mean = nn.Linear(features, latent)
            self.logVariance = nn.Linear(features, latent)
        self.decoder = nn.Sequential(*decoder)
        self.output = _OUTPUTS[spec["outputActivation"]]()

    def encode(self, x):
        """The code of normalised inputs; (mean, log-variance) for variational models."""
        features = self.encoder(x)
        if hasattr(self, "mean"):
            return self.mean(features), self.logVariance(features)
        return features

    def decode(self, code):
        return self.output(self.decoder(code))

    def forward(self, x):
        code = self.encode(x)
        return self.decode(code[0] if isinstance(code, tuple) else code)


def load(folder):
    """The model in eval mode and its normalisation (offset, scale) from an unzipped archive."""
    with open(os.path.join(folder, "spec.json")) as file:
        spec = json.load(file)
    model = Autoencoder(spec)
    weights = np.load(os.path.join(folder, "weights.npz"))
    model.load_state_dict({name: torch.from_numpy(weights[name]) for name in weights.files}, strict=True)
    with open(os.path.join(folder, "normalization.json")) as file:
        normalization = json.load(file)
    offset = torch.tensor(normalization["offset"], dtype=torch.float32)
    scale = torch.tensor(normalization["scale"], dtype=torch.float32)
    return model.eval(), (offset, scale)


def reconstruct(model, normalization, rows):
    """Reconstructions of rows given in data units, as the service's reconstruct endpoint answers."""
    offset, scale = normalization
    x = torch.as_tensor(np.asarray(rows, dtype=np.float32)).reshape(len(rows), -1)
    x = ((x - offset) / scale).reshape(-1, *model.spec["inputShape"])
    with torch.no_grad():
        y = model(x).reshape(len(rows), -1)
    return (y * scale + offset).numpy()


def encode_table_rows(folder, rows):
    """Rows of a table as dicts by column name, encoded as the model's inputs (versions trained on a table)."""
    from aeserve_columns import encode, load_columns
    return encode(load_columns(folder), rows)
