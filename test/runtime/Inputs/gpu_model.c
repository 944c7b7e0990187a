/* gpu_model.c: what sinter-compile --device=cuda emits, written by hand for
 * the runtime's tests: y = x * w + b over 16 floats, w and b weights
 * (w[i] = i / 2, b[i] = 1), in two launches through the workspace:
 * mul(x, weights + 0, workspace + 64, 16) then
 * add(workspace + 64, weights + 64, y, 16). */

#include <sinter/sinter.h>

enum { kElements = 16 };

static const int64_t shape[] = {kElements};
static const sinter_tensor_info inputs[] = {{"x", SINTER_FLOAT32, 1, shape}};
static const sinter_tensor_info outputs[] = {{"y", SINTER_FLOAT32, 1, shape}};
static const sinter_model_info info = {
    SINTER_ABI_VERSION, 1, 1, 0, 0, "gpu_model", inputs, outputs, "", 0, 0};

static const char ptx[] =
    "// hand-written stand-in for the kernels' PTX\n"
    ".version 7.0\n.target sm_80\n.address_size 64\n"
    ".visible .entry mul(.param .u64 a, .param .u64 b, .param .u64 c, .param .u64 n) { ret; }\n"
    ".visible .entry add(.param .u64 a, .param .u64 b, .param .u64 c, .param .u64 n) { ret; }\n";
static const char *const kernel_names[] = {"mul", "add"};
static const sinter_gpu_arg mul_args[] = {
    {SINTER_GPU_ARG_INPUT, 0, 0}, {SINTER_GPU_ARG_WEIGHTS, 0, 0},
    {SINTER_GPU_ARG_WORKSPACE, 0, 64}, {SINTER_GPU_ARG_INT64, 0, kElements}};
static const sinter_gpu_arg add_args[] = {
    {SINTER_GPU_ARG_WORKSPACE, 0, 64}, {SINTER_GPU_ARG_WEIGHTS, 0, 64},
    {SINTER_GPU_ARG_OUTPUT, 0, 0}, {SINTER_GPU_ARG_INT64, 0, kElements}};
static const sinter_gpu_launch launches[] = {
    {0, {1, 1, 1}, {kElements, 1, 1}, 0, 4, mul_args},
    {1, {1, 1, 1}, {kElements, 1, 1}, 0, 4, add_args}};
static const float weights[32] = {
    0, 0.5f, 1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f, 7, 7.5f,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const sinter_gpu_program program = {
    80, 2, kernel_names, ptx, 0, 0, 1, 1, 2, 0, launches, weights, sizeof weights, 256};

const sinter_model_info *gpu_model_info(void) { return &info; }
const sinter_gpu_program *gpu_model_gpu_program(void) { return &program; }
