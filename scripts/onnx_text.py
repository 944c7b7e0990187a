#!/usr/bin/python3
"""Turns ONNX's textual model syntax (onnx 1.12's parser) into model files.

Test files hold their models as text, split into sections by lines that
start with '# -----'. Section i is written to OUT.i.onnx. Lines starting
with '#' are comments to the ONNX parser, so RUN and CHECK lines can live
beside the model.

Each model is validated with onnx.checker unless its section contains the
directive '# onnx-text: no-check' (for deliberately invalid models).
"""

import argparse
import re
import sys

import onnx
import onnx.checker
import onnx.parser

SEPARATOR = re.compile(r"^#\s*-----", re.MULTILINE)
NO_CHECK = "# onnx-text: no-check"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", help="file with one or more textual models")
    parser.add_argument("-o", "--output", required=True,
                        help="output prefix: writes PREFIX.0.onnx, PREFIX.1.onnx, ...")
    args = parser.parse_args()

    with open(args.input) as f:
        sections = SEPARATOR.split(f.read())
    for index, text in enumerate(sections):
        try:
            model = onnx.parser.parse_model(text)
        except Exception as error:  # the parser raises several kinds
            sys.exit(f"{args.input}: section {index}: cannot parse: {error}")
        if NO_CHECK not in text:
            try:
                onnx.checker.check_model(model)
            except onnx.checker.ValidationError as error:
                sys.exit(f"{args.input}: section {index}: invalid model: {error}")
        onnx.save(model, f"{args.output}.{index}.onnx")


if __name__ == "__main__":
    main()
