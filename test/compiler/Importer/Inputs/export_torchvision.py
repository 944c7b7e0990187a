#!/usr/bin/python3
"""export_torchvision.py MODEL OUTPUT.onnx

Exports a torchvision classifier with random weights (fixed seed) in eval
mode, keeping BatchNormalization as separate nodes
(TrainingMode.PRESERVE; the default export folds BN into the convs).
"""

import sys
import warnings

import torch
import torchvision


def main():
    name, output = sys.argv[1:3]
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)().eval()
    example = torch.randn(1, 3, 224, 224)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, example, output, opset_version=14,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=["input"], output_names=["logits"])


if __name__ == "__main__":
    main()
