#!/usr/bin/python3
"""export_models.py OUT_DIR [MODEL...]

Exports the benchmark models to OUT_DIR/<model>/model.onnx with a fixed
random input (input_N.npy) and torch's output (output_0.npy). Weights and
BatchNorm statistics are random (no download); BatchNorm is kept in the
export (TrainingMode.PRESERVE on an eval-mode model), as a training
checkpoint would give it.
"""

import os
import sys
import warnings

import numpy as np
import torch
import torchvision
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "test", "e2e", "Inputs"))
from make_torch_case import (BatchedMatMul, ConvBnRelu64, RepVGG,  # noqa: E402
                             randomize_batchnorm)


class BertLayer(nn.Module):
    """One BERT-base encoder layer: 12 heads, hidden 768, feed-forward 3072,
    GELU, post-LayerNorm."""

    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(768, 12, 3072, dropout=0.0,
                                                activation="gelu", batch_first=True)

    def forward(self, x):
        return self.layer(x)


IMAGE = (1, 3, 224, 224)
MODELS = {
    "resnet18": lambda: (randomize_batchnorm(torchvision.models.resnet18()), [torch.randn(*IMAGE)]),
    "resnet50": lambda: (randomize_batchnorm(torchvision.models.resnet50()), [torch.randn(*IMAGE)]),
    "mobilenet_v2": lambda: (randomize_batchnorm(torchvision.models.mobilenet_v2()), [torch.randn(*IMAGE)]),
    "repvgg_a0": lambda: (randomize_batchnorm(RepVGG()), [torch.randn(*IMAGE)]),
    "bert_layer": lambda: (BertLayer(), [torch.randn(1, 128, 768)]),
    "bmm": lambda: (BatchedMatMul(), [torch.randn(16, 128, 64), torch.randn(16, 64, 128)]),
    "conv_bn_relu": lambda: (randomize_batchnorm(ConvBnRelu64()), [torch.randn(1, 64, 56, 56)]),
}


def export(name, out_dir):
    torch.manual_seed(0)
    model, inputs = MODELS[name]()
    model = model.eval()
    with torch.no_grad():
        output = model(*inputs)
    os.makedirs(out_dir, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, tuple(inputs), os.path.join(out_dir, "model.onnx"),
                          opset_version=14, training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=[f"input_{i}" for i in range(len(inputs))],
                          output_names=["output_0"])
    for i, tensor in enumerate(inputs):
        np.save(os.path.join(out_dir, f"input_{i}.npy"), tensor.numpy())
    np.save(os.path.join(out_dir, "output_0.npy"), output.numpy())


def main():
    out_dir = sys.argv[1]
    for name in sys.argv[2:] or MODELS:
        if not os.path.exists(os.path.join(out_dir, name, "output_0.npy")):
            export(name, os.path.join(out_dir, name))


if __name__ == "__main__":
    main()
