//===- sinter-run.cpp - run, check and time a compiled model --------------===//
//
// sinter-run MODEL.so [INPUT_FILE...] [--input NAME=FILE]...
//            [--expect FILE | --expect NAME=FILE]... [--rtol R] [--atol A]
//            [--bench N] [--threads T] [--json] [--prefix NAME]
//
// Exit status: 0 success, 1 a run failed or an output mismatched, 2 bad
// usage or inputs (wrong shape or dtype, missing input, unreadable file).
//
//===----------------------------------------------------------------------===//

#include "compiler/OnnxData/TensorFile.h"

#include "sinter/sinter.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace sinter::tensor_file;

namespace {

constexpr int kExitMismatch = 1;
constexpr int kExitUsage = 2;

const char *const kUsage =
    "usage: sinter-run MODEL.so [INPUT_FILE...] [--input NAME=FILE]...\n"
    "                  [--expect FILE | --expect NAME=FILE]... [--rtol R] "
    "[--atol A]\n"
    "                  [--bench N] [--threads T] [--callers C] [--json]\n"
    "                  [--save DIR] [--prefix NAME] [--device cpu|cuda]\n"
    "Runs a model compiled by sinter-compile on .npy or ONNX .pb tensors.\n"
    "--threads T runs each call on a pool of T threads (P_run_parallel);\n"
    "--callers C benchmarks C threads calling the model at once on that\n"
    "pool, each with its own buffers. --save DIR writes each output to\n"
    "DIR/NAME.npy (characters of NAME other than letters and digits as _).\n"
    "Positional inputs and --expect files without a name follow the graph's\n"
    "input and output order. --device=cuda runs a model compiled with\n"
    "--device=cuda on GPU 0 (inputs and outputs copied; --bench times runs\n"
    "with CUDA events). --expect compares with numpy.allclose's rule\n"
    "|actual - expected| <= atol + rtol * |expected| (defaults 1e-4, 1e-5).\n";

struct Options {
  std::string model, prefix;
  std::vector<std::string> positionalInputs, positionalExpects;
  std::vector<std::pair<std::string, std::string>> namedInputs, namedExpects;
  double rtol = 1e-4, atol = 1e-5;
  int bench = 0, threads = 1, callers = 1;
  bool json = false;
  std::string saveDir;
  bool cuda = false;
};

[[noreturn]] void usageError(const std::string &message) {
  std::fprintf(stderr, "sinter-run: error: %s\n", message.c_str());
  std::exit(kExitUsage);
}

bool parseNumber(const char *text, double &value) {
  char *end = nullptr;
  value = std::strtod(text, &end);
  return end != text && *end == '\0';
}

Options parseOptions(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      size_t eq = arg.find('=');
      if (arg.rfind("--", 0) == 0 && eq != std::string::npos)
        return arg.substr(eq + 1);
      if (i + 1 >= argc)
        usageError(arg + " needs a value");
      return argv[++i];
    };
    auto is = [&](const char *flag) {
      return arg == flag || arg.rfind(std::string(flag) + "=", 0) == 0;
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (is("--input") || is("--expect")) {
      bool input = is("--input");
      std::string spec = value();
      size_t eq = spec.find('=');
      if (eq == std::string::npos) {
        if (input)
          usageError("--input expects NAME=FILE, got '" + spec + "'");
        options.positionalExpects.push_back(spec);
      } else {
        (input ? options.namedInputs : options.namedExpects)
            .push_back({spec.substr(0, eq), spec.substr(eq + 1)});
      }
    } else if (is("--rtol") || is("--atol")) {
      bool rtol = is("--rtol");
      std::string text = value();
      double number;
      if (!parseNumber(text.c_str(), number) || number < 0)
        usageError(std::string(rtol ? "--rtol" : "--atol") +
                   " expects a non-negative number, got '" + text + "'");
      (rtol ? options.rtol : options.atol) = number;
    } else if (is("--bench") || is("--threads") || is("--callers")) {
      const char *flag = is("--bench")     ? "--bench"
                         : is("--threads") ? "--threads"
                                           : "--callers";
      int &field = is("--bench")     ? options.bench
                   : is("--threads") ? options.threads
                                     : options.callers;
      std::string text = value();
      double number;
      if (!parseNumber(text.c_str(), number) || number < 1 || number > 4096 ||
          number != std::floor(number))
        usageError(std::string(flag) +
                   " expects a positive integer, got '" + text + "'");
      field = static_cast<int>(number);
    } else if (is("--save")) {
      options.saveDir = value();
    } else if (is("--device")) {
      std::string device = value();
      if (device != "cpu" && device != "cuda")
        usageError("--device expects cpu or cuda, got '" + device + "'");
      options.cuda = device == "cuda";
    } else if (arg == "--json") {
      options.json = true;
    } else if (is("--prefix")) {
      options.prefix = value();
    } else if (arg.rfind("-", 0) == 0 && arg != "-") {
      usageError("unknown option '" + arg + "'\n" + kUsage);
    } else if (options.model.empty()) {
      options.model = arg;
    } else {
      options.positionalInputs.push_back(arg);
    }
  }
  if (options.model.empty())
    usageError(std::string("no model given\n") + kUsage);
  if (options.cuda && (options.threads > 1 || options.callers > 1))
    usageError("--threads and --callers are for the CPU, not --device=cuda");
  return options;
}

std::string describe(int32_t dtype, const std::vector<int64_t> &shape) {
  return std::string(sinter_dtype_name(dtype)) + " " + formatShape(shape);
}

std::vector<int64_t> shapeOf(const sinter_tensor_info &info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

int findTensor(const sinter_tensor_info *tensors, uint32_t count,
               const std::string &name) {
  for (uint32_t i = 0; i < count; ++i)
    if (name == tensors[i].name)
      return static_cast<int>(i);
  return -1;
}

std::string tensorNames(const sinter_tensor_info *tensors, uint32_t count) {
  std::string names;
  for (uint32_t i = 0; i < count; ++i)
    names += (i ? ", " : "") + std::string(tensors[i].name);
  return names;
}

HostTensor readOrExit(const std::string &file) {
  HostTensor tensor;
  std::string error;
  if (!readTensorFile(file, tensor, error))
    usageError(error);
  return tensor;
}

/// The tensor read for each of the model's `count` tensors (`noun`s, read
/// as the `kind`), checked against
/// its dtype and shape; an entry is empty (no dtype) where no file was
/// given. A .pb file given in order is bound by the name it carries, any
/// other positional file by its position; a named file by its name. A
/// tensor given twice, or a name the model does not have, is a usage error.
std::vector<HostTensor>
bindTensors(const char *kind, const char *noun,
            const sinter_tensor_info *tensors,
            uint32_t count, const std::vector<std::string> &positional,
            const std::vector<std::pair<std::string, std::string>> &named) {
  if (positional.size() > count)
    usageError(std::to_string(positional.size()) + " " + noun +
               " files given, but the model has " + std::to_string(count) +
               " " + noun + "s (" + tensorNames(tensors, count) + ")");
  std::vector<HostTensor> bound(count);
  std::vector<std::string> files(count);
  auto bind = [&](int index, const std::string &file, HostTensor tensor) {
    const sinter_tensor_info &info = tensors[index];
    if (!files[index].empty())
      usageError(std::string(kind) + " '" + info.name + "' is given twice ('" +
                 files[index] + "' and '" + file + "')");
    std::vector<int64_t> expected = shapeOf(info);
    // numpy has no bfloat16: ONNX's test data stores its bits as uint16.
    if (info.dtype == SINTER_BFLOAT16 && tensor.dtype == SINTER_UINT16)
      tensor.dtype = SINTER_BFLOAT16;
    if (tensor.dtype != info.dtype || tensor.shape != expected)
      usageError(std::string(kind) + " '" + info.name + "': '" + file +
                 "' holds " + describe(tensor.dtype, tensor.shape) +
                 ", the model expects " + describe(info.dtype, expected));
    files[index] = file;
    bound[index] = std::move(tensor);
  };
  auto indexOf = [&](const std::string &name, const std::string &file) {
    int index = findTensor(tensors, count, name);
    if (index < 0)
      usageError(std::string("the model has no ") + noun + " named '" + name +
                 "'" + (file.empty() ? "" : " (named in '" + file + "')") +
                 " (" + noun + "s: " + tensorNames(tensors, count) + ")");
    return index;
  };
  for (size_t i = 0; i < positional.size(); ++i) {
    HostTensor tensor = readOrExit(positional[i]);
    int index = tensor.name.empty() ? static_cast<int>(i)
                                    : indexOf(tensor.name, positional[i]);
    bind(index, positional[i], std::move(tensor));
  }
  for (const auto &[name, file] : named) {
    int index = indexOf(name, "");
    bind(index, file, readOrExit(file));
  }
  return bound;
}

struct Comparison {
  std::string name;
  double maxAbs = 0, maxRel = 0;
  int64_t mismatches = 0, firstMismatch = -1;
  double firstActual = 0, firstExpected = 0;
  bool compared = false;
};

Comparison compare(const sinter_tensor_info &info, const char *actual,
                   const HostTensor &expected, double rtol, double atol) {
  Comparison result;
  result.name = info.name;
  result.compared = true;
  int64_t count = sinter_tensor_elements(&info);
  for (int64_t i = 0; i < count; ++i) {
    double a = elementAsDouble(info.dtype, actual, i);
    double e = elementAsDouble(expected, i);
    bool bothNaN = std::isnan(a) && std::isnan(e);
    // Equal values match, infinities of one sign included (inf - inf is NaN).
    double diff = bothNaN || a == e ? 0 : std::fabs(a - e);
    if (std::isnan(diff))
      diff = INFINITY;
    result.maxAbs = std::max(result.maxAbs, diff);
    if (e != 0)
      result.maxRel = std::max(result.maxRel, diff / std::fabs(e));
    if (!(diff <= atol + rtol * std::fabs(e)) && !bothNaN) {
      if (result.mismatches++ == 0) {
        result.firstMismatch = i;
        result.firstActual = a;
        result.firstExpected = e;
      }
    }
  }
  return result;
}

std::string jsonString(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string jsonNumber(double value) {
  if (!std::isfinite(value))
    return "null";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

struct Buffers {
  std::vector<std::vector<char>> outputs;
  std::vector<void *> outputPointers;
  void *workspace = nullptr;
  explicit Buffers(const sinter_model_info &info) {
    for (uint32_t i = 0; i < info.num_outputs; ++i) {
      outputs.emplace_back(std::max<size_t>(1, sinter_tensor_bytes(&info.outputs[i])));
      outputPointers.push_back(outputs.back().data());
    }
    workspace = sinter_workspace_alloc(info.workspace_size);
  }
  ~Buffers() { sinter_workspace_free(workspace); }
  Buffers(const Buffers &) = delete;
  Buffers &operator=(const Buffers &) = delete;
};

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

/// A GPU model on device 0 with device buffers for one caller: inputs are
/// copied in once; each run copies the outputs back.
class CudaRun {
public:
  CudaRun(const sinter_model &model, const std::vector<const void *> &inputs) {
    char error[1024];
    if (sinter_cuda_init(model.gpu_program, 0, &cuda, error, sizeof error) !=
        SINTER_OK) {
      std::fprintf(stderr, "sinter-run: error: %s\n", error);
      std::exit(kExitMismatch);
    }
    const sinter_model_info &info = *model.info;
    for (uint32_t i = 0; i < info.num_inputs; ++i) {
      uint64_t bytes = sinter_tensor_bytes(&info.inputs[i]);
      this->inputs.push_back(allocate(bytes));
      check(sinter_cuda_copy_to_device(cuda, this->inputs.back(), inputs[i], bytes),
            "copying an input to the GPU");
    }
    for (uint32_t i = 0; i < info.num_outputs; ++i)
      outputs.push_back(allocate(sinter_tensor_bytes(&info.outputs[i])));
    workspace = allocate(model.gpu_program->workspace_size);
  }
  ~CudaRun() {
    for (uint64_t pointer : allocations)
      sinter_cuda_free(cuda, pointer);
    sinter_cuda_release(cuda);
  }
  CudaRun(const CudaRun &) = delete;
  CudaRun &operator=(const CudaRun &) = delete;

  /// One run; its outputs land in `hostOutputs`.
  int run(const sinter_model_info &info, std::vector<void *> &hostOutputs) {
    char error[1024];
    int status = sinter_cuda_run(cuda, nullptr, inputs.data(), outputs.data(),
                                 workspace, error, sizeof error);
    if (status != SINTER_OK) {
      std::fprintf(stderr, "sinter-run: error: %s\n", error);
      return status;
    }
    for (uint32_t i = 0; i < info.num_outputs; ++i)
      check(sinter_cuda_copy_to_host(cuda, hostOutputs[i], outputs[i],
                                     sinter_tensor_bytes(&info.outputs[i])),
            "copying an output from the GPU");
    return SINTER_OK;
  }

  /// Milliseconds of each of `runs` runs after `warmup`, by CUDA events.
  std::vector<double> time(int warmup, int runs) {
    std::vector<float> milliseconds(warmup + runs);
    char error[1024];
    if (sinter_cuda_time_runs(cuda, inputs.data(), outputs.data(), workspace,
                              warmup + runs, milliseconds.data(), error,
                              sizeof error) != SINTER_OK) {
      std::fprintf(stderr, "sinter-run: error: %s\n", error);
      std::exit(kExitMismatch);
    }
    return std::vector<double>(milliseconds.begin() + warmup, milliseconds.end());
  }

private:
  uint64_t allocate(uint64_t bytes) {
    uint64_t pointer = 0;
    check(sinter_cuda_alloc(cuda, bytes, &pointer), "allocating GPU memory");
    allocations.push_back(pointer);
    return pointer;
  }
  static void check(int status, const char *what) {
    if (status == SINTER_OK)
      return;
    std::fprintf(stderr, "sinter-run: error: %s: %s\n", what,
                 sinter_status_string(status));
    std::exit(kExitMismatch);
  }

  sinter_cuda_model *cuda = nullptr;
  std::vector<uint64_t> inputs, outputs, allocations;
  uint64_t workspace = 0;
};

} // namespace

int main(int argc, char **argv) {
  Options options = parseOptions(argc, argv);
  sinter_model model;
  char error[1024];
  int status = sinter_load(options.model.c_str(),
                           options.prefix.empty() ? nullptr
                                                  : options.prefix.c_str(),
                           &model, error, sizeof error);
  if (status != SINTER_OK)
    usageError(error);
  const sinter_model_info &info = *model.info;
  if (options.cuda != (model.gpu_program != nullptr))
    usageError(options.model + (options.cuda
                                    ? ": compiled for the CPU; --device=cuda "
                                      "runs models compiled with --device=cuda"
                                    : ": compiled for --device=cuda; run it "
                                      "with sinter-run --device=cuda"));

  std::vector<HostTensor> inputs =
      bindTensors("input", "input", info.inputs, info.num_inputs,
                  options.positionalInputs, options.namedInputs);
  std::vector<const void *> inputPointers;
  for (uint32_t i = 0; i < info.num_inputs; ++i) {
    if (!inputs[i].dtype)
      usageError("missing input '" + std::string(info.inputs[i].name) + "' (" +
                 describe(info.inputs[i].dtype, shapeOf(info.inputs[i])) +
                 "); give it in order or with --input " + info.inputs[i].name +
                 "=FILE");
    inputPointers.push_back(inputs[i].data.data());
  }

  std::vector<HostTensor> expected =
      bindTensors("expected output", "output", info.outputs, info.num_outputs,
                  options.positionalExpects, options.namedExpects);

  std::unique_ptr<sinter_pool, void (*)(sinter_pool *)> pool(
      options.threads > 1 ? sinter_pool_create(options.threads) : nullptr,
      sinter_pool_destroy);
  if (options.threads > 1 && !pool)
    usageError("cannot start a pool of " + std::to_string(options.threads) +
               " threads");
  const sinter_executor *executor =
      pool ? sinter_pool_executor(pool.get()) : nullptr;

  Buffers buffers(info);
  std::unique_ptr<CudaRun> cuda;
  if (options.cuda) {
    cuda = std::make_unique<CudaRun>(model, inputPointers);
    status = cuda->run(info, buffers.outputPointers);
  } else {
    status = sinter_model_run(&model, executor, inputPointers.data(),
                              buffers.outputPointers.data(), buffers.workspace);
  }
  if (status != SINTER_OK) {
    std::fprintf(stderr, "sinter-run: error: %s_run failed: %s\n", info.name,
                 sinter_status_string(status));
    return kExitMismatch;
  }

  if (!options.saveDir.empty())
    for (uint32_t i = 0; i < info.num_outputs; ++i) {
      std::string name = info.outputs[i].name;
      for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
          c = '_';
      std::string error;
      if (!writeNpyFile(options.saveDir + "/" + name + ".npy",
                        info.outputs[i].dtype, shapeOf(info.outputs[i]),
                        static_cast<const char *>(buffers.outputPointers[i]),
                        sinter_tensor_bytes(&info.outputs[i]), error))
        usageError(error);
    }

  std::vector<Comparison> comparisons(info.num_outputs);
  bool allMatch = true;
  for (uint32_t i = 0; i < info.num_outputs; ++i) {
    comparisons[i].name = info.outputs[i].name;
    if (!expected[i].dtype)
      continue;
    comparisons[i] = compare(info.outputs[i], buffers.outputs[i].data(),
                             expected[i], options.rtol, options.atol);
    allMatch &= comparisons[i].mismatches == 0;
  }

  // Benchmark: warm up, then every caller times its own runs with its own
  // outputs and workspace, all on the one pool.
  std::vector<double> times;
  double wallMs = 0;
  if (options.bench > 0 && cuda) {
    times = cuda->time(std::min(options.bench, 5), options.bench);
    for (double ms : times)
      wallMs += ms;
    std::sort(times.begin(), times.end());
  } else if (options.bench > 0) {
    int warmup = std::min(options.bench, 5);
    std::vector<std::vector<double>> perThread(options.callers);
    std::vector<int> failures(options.callers, 0);
    auto worker = [&](int thread) {
      Buffers local(info);
      for (int run = 0; run < warmup + options.bench; ++run) {
        auto start = std::chrono::steady_clock::now();
        if (sinter_model_run(&model, executor, inputPointers.data(),
                             local.outputPointers.data(),
                             local.workspace) != SINTER_OK)
          ++failures[thread];
        if (run >= warmup)
          perThread[thread].push_back(millisecondsSince(start));
      }
    };
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> callers;
    for (int thread = 1; thread < options.callers; ++thread)
      callers.emplace_back(worker, thread);
    worker(0);
    for (std::thread &thread : callers)
      thread.join();
    wallMs = millisecondsSince(start);
    for (int thread = 0; thread < options.callers; ++thread) {
      if (failures[thread]) {
        std::fprintf(stderr, "sinter-run: error: %d benchmark runs failed\n",
                     failures[thread]);
        return kExitMismatch;
      }
      times.insert(times.end(), perThread[thread].begin(), perThread[thread].end());
    }
    std::sort(times.begin(), times.end());
  }
  double minMs = times.empty() ? 0 : times.front();
  double medianMs = times.empty() ? 0 : times[times.size() / 2];

  if (options.json) {
    std::string out = "{\"model\": " + jsonString(info.name) +
                      ", \"ok\": " + (allMatch ? "true" : "false") +
                      ", \"rtol\": " + jsonNumber(options.rtol) +
                      ", \"atol\": " + jsonNumber(options.atol) +
                      ", \"outputs\": [";
    for (uint32_t i = 0; i < info.num_outputs; ++i) {
      const Comparison &c = comparisons[i];
      out += std::string(i ? ", " : "") + "{\"name\": " + jsonString(c.name) +
             ", \"checked\": " + (c.compared ? "true" : "false");
      if (c.compared)
        out += ", \"max_abs_error\": " + jsonNumber(c.maxAbs) +
               ", \"max_rel_error\": " + jsonNumber(c.maxRel) +
               ", \"mismatches\": " + std::to_string(c.mismatches);
      out += "}";
    }
    out += "]";
    if (options.bench > 0)
      out += ", \"bench\": {\"runs\": " + std::to_string(options.bench) +
             ", \"threads\": " + std::to_string(options.threads) +
             ", \"callers\": " + std::to_string(options.callers) +
             ", \"min_ms\": " + jsonNumber(minMs) +
             ", \"median_ms\": " + jsonNumber(medianMs) +
             ", \"runs_per_second\": " +
             jsonNumber(times.size() / (wallMs / 1000.0)) + "}";
    std::printf("%s}\n", out.c_str());
  } else {
    for (const Comparison &c : comparisons) {
      if (!c.compared)
        continue;
      std::printf("output '%s': max abs error %.3g, max rel error %.3g: %s\n",
                  c.name.c_str(), c.maxAbs, c.maxRel,
                  c.mismatches ? "MISMATCH" : "ok");
      if (c.mismatches)
        std::printf("  %lld of %lld elements outside atol %.3g + rtol %.3g; "
                    "first at flat index %lld: got %.9g, expected %.9g\n",
                    static_cast<long long>(c.mismatches),
                    static_cast<long long>(sinter_tensor_elements(
                        &info.outputs[&c - comparisons.data()])),
                    options.atol, options.rtol,
                    static_cast<long long>(c.firstMismatch), c.firstActual,
                    c.firstExpected);
    }
    if (options.bench > 0)
      std::printf("bench: %d runs x %d caller(s), %d thread(s): min %.3f ms, "
                  "median %.3f ms, %.1f runs/s\n",
                  options.bench, options.callers, options.threads, minMs,
                  medianMs,
                  times.size() / (wallMs / 1000.0));
    if (!options.bench && std::all_of(comparisons.begin(), comparisons.end(),
                                      [](const Comparison &c) {
                                        return !c.compared;
                                      }))
      for (uint32_t i = 0; i < info.num_outputs; ++i)
        std::printf("output '%s': %s, computed\n", info.outputs[i].name,
                    describe(info.outputs[i].dtype, shapeOf(info.outputs[i])).c_str());
  }
  sinter_unload(&model);
  return allMatch ? 0 : kExitMismatch;
}
