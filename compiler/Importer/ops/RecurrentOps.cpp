//===- RecurrentOps.cpp - RNN, GRU and LSTM -------------------------------===//
//
// The sequence length is static, so each direction unrolls into one step
// per time index. The input projection of every step is one Gemm over the
// whole sequence ([seq * batch, input] x W^T + Wb) ahead of the loop; a
// step adds the recurrent product H x R^T + Rb and applies the gates.
// With sequence_lens, batch entries past their length keep their state and
// output zeros, which also makes the reverse direction start at each
// entry's own last element, as ONNX defines.
//
//===----------------------------------------------------------------------===//

#include "compiler/Importer/Composer.h"
#include "compiler/Importer/OpImporters.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

enum class CellKind { RNN, GRU, LSTM };

/// Longer sequences are refused: each step is a dozen ops or more, and
/// the graph grows with the unrolled steps.
constexpr int64_t kMaxUnrolledSteps = 4096;

int64_t gateCount(CellKind kind) {
  switch (kind) {
  case CellKind::RNN:
    return 1;
  case CellKind::GRU:
    return 3;
  case CellKind::LSTM:
    return 4;
  }
  return 1;
}

/// An activation of ONNX's recurrent ops, with its parameters.
struct Activation {
  std::string name;
  float alpha = 0.0f, beta = 0.0f;
};

/// alpha and beta defaults of the activations that take them, as their ONNX
/// ops define them.
struct ActivationParams {
  const char *name;
  bool takesAlpha, takesBeta;
  float alpha, beta;
};

constexpr ActivationParams kActivations[] = {
    {"relu", false, false, 0, 0},          {"tanh", false, false, 0, 0},
    {"sigmoid", false, false, 0, 0},       {"softsign", false, false, 0, 0},
    {"softplus", false, false, 0, 0},      {"leakyrelu", true, false, 0.01f, 0},
    {"thresholdedrelu", true, false, 1, 0}, {"elu", true, false, 1, 0},
    {"hardsigmoid", true, true, 0.2f, 0.5f}, {"affine", true, true, 1, 0},
    {"scaledtanh", true, true, 1, 1},
};

/// The node's activations for `directions` directions: the `activations`
/// attribute (one list per direction, forward first) or `defaults` for each
/// direction, with activation_alpha and activation_beta consumed in order
/// by the activations that take them.
FailureOr<SmallVector<Activation>>
readActivations(NodeImporter &node, ArrayRef<const char *> defaults,
                int64_t directions) {
  SmallVector<Activation> result;
  if (const onnx::AttributeProto *attr = node.getAttr("activations")) {
    for (const std::string &name : attr->strings())
      result.push_back({llvm::StringRef(name).lower()});
  } else {
    for (int64_t d = 0; d < directions; ++d)
      for (const char *name : defaults)
        result.push_back({name});
  }
  if (static_cast<int64_t>(result.size()) !=
      directions * static_cast<int64_t>(defaults.size()))
    return node.emitError() << "attribute 'activations' names "
                            << result.size() << " functions; expected "
                            << directions * defaults.size() << " ("
                            << defaults.size() << " per direction)";
  const onnx::AttributeProto *alphas = node.getAttr("activation_alpha");
  const onnx::AttributeProto *betas = node.getAttr("activation_beta");
  int nextAlpha = 0, nextBeta = 0;
  for (Activation &activation : result) {
    const ActivationParams *params = llvm::find_if(
        kActivations, [&](const ActivationParams &candidate) {
          return activation.name == candidate.name;
        });
    if (params == std::end(kActivations))
      return node.emitError() << "unsupported activation '" << activation.name
                              << "'";
    activation.alpha = params->alpha;
    activation.beta = params->beta;
    if (params->takesAlpha && alphas && nextAlpha < alphas->floats_size())
      activation.alpha = alphas->floats(nextAlpha++);
    if (params->takesBeta && betas && nextBeta < betas->floats_size())
      activation.beta = betas->floats(nextBeta++);
  }
  return result;
}

struct CellShape {
  int64_t seq, batch, input, hidden, directions;
};

class RecurrentBuilder {
public:
  RecurrentBuilder(NodeImporter &node, CellKind kind, const CellShape &shape)
      : node(node), compose(node), b(node.builder()), kind(kind),
        gates(gateCount(kind)), shape(shape) {}

  /// Direction `d` of a [directions, ...] parameter, without that dimension.
  Value direction(Value value, int64_t d) {
    if (!value)
      return value;
    Value one = compose.sliceDim(value, 0, d, 1, 1);
    return node.reshapeTo(one, rankedOf(value).getShape().drop_front());
  }

  /// a x weight^T + bias (bias may be null).
  FailureOr<Value> project(Value a, Value weight, Value bias) {
    FailureOr<RankedTensorType> type =
        inferGemmType(node.loc(), rankedOf(a), rankedOf(weight),
                      bias ? rankedOf(bias) : RankedTensorType(),
                      /*transposeA=*/false, /*transposeB=*/true);
    if (failed(type))
      return failure();
    return GemmOp::create(b, node.loc(), *type, a, weight, bias, APFloat(1.0f),
                          APFloat(1.0f), false, true, FloatAttr(), FloatAttr())
        .getResult();
  }

  Value zeros(ArrayRef<int64_t> dims) {
    auto type = RankedTensorType::get(dims, element);
    return arith::ConstantOp::create(
        b, node.loc(),
        DenseElementsAttr::get(type, b.getFloatAttr(element, 0.0)));
  }

  /// `f` of a gate's pre-activation, clipped to [-clip, clip] first when
  /// the node has `clip`.
  Value activate(const Activation &f, Value x) {
    return apply(f, clip ? compose.clip(x, -*clip, *clip) : x);
  }

  Value apply(const Activation &f, Value x) {
    auto unary = [&](UnaryFn fn, std::optional<float> alpha = std::nullopt,
                     std::optional<float> beta = std::nullopt) -> Value {
      return UnaryOp::create(b, node.loc(), x.getType(), fn, x,
                             alpha ? b.getF32FloatAttr(*alpha) : FloatAttr(),
                             beta ? b.getF32FloatAttr(*beta) : FloatAttr());
    };
    auto scaled = [&](Value v, float factor) {
      return *compose.binary<MulOp>(v, compose.scalar(element, factor));
    };
    if (f.name == "relu")
      return ReluOp::create(b, node.loc(), x.getType(), x);
    if (f.name == "tanh")
      return unary(UnaryFn::tanh);
    if (f.name == "sigmoid")
      return unary(UnaryFn::sigmoid);
    if (f.name == "softsign")
      return unary(UnaryFn::softsign);
    if (f.name == "softplus")
      return unary(UnaryFn::softplus);
    if (f.name == "leakyrelu")
      return unary(UnaryFn::leaky_relu, f.alpha);
    if (f.name == "thresholdedrelu")
      return unary(UnaryFn::thresholded_relu, f.alpha);
    if (f.name == "elu")
      return unary(UnaryFn::elu, f.alpha);
    if (f.name == "hardsigmoid")
      return unary(UnaryFn::hard_sigmoid, f.alpha, f.beta);
    if (f.name == "affine")
      return *compose.binary<AddOp>(scaled(x, f.alpha),
                                    compose.scalar(element, f.beta));
    // scaledtanh: alpha * tanh(beta * x).
    x = scaled(x, f.beta);
    return scaled(unary(UnaryFn::tanh), f.alpha);
  }

  Value add(Value lhs, Value rhs) { return *compose.binary<AddOp>(lhs, rhs); }
  Value mul(Value lhs, Value rhs) { return *compose.binary<MulOp>(lhs, rhs); }
  Value sub(Value lhs, Value rhs) { return *compose.binary<SubOp>(lhs, rhs); }
  Value gate(Value gates, int64_t index) {
    return compose.sliceDim(gates, 1, index * shape.hidden, 1, shape.hidden);
  }

  /// The state of one direction after one step.
  struct State {
    Value hidden, cell;
  };

  /// One step of direction `d` from `state`, given the step's input
  /// projection `xw` [batch, gates * hidden].
  FailureOr<State> step(Value xw, State state, int64_t d) {
    ArrayRef<Activation> f = ArrayRef(activations)
                                 .slice(d * activationsPerDirection,
                                        activationsPerDirection);
    Value r = recurrence[d], rb = recurrenceBias[d];
    Value h = state.hidden;
    if (kind == CellKind::RNN) {
      FailureOr<Value> hr = project(h, r, rb);
      if (failed(hr))
        return failure();
      return State{activate(f[0], add(xw, *hr)), Value()};
    }
    if (kind == CellKind::GRU) {
      int64_t hidden = shape.hidden;
      // Without linear_before_reset, the candidate's recurrent product
      // reads r * H, so only the z and r rows of R are applied first.
      FailureOr<Value> hr =
          linearBeforeReset
              ? project(h, r, rb)
              : project(h, compose.sliceDim(r, 0, 0, 1, 2 * hidden),
                        rb ? compose.sliceDim(rb, 0, 0, 1, 2 * hidden)
                           : Value());
      if (failed(hr))
        return failure();
      Value z = activate(f[0], add(gate(xw, 0), gate(*hr, 0)));
      Value reset = activate(f[0], add(gate(xw, 1), gate(*hr, 1)));
      Value candidateInput;
      if (linearBeforeReset) {
        candidateInput = mul(reset, gate(*hr, 2));
      } else {
        FailureOr<Value> product =
            project(mul(reset, h), compose.sliceDim(r, 0, 2 * hidden, 1, hidden),
                    rb ? compose.sliceDim(rb, 0, 2 * hidden, 1, hidden)
                       : Value());
        if (failed(product))
          return failure();
        candidateInput = *product;
      }
      Value candidate = activate(f[1], add(gate(xw, 2), candidateInput));
      Value keep = sub(compose.scalar(element, 1.0), z);
      return State{add(mul(keep, candidate), mul(z, h)), Value()};
    }
    FailureOr<Value> hr = project(h, r, rb);
    if (failed(hr))
      return failure();
    Value sums = add(xw, *hr);
    Value c = state.cell;
    auto peephole = [&](Value preActivation, int64_t index, Value cell) {
      if (!peepholes[d])
        return preActivation;
      Value weights = compose.sliceDim(peepholes[d], 0, index * shape.hidden,
                                       1, shape.hidden);
      return add(preActivation, mul(weights, cell));
    };
    // Gate order in W, R and B: input, output, forget, cell; in P: input,
    // output, forget.
    Value inputGate = activate(f[0], peephole(gate(sums, 0), 0, c));
    Value forgetGate =
        inputForget ? sub(compose.scalar(element, 1.0), inputGate)
                    : activate(f[0], peephole(gate(sums, 2), 2, c));
    Value candidate = activate(f[1], gate(sums, 3));
    Value cell = add(mul(forgetGate, c), mul(inputGate, candidate));
    Value outputGate = activate(f[0], peephole(gate(sums, 1), 1, cell));
    return State{mul(outputGate, apply(f[2], cell)), cell};
  }

  /// `next` where batch entry b is still inside its sequence at time `t`
  /// (t < sequence_lens[b]), else `otherwise`.
  FailureOr<Value> masked(int64_t t, Value next, Value otherwise) {
    if (!sequenceLengths)
      return next;
    FailureOr<Value> inside = compose.compare(
        ComparePredicate::lt,
        compose.scalar(rankedOf(sequenceLengths).getElementType(), t),
        sequenceLengths);
    if (failed(inside))
      return failure();
    return compose.select(node.reshapeTo(*inside, {shape.batch, 1}), next,
                          otherwise);
  }

  /// Direction `d` over the sequence: Y [seq, 1, batch, hidden] and the
  /// last state.
  FailureOr<std::pair<Value, State>> run(Value x, int64_t d, bool reverse,
                                         State state) {
    FailureOr<Value> projected =
        project(node.reshapeTo(x, {shape.seq * shape.batch, shape.input}),
                input[d], inputBias[d]);
    if (failed(projected))
      return failure();
    Value xw = node.reshapeTo(*projected, {shape.seq, shape.batch,
                                           gates * shape.hidden});
    SmallVector<Value> outputs(shape.seq);
    Value zero = zeros({shape.batch, shape.hidden});
    for (int64_t i = 0; i < shape.seq; ++i) {
      int64_t t = reverse ? shape.seq - 1 - i : i;
      Value stepInput = node.reshapeTo(compose.sliceDim(xw, 0, t, 1, 1),
                                       {shape.batch, gates * shape.hidden});
      FailureOr<State> next = step(stepInput, state, d);
      if (failed(next))
        return failure();
      FailureOr<Value> y = masked(t, next->hidden, zero);
      FailureOr<Value> h = masked(t, next->hidden, state.hidden);
      if (failed(y) || failed(h))
        return failure();
      Value c = next->cell;
      if (c) {
        FailureOr<Value> held = masked(t, c, state.cell);
        if (failed(held))
          return failure();
        c = *held;
      }
      state = {*h, c};
      outputs[t] = node.reshapeTo(*y, {1, 1, shape.batch, shape.hidden});
    }
    FailureOr<Value> y = concat(outputs, 0);
    if (failed(y))
      return failure();
    return std::make_pair(*y, state);
  }

  FailureOr<Value> concat(ArrayRef<Value> values, int64_t axis) {
    if (values.size() == 1)
      return values.front();
    FailureOr<RankedTensorType> type =
        inferConcatType(node.loc(), ValueRange(values).getTypes(), axis);
    if (failed(type))
      return failure();
    return ConcatOp::create(b, node.loc(), *type, values, axis).getResult();
  }

  NodeImporter &node;
  Composer compose;
  OpBuilder &b;
  CellKind kind;
  int64_t gates;
  CellShape shape;
  Type element;
  std::optional<float> clip;
  bool linearBeforeReset = false, inputForget = false;
  SmallVector<Activation> activations;
  int64_t activationsPerDirection = 1;
  // Per direction: W [gates * hidden, input], R [gates * hidden, hidden],
  // Wb and Rb [gates * hidden] (null without B), P [3 * hidden] (null
  // without peepholes).
  SmallVector<Value, 2> input, recurrence, inputBias, recurrenceBias,
      peepholes;
  Value sequenceLengths;
};

/// Whether a constant sequence_lens covers the whole sequence for every
/// batch entry, so that no masking is needed.
bool coversWholeSequence(Value lengths, int64_t seq) {
  DenseIntElementsAttr values;
  if (!matchPattern(lengths, m_Constant(&values)))
    return false;
  return llvm::all_of(values.getValues<APInt>(), [&](const APInt &length) {
    return length.getSExtValue() >= seq;
  });
}

/// Checks that an optional input has `dims`.
LogicalResult expectShape(NodeImporter &node, Value value, StringRef what,
                          ArrayRef<int64_t> dims) {
  if (!value || rankedOf(value).getShape() == dims)
    return success();
  auto diag = node.emitError() << what << " has type " << value.getType()
                               << "; expected shape [";
  llvm::interleaveComma(dims, diag);
  return diag << "]";
}

template <CellKind kind>
LogicalResult importRecurrent(NodeImporter &node) {
  auto xInput = node.floatInput(0);
  auto w = node.floatInput(1);
  auto r = node.floatInput(2);
  if (failed(xInput) || failed(w) || failed(r))
    return failure();
  int64_t gates = gateCount(kind);
  std::string directionName = node.getString("direction", "forward");
  int64_t layout = node.opset() >= 14 ? node.getInt("layout", 0) : 0;
  if (node.hadAttributeError())
    return failure();
  if (directionName != "forward" && directionName != "reverse" &&
      directionName != "bidirectional")
    return node.emitError() << "direction must be forward, reverse or "
                               "bidirectional, got '"
                            << directionName << "'";
  if (layout != 0 && layout != 1)
    return node.emitError() << "layout must be 0 or 1, got " << layout;
  int64_t directions = directionName == "bidirectional" ? 2 : 1;

  RankedTensorType xType = xInput->getType(), wType = w->getType(),
                   rType = r->getType();
  if (xType.getRank() != 3 || wType.getRank() != 3 || rType.getRank() != 3)
    return node.emitError() << "X, W and R must have rank 3, got " << xType
                            << ", " << wType << " and " << rType;
  CellShape shape;
  shape.directions = directions;
  shape.seq = xType.getDimSize(layout == 0 ? 0 : 1);
  shape.batch = xType.getDimSize(layout == 0 ? 1 : 0);
  shape.input = xType.getDimSize(2);
  shape.hidden = rType.getDimSize(2);
  if (node.getInt("hidden_size", shape.hidden) != shape.hidden)
    return node.emitError() << "hidden_size disagrees with R " << rType;
  if (shape.seq < 1 || shape.seq > kMaxUnrolledSteps)
    return node.emitError() << "the sequence has " << shape.seq
                            << " steps; 1 to " << kMaxUnrolledSteps
                            << " are supported (each is unrolled)";
  int64_t rows = gates * shape.hidden;
  if (failed(expectShape(node, *w, "W", {directions, rows, shape.input})) ||
      failed(expectShape(node, *r, "R", {directions, rows, shape.hidden})))
    return failure();

  RecurrentBuilder builder(node, kind, shape);
  builder.element = xType.getElementType();
  Value bias = node.optionalInput(3);
  Value lengths = node.optionalInput(4);
  Value initialHidden = node.optionalInput(5);
  Value initialCell = kind == CellKind::LSTM ? node.optionalInput(6) : Value();
  Value peepholes = kind == CellKind::LSTM ? node.optionalInput(7) : Value();
  SmallVector<int64_t> stateDims =
      layout == 0
          ? SmallVector<int64_t>{directions, shape.batch, shape.hidden}
          : SmallVector<int64_t>{shape.batch, directions, shape.hidden};
  if (failed(expectShape(node, bias, "B", {directions, 2 * rows})) ||
      failed(expectShape(node, lengths, "sequence_lens", {shape.batch})) ||
      failed(expectShape(node, initialHidden, "initial_h", stateDims)) ||
      failed(expectShape(node, initialCell, "initial_c", stateDims)) ||
      failed(expectShape(node, peepholes, "P",
                         {directions, 3 * shape.hidden})))
    return failure();
  if (lengths && !coversWholeSequence(lengths, shape.seq))
    builder.sequenceLengths = lengths;

  if (node.hasAttr("clip"))
    builder.clip = node.getFloat("clip", 0.0f);
  builder.linearBeforeReset = node.getInt("linear_before_reset", 0) != 0;
  builder.inputForget = node.getInt("input_forget", 0) != 0;
  if (node.hadAttributeError())
    return failure();
  if (builder.clip && !(*builder.clip > 0))
    return node.emitError() << "clip must be positive, got " << *builder.clip;
  static constexpr const char *kRnnDefaults[] = {"tanh"};
  static constexpr const char *kGruDefaults[] = {"sigmoid", "tanh"};
  static constexpr const char *kLstmDefaults[] = {"sigmoid", "tanh", "tanh"};
  ArrayRef<const char *> defaults = kind == CellKind::RNN ? kRnnDefaults
                                    : kind == CellKind::GRU
                                        ? ArrayRef<const char *>(kGruDefaults)
                                        : ArrayRef<const char *>(kLstmDefaults);
  auto activations = readActivations(node, defaults, directions);
  if (failed(activations))
    return failure();
  builder.activations = std::move(*activations);
  builder.activationsPerDirection = defaults.size();

  // Batch-major tensors (layout 1) become sequence-major here and back at
  // the end.
  Composer &compose = builder.compose;
  Value x = layout == 0 ? *xInput : compose.transpose(*xInput, {1, 0, 2});
  if (initialHidden && layout == 1)
    initialHidden = compose.transpose(initialHidden, {1, 0, 2});
  if (initialCell && layout == 1)
    initialCell = compose.transpose(initialCell, {1, 0, 2});

  SmallVector<Value> ys, lastHidden, lastCell;
  for (int64_t d = 0; d < directions; ++d) {
    builder.input.push_back(builder.direction(*w, d));
    builder.recurrence.push_back(builder.direction(*r, d));
    Value directionBias = builder.direction(bias, d);
    builder.inputBias.push_back(
        bias ? builder.compose.sliceDim(directionBias, 0, 0, 1, rows) : Value());
    builder.recurrenceBias.push_back(
        bias ? builder.compose.sliceDim(directionBias, 0, rows, 1, rows)
             : Value());
    builder.peepholes.push_back(builder.direction(peepholes, d));
    RecurrentBuilder::State state;
    state.hidden = initialHidden ? builder.direction(initialHidden, d)
                                 : builder.zeros({shape.batch, shape.hidden});
    if (kind == CellKind::LSTM)
      state.cell = initialCell ? builder.direction(initialCell, d)
                               : builder.zeros({shape.batch, shape.hidden});
    bool reverse = directionName == "reverse" || d == 1;
    auto result = builder.run(x, d, reverse, state);
    if (failed(result))
      return failure();
    ys.push_back(result->first);
    lastHidden.push_back(
        node.reshapeTo(result->second.hidden, {1, shape.batch, shape.hidden}));
    if (kind == CellKind::LSTM)
      lastCell.push_back(
          node.reshapeTo(result->second.cell, {1, shape.batch, shape.hidden}));
  }
  FailureOr<Value> y = builder.concat(ys, 1);
  FailureOr<Value> yHidden = builder.concat(lastHidden, 0);
  if (failed(y) || failed(yHidden))
    return failure();
  SmallVector<Value, 3> results = {*y, *yHidden};
  if (kind == CellKind::LSTM) {
    FailureOr<Value> yCell = builder.concat(lastCell, 0);
    if (failed(yCell))
      return failure();
    results.push_back(*yCell);
  }
  if (layout == 1) {
    results[0] = compose.transpose(results[0], {2, 0, 1, 3});
    for (Value &state : MutableArrayRef<Value>(results).drop_front())
      state = compose.transpose(state, {1, 0, 2});
  }
  return node.setResults(results);
}

// Before opset 7, `output_sequence` said whether Y was wanted; Y is
// computed when it is used either way.
const OpImporter kRecurrentImporters[] = {
    {"RNN", 1, importRecurrent<CellKind::RNN>,
     "unrolled over the (static) sequence, up to 4096 steps; every "
     "direction, sequence_lens, initial_h, clip, the activations and layout "
     "(14)"},
    {"GRU", 1, importRecurrent<CellKind::GRU>,
     "as RNN; linear_before_reset"},
    {"LSTM", 1, importRecurrent<CellKind::LSTM>,
     "as RNN; initial_c, peepholes, input_forget"},
};

} // namespace

ArrayRef<OpImporter> getRecurrentImporters() { return kRecurrentImporters; }

} // namespace sinter::onnx_import
