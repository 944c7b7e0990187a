#!/usr/bin/python3
"""make_torch_case.py CASE OUT_DIR [--opset N]

Writes OUT_DIR/model.onnx (ONNX opset N, 14 by default), OUT_DIR/input_N.npy and OUT_DIR/output_N.npy: a
torch model with fixed random weights, BatchNorm running statistics and
affine parameters randomized (so that a wrong BN changes the answer),
exported in eval mode with BatchNormalization kept, and torch's own outputs
for a fixed random input.
"""

import os
import sys
import warnings

import numpy as np
import torch
import torchvision
from torch import nn


def randomize_batchnorm(model):
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.5, 0.5)
    return model


class ConvBnRelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(16)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class ConvBnRelu64(nn.Module):
    """The bench's single-layer case: 3x3, 64 -> 64 channels on 56x56."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(64, 64, 3, padding=1)
        self.bn = nn.BatchNorm2d(64)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


class GroupedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.grouped = nn.Conv2d(8, 16, 3, padding=1, groups=4)
        self.depthwise = nn.Conv2d(16, 16, 3, padding=2, dilation=2, groups=16, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)

    def forward(self, x):
        return self.pool(torch.clamp(self.bn(self.depthwise(self.grouped(x))), 0.0, 6.0))


class RepVGGBlock(nn.Module):
    """RepVGG's training form: 3x3 conv + BN, 1x1 conv + BN and, when the
    shapes allow, an identity BN, summed, then ReLU."""

    def __init__(self, channels_in, channels_out, stride, groups):
        super().__init__()
        self.dense = nn.Sequential(
            nn.Conv2d(channels_in, channels_out, 3, stride, 1, groups=groups, bias=False),
            nn.BatchNorm2d(channels_out))
        self.pointwise = nn.Sequential(
            nn.Conv2d(channels_in, channels_out, 1, stride, 0, groups=groups, bias=False),
            nn.BatchNorm2d(channels_out))
        self.identity = (nn.BatchNorm2d(channels_in)
                         if channels_in == channels_out and stride == 1 else None)

    def forward(self, x):
        y = self.dense(x) + self.pointwise(x)
        if self.identity is not None:
            y = y + self.identity(x)
        return torch.relu(y)


class RepVGG(nn.Module):
    """RepVGG-A0: stages of 1, 2, 4, 14 and 1 blocks, widths 48, 48, 96, 192,
    1280; `grouped_layers` get groups=4 (as RepVGG's g4 variants)."""

    def __init__(self, grouped_layers=()):
        super().__init__()
        widths = [48, 48, 96, 192, 1280]
        depths = [1, 2, 4, 14, 1]
        blocks, channels, layer = [], 3, 0
        for width, depth in zip(widths, depths):
            for index in range(depth):
                groups = 4 if layer in grouped_layers and channels % 4 == 0 else 1
                blocks.append(RepVGGBlock(channels, width, 2 if index == 0 else 1, groups))
                channels, layer = width, layer + 1
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(channels, 1000)

    def forward(self, x):
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(self.blocks(x), 1), 1)
        return self.head(x)


class BatchedMatMul(nn.Module):
    def forward(self, q, k):
        scores = torch.bmm(q, k) / 8.0
        return torch.softmax(scores, dim=-1)


class BertLayer(nn.Module):
    """One BERT-base encoder layer as Hugging Face's BertLayer computes it:
    self-attention with an additive mask, erf GELU, and LayerNorms written
    out (mean, variance, rsqrt), as exporters decompose them."""

    def __init__(self, hidden=768, heads=12, intermediate=3072):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.output = nn.Linear(intermediate, hidden)
        self.norm1 = nn.Parameter(torch.rand(2, hidden) + 0.5)
        self.norm2 = nn.Parameter(torch.rand(2, hidden) + 0.5)

    @staticmethod
    def layer_norm(x, params):
        mean = x.mean(-1, keepdim=True)
        variance = (x - mean).pow(2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(variance + 1e-12) * params[0] + params[1] - 1.0

    def split(self, x):
        batch, sequence, hidden = x.shape
        return x.view(batch, sequence, self.heads, hidden // self.heads).permute(0, 2, 1, 3)

    def forward(self, hidden, mask):
        q, k, v = (self.split(f(hidden)) for f in (self.query, self.key, self.value))
        scores = torch.matmul(q, k.transpose(-1, -2)) / 8.0 + mask
        context = torch.matmul(torch.softmax(scores, dim=-1), v)
        batch, heads, sequence, size = context.shape
        context = context.permute(0, 2, 1, 3).reshape(batch, sequence, heads * size)
        attended = self.layer_norm(self.attention_out(context) + hidden, self.norm1)
        expanded = nn.functional.gelu(self.intermediate(attended))
        return self.layer_norm(self.output(expanded) + attended, self.norm2)


class Recurrent(nn.Module):
    """A 2-layer bidirectional batch-first LSTM from given states, a
    bidirectional GRU and a ReLU RNN over one sequence, every output kept."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(16, 32, num_layers=2, bidirectional=True, batch_first=True)
        self.gru = nn.GRU(16, 24, bidirectional=True)
        self.rnn = nn.RNN(16, 8, nonlinearity="relu")

    def forward(self, x, h0, c0):
        y, (h, c) = self.lstm(x, (h0, c0))
        sequence_major = x.transpose(0, 1)
        g, gh = self.gru(sequence_major)
        r, rh = self.rnn(sequence_major)
        return y, h, c, g, gh, r, rh


def bert_inputs():
    mask = torch.zeros(1, 1, 1, 128)
    mask[..., 100:] = -10000.0
    return [torch.randn(1, 128, 768), mask]


def build(case):
    if case == "conv_bn_relu":
        return randomize_batchnorm(ConvBnRelu()), [torch.randn(1, 3, 32, 32)]
    if case == "conv_bn_relu_64":
        return randomize_batchnorm(ConvBnRelu64()), [torch.randn(1, 64, 56, 56)]
    if case == "grouped_conv":
        return randomize_batchnorm(GroupedConv()), [torch.randn(2, 8, 15, 15)]
    if case == "resnet18":
        return randomize_batchnorm(torchvision.models.resnet18()), [torch.randn(1, 3, 224, 224)]
    if case == "repvgg_a0":
        return randomize_batchnorm(RepVGG()), [torch.randn(1, 3, 64, 64)]
    if case == "repvgg_a0_g4":
        return randomize_batchnorm(RepVGG(grouped_layers=range(2, 27, 2))), [torch.randn(1, 3, 64, 64)]
    if case == "mobilenet_v2":
        return randomize_batchnorm(torchvision.models.mobilenet_v2()), [torch.randn(1, 3, 96, 96)]
    if case == "resnet50":
        return randomize_batchnorm(torchvision.models.resnet50()), [torch.randn(1, 3, 224, 224)]
    if case == "bert_layer":
        return BertLayer(), bert_inputs()
    if case == "googlenet":
        model = torchvision.models.googlenet(aux_logits=False, init_weights=False)
        return randomize_batchnorm(model), [torch.randn(1, 3, 224, 224)]
    if case == "vgg11":
        return torchvision.models.vgg11(), [torch.randn(1, 3, 224, 224)]
    if case == "mobilenet_v3_small":
        return (randomize_batchnorm(torchvision.models.mobilenet_v3_small()),
                [torch.randn(1, 3, 224, 224)])
    if case == "recurrent":
        return Recurrent(), [torch.randn(3, 8, 16), torch.randn(4, 3, 32),
                             torch.randn(4, 3, 32)]
    if case == "bmm":
        return BatchedMatMul(), [torch.randn(16, 128, 64), torch.randn(16, 64, 128)]
    sys.exit(f"unknown case '{case}'")


def main():
    case, out_dir = sys.argv[1:3]
    opset = int(sys.argv[4]) if sys.argv[3:4] == ["--opset"] else 14
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    model, inputs = build(case)
    model = model.eval()
    with torch.no_grad():
        outputs = model(*inputs)
    if not isinstance(outputs, (tuple, list)):
        outputs = [outputs]
    names = [f"input_{i}" for i in range(len(inputs))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, tuple(inputs), os.path.join(out_dir, "model.onnx"),
                          opset_version=opset, training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=names,
                          output_names=[f"output_{i}" for i in range(len(outputs))])
    for i, tensor in enumerate(inputs):
        np.save(os.path.join(out_dir, f"input_{i}.npy"), tensor.numpy())
    for i, tensor in enumerate(outputs):
        np.save(os.path.join(out_dir, f"output_{i}.npy"), tensor.numpy())


if __name__ == "__main__":
    main()
