#!/usr/bin/python3
"""train_digits.py OUT_DIR

Trains two small classifiers of handwritten digits with torch, on the 8x8
digits that scikit-learn bundles (load_digits: 1797 images, no download),
and exports them to ONNX for the consumer example:

  digits_cnn.onnx   two 3x3 convs (the second with stride 2), BatchNorm, ReLU
                    and a linear layer
  digits_mlp.onnx   64 -> 64 -> 10 with ReLU

Both take one image [1, 1, 8, 8] (pixels scaled to [0, 1]) and return 10
logits. A fifth of the images (360) is held out: OUT_DIR/test_images.f32
holds them as float32 [360, 1, 8, 8], test_labels.u8 their labels, and
torch_predictions.u8 the two models' predictions in torch (CNN, then MLP),
so that the C program can report its accuracy beside torch's. Fixed seeds:
the same models every run.
"""

import os
import sys
import warnings

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn


def make_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Flatten(), nn.Linear(32 * 4 * 4, 10))


def make_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))


def train(model, images, labels, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(images), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss_fn(model(images[batch]), labels[batch]).backward()
            optimizer.step()
    return model.eval()


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    digits = load_digits()
    images = torch.tensor(digits.images / 16.0, dtype=torch.float32).unsqueeze(1)
    labels = torch.tensor(digits.target, dtype=torch.int64)
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(1))
    test, fit = order[:360], order[360:]
    predictions = []
    for name, model, epochs in (("digits_cnn", make_cnn(), 15), ("digits_mlp", make_mlp(), 30)):
        train(model, images[fit], labels[fit], epochs)
        with torch.no_grad():
            predicted = model(images[test]).argmax(1)
        predictions.append(predicted.numpy().astype(np.uint8))
        accuracy = (predicted == labels[test]).float().mean().item()
        print(f"{name}: torch classifies {accuracy:.1%} of {len(test)} held-out digits")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(model, (images[:1],), os.path.join(out_dir, f"{name}.onnx"),
                              opset_version=13, input_names=["image"],
                              output_names=["logits"])
    images[test].numpy().astype(np.float32).tofile(os.path.join(out_dir, "test_images.f32"))
    labels[test].numpy().astype(np.uint8).tofile(os.path.join(out_dir, "test_labels.u8"))
    np.concatenate(predictions).tofile(os.path.join(out_dir, "torch_predictions.u8"))


if __name__ == "__main__":
    main()
