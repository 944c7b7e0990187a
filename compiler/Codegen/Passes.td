//===- Passes.td - sinter code generation passes -----------*- tablegen -*-===//

#ifndef SINTER_COMPILER_CODEGEN_PASSES_TD
#define SINTER_COMPILER_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def SetTarget : Pass<"sinter-set-target", "mlir::ModuleOp"> {
  let summary = "Record the target machine on the module";
  let description = [{
    Resolves the target (triple, CPU, features, vector width, cache sizes)
    and stores it as the module's `sinter.target` dictionary, which the
    kernel configuration and object emission read. sinter-compile does this
    before the first pass; in sinter-opt this pass does it, and a
    `sinter.target` already in the IR is kept unless an option is given.
  }];
  let options = [
    Option<"triple", "triple", "std::string", /*default=*/"\"\"",
           "Target triple (default: the host's)">,
    Option<"cpu", "cpu", "std::string", /*default=*/"\"\"",
           "Target CPU (default: the host's, with its features)">,
  ];
}

def FuseElementwise : Pass<"sinter-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Merge chains of elementwise linalg ops into one op";
  let description = [{
    A chain of elementwise ops (activations, arithmetic, casts) would
    otherwise be one kernel per op, each reading and writing the whole
    tensor. An elementwise generic whose result has a single use, by another
    elementwise generic, is merged into that user, so the chain runs as one
    loop nest that keeps values in registers. A merged body is kept to at
    most `max-body-ops` ops: merging copies the producer's body, so an
    unbounded chain would cost time quadratic in its length; longer chains
    become several kernels.
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "int64_t", /*default=*/"64",
           "Largest body, in ops, that a merge may create">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ConfigureKernels : Pass<"sinter-configure-kernels", "mlir::func::FuncOp"> {
  let summary = "Pick a kernel strategy and tile sizes for each linalg op";
  let description = [{
    For each linalg op on tensors, the first strategy that accepts the op
    (in the order of compiler/Codegen/KernelConfig.cpp) chooses tile sizes
    from its shapes and the module's `sinter.target`, and the choice is
    stored as `sinter.kernel = {strategy, tiles, reduction_tiles}`. An op
    that already has one keeps it (after it is checked), so a test or a
    user can pin a configuration. Ops that a kernel computes inside its
    tiles get none: the fills and broadcasts that initialise an accumulator,
    and the elementwise epilogue of a strategy that fuses it. With `gpu`,
    the strategies are the GPU ones (`gpu-threads`), which
    sinter-map-to-gpu carries out after bufferization.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
  let options = [
    Option<"winograd", "winograd", "bool", /*default=*/"true",
           "Compute 3x3 stride-1 convs as Winograd F(4x4, 3x3) where it pays">,
    Option<"forGpu", "gpu", "bool", /*default=*/"false",
           "Pick among the GPU strategies (--device=cuda)">,
  ];
}

def ApplyKernels : Pass<"sinter-apply-kernels", "mlir::func::FuncOp"> {
  let summary = "Tile, fuse and vectorize each op as its sinter.kernel says";
  let description = [{
    Runs on tensors, before bufferization. First every kernel gets a
    destination of its own (CSE merges equal tensor.empty and fill ops) and
    results inserted into a larger tensor (a padded interior) are computed in
    place there (empty-tensor elimination). Then each configured op is
    tiled, its producers (fills, broadcasts) and epilogue are fused into the
    tile, constant weights are repacked into slabs, its reduction loops are
    tiled, and the tile is vectorized with its accumulators hoisted into
    registers, as its strategy's file describes.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::vector::VectorDialect",
  ];
}

def OutputsToArguments : Pass<"sinter-outputs-to-arguments", "mlir::func::FuncOp"> {
  let summary = "Make a function write its results into caller-provided tensors";
  let description = [{
    Each tensor result becomes a trailing argument marked writable, and the
    value the function returned is written into it with
    `bufferization.materialize_in_destination`; an i32 result (the status
    of run-time index checks) stays a result. Inputs are marked
    non-writable. After one-shot bufferization the producers of the results
    write straight into the caller's buffers, with no copy and no malloc.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def PlanWorkspace : Pass<"sinter-plan-workspace", "mlir::func::FuncOp"> {
  let summary = "Carve every intermediate buffer out of one workspace argument";
  let description = [{
    Runs after bufferization on a function whose buffers are `memref.alloc`s
    of static shape in its entry block. Each buffer lives from its
    allocation to the last use of it or of any view of it; buffers whose
    lifetimes do not overlap share bytes. Buffers are placed largest first at
    the lowest 64-byte aligned offset that does not collide with a placed
    buffer of overlapping lifetime. Each allocation becomes a `memref.view`
    into a new trailing `memref<SIZExi8>` argument, deallocations disappear,
    and the function gets `sinter.workspace_size = SIZE`. Arguments with no
    elements become `memref<0xT>` (expanded back inside), which the LLVM
    lowering can pass as a bare pointer.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Byte alignment of every buffer in the workspace">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def ExternalizeWeights : Pass<"sinter-externalize-weights", "mlir::ModuleOp"> {
  let summary = "Read the constant buffers from a weights argument instead of the object";
  let description = [{
    Runs on buffers, after sinter-plan-workspace and before the kernels are
    parallelized and outlined (which then pass the new argument on like the
    workspace). Every constant `memref.global` that a public function reads
    is placed in one byte array, each at the next `alignment`-aligned
    offset in order of first use; its `memref.get_global`s become
    `memref.view`s into a new `memref<SIZExi8>` argument marked
    `sinter.weights`, added to every public function after the workspace,
    and the globals are erased. The array is the module's
    `sinter.weights` attribute (a `dense_resource` of i8), which
    sinter-compile writes to the weights file (`--weights=file`): the
    object then holds no weights, and a model is not bound by the 2 GiB
    that code can address in its own object.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Byte alignment of every weight in the array">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def MapToGpu : Pass<"sinter-map-to-gpu", "mlir::func::FuncOp"> {
  let summary = "Turn each linalg op on buffers into a grid of GPU thread blocks";
  let description = [{
    Runs after bufferization, before workspace planning (--device=cuda).
    Every `memref.copy` becomes a `linalg.copy`, then each linalg op of the
    function's body becomes loops:
    - The `scf.parallel` of its leading parallel loops, or, when it has
      none, a one-iteration loop around it.
    - When each iteration of that loop is one output element reduced over
      the other loops (convs, matmuls, pools, reductions, elementwise ops),
      the element is read once, carried through `scf.for` reductions in a
      register and written once.
    Adjacent loops over the same range then fuse when the later one reads
    what the earlier wrote only at the same positions (MLIR's
    `naivelyFuseParallelOps`). Inputs, outputs, workspace, weights,
    allocations and globals are separate buffers; views of one overlap
    when their byte ranges do. So the fill of an output, the conv or
    matmul reducing into it and its elementwise epilogue are one kernel.
    Workspace planning comes after, so that buffers of one kernel never
    share bytes.
    Each loop is spread over a 1-D grid of 1-D blocks. The `sinter.kernel`
    configuration of the loop's first op (a GPU strategy; an op without one
    gets `gpu-threads`' default) gives the threads per block along each
    loop, and the blocks cover the rest. Each thread delinearizes its block
    and thread ids into one iteration, the last dimension fastest so that
    neighbouring threads touch neighbouring elements. It skips the
    iteration when it lies past a loop's end, and runs the loop's body.
    The kernel becomes a `gpu.launch` with constant sizes or, with
    `emulate`, two `scf.for` loops over the block and thread ids, so that
    the same code runs on the CPU and a tiling bug shows without a GPU.
    Errors: dynamic loop bounds, more than 1024 threads per block, more
    than 2^31-1 blocks, a CPU strategy.
  }];
  let options = [
    Option<"emulate", "emulate", "bool", /*default=*/"false",
           "Loops over the block and thread ids instead of gpu.launch">,
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::linalg::LinalgDialect",
                           "mlir::scf::SCFDialect", "mlir::arith::ArithDialect"];
}

def OutlineGpuKernels : Pass<"sinter-outline-gpu-kernels", "mlir::ModuleOp"> {
  let summary = "Move every gpu.launch body into one gpu.module";
  let description = [{
    Each `gpu.launch` of a public function, in order, has the address
    computations and scalar reads it uses (views of the workspace, the
    weights, the inputs and outputs; constants; loads) copied into it, so
    that a kernel takes whole buffers only, and becomes a `gpu.func`
    `<function>_kernel_<N>` in one `gpu.module @sinter_kernels` (one PTX
    module for the runtime to load) and a `gpu.launch_func` of it. The
    module becomes a `gpu.container_module`.
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect"];
}

def NativeNvvmMath : Pass<"sinter-native-nvvm-math", "mlir::gpu::GPUModuleOp"> {
  let summary = "Replace libdevice calls that NVPTX has instructions for by LLVM intrinsics";
  let description = [{
    Runs on a gpu.module after convert-gpu-to-nvvm, which turns every math
    op into a call of CUDA's libdevice (`__nv_floorf`, `__nv_sqrtf`, ...).
    Sinter compiles PTX without a CUDA toolkit, so it links no libdevice:
    the calls of floor, ceil, fabs, sqrt, trunc, rint, round, fma, fmin,
    fmax and copysign become the LLVM intrinsics, which NVPTX selects to
    its own instructions (the same results), and their declarations go.
    Any other libdevice call is an error naming it; exp, log, tanh, erf
    and the other functions sinter-approximate-math covers never get here.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def OrderLoops : Pass<"sinter-order-loops", "mlir::func::FuncOp"> {
  let summary = "Put a contiguous dimension innermost in the ops left as loops";
  let description = [{
    The ops no kernel strategy vectorized ("loops": NCHW convs at -O0,
    grouped and integer convs, small transposes) become plain loop nests in
    their iteration order, and a named convolution's order can
    leave a strided, scalar innermost loop (NHWC/HWCF reduces over input
    channels innermost). This generalizes convolution, pooling and
    contraction ops and orders their loops as: the output's dimensions but
    its last, then the reductions, then the output's last dimension, so
    that the innermost loop walks the output (and, for NHWC, the filter)
    contiguously and LLVM vectorizes it. A transpose gets the longer of
    its input's and output's contiguous loops innermost.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def LowerCopies : Pass<"sinter-lower-copies", "mlir::func::FuncOp"> {
  let summary = "Turn strided memref.copy into linalg.copy";
  let description = [{
    Strided copies (from padding, concatenation into a slice) would
    otherwise lower to calls of MLIR's `memrefCopy` runtime function; as
    linalg.copy they become loops. The generated object then needs nothing
    from any runtime. Copies between contiguous buffers stay memref.copy,
    which lowers to one llvm.memcpy.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def OutlineKernels : Pass<"sinter-outline-kernels", "mlir::ModuleOp"> {
  let summary = "Move each kernel of a public function into a function of its own";
  let description = [{
    Runs on buffers. LLVM's optimizer and code generator take time that
    grows faster than linearly with the size of a function, so a model of
    thousands of ops lowered as one function compiles in minutes. The
    top-level ops of a public function that read or write memory (loop
    nests, linalg ops, copies) move into new private functions named
    `<function>_kernel_<N>`, consecutive small ones together (up to 2000
    ops or 32 kernels per function), which take the buffers and scalars
    they use; constants, globals and views are cloned into them, so that a
    kernel gets the buffers the views are of. The public function becomes
    a sequence of calls; object emission keeps the kernels out of line. A
    group whose captured values cannot cross a call as a bare pointer
    (dynamic shapes or strides) stays where it is, and so does an op whose
    results are used.
  }];
  let dependentDialects = ["mlir::func::FuncDialect"];
}

def ParallelizeKernels : Pass<"sinter-parallelize-kernels", "mlir::ModuleOp"> {
  let summary = "Run the output-tile loop of each large kernel as tasks of an executor";
  let description = [{
    Runs on buffers, before sinter-outline-kernels. Each public function
    gets a trailing `!llvm.ptr` argument, the `sinter_executor` of
    `P_run_parallel` (null for `P_run`). In each kernel, the outermost loop
    marked `sinter.parallel` (a loop over output tiles, which the kernel
    strategies mark; never a reduction) with two iterations or more, no
    allocation inside and an estimated work (ops executed, nested loops
    multiplied out) of at least `min-work`, moves into a private function
    `<function>_task_<N>(begin, end, executor, captured...)` running
    iterations [begin, end); the loop becomes one call of it for all
    iterations. Object emission turns that call into the executor's
    parallel_for (or a plain call without an executor or with one thread).
    Every iteration computes the same elements with the same instructions
    whichever thread runs it, so outputs do not depend on the thread count.
  }];
  let options = [
    Option<"minWork", "min-work", "uint64_t", /*default=*/"65536",
           "Ops a loop must execute to be split over threads">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect",
                           "mlir::affine::AffineDialect", "mlir::arith::ArithDialect"];
}

def ReleaseDeadWeights : Pass<"sinter-release-dead-weights", "mlir::ModuleOp"> {
  let summary = "Free the bytes of weights no op refers to any more";
  let description = [{
    Large constants live in the context as resource blobs, which outlive the
    attributes that referred to them: every weight rewrite (a folded batch
    norm, a transposed or packed filter, merged branches) makes a new blob
    and leaves the old one allocated until the compiler exits. This pass
    empties every blob of the builtin dialect that no attribute in the
    module refers to, so that peak memory stays near one copy of the
    weights. Run it after passes that rewrite weights.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark with the number of weights and bytes freed">,
  ];
}

def ApproximateMath : Pass<"sinter-approximate-math"> {
  let summary = "Replace exp, tanh and friends by polynomial approximations";
  let description = [{
    tan and the hyperbolic functions are first expanded into exp, log and
    sqrt. Then exp, expm1, log, log1p, tanh, erf, sin, cos, atan, asin and
    acos on f32 (and on f16/bf16, computed in f32) become polynomial
    approximations: plain arithmetic that vectorizes, with no calls into
    libm. A power with a constant exponent of 0, ±0.5, ±1, 2, 3 or 4
    becomes multiplications, a square root or a division. f64 math, other
    pows and fmod stay libm calls (the shared library then depends on
    libm; with --device=cuda they are an error).
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::math::MathDialect",
    "mlir::vector::VectorDialect",
  ];
}

#endif // SINTER_COMPILER_CODEGEN_PASSES_TD
