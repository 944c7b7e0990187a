// ort_bench.js MODEL.onnx THREADS RUNS INPUT.npy... --expect OUTPUT.npy
//
// Times ONNX Runtime (CPU, all graph optimizations, THREADS intra-op
// threads) on the model: 5 warm-up runs and at least one second of them,
// then RUNS timed runs; checks its first output against OUTPUT.npy
// (|ort - torch| <= 1e-4 + 1e-3 |torch|). Prints one JSON line.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));

function readNpy(file) {
  const bytes = fs.readFileSync(file);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.toString('latin1', 10, 10 + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (descr !== '<f4') throw new Error(`${file}: only float32 .npy files, got ${descr}`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)[1]
      .split(',').map((s) => s.trim()).filter((s) => s.length).map(Number);
  const start = 10 + headerLength;
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start,
                                                   bytes.byteOffset + bytes.length));
  return new ort.Tensor('float32', data, dims);
}

async function main() {
  const args = process.argv.slice(2);
  const expectAt = args.indexOf('--expect');
  const expected = readNpy(args[expectAt + 1]);
  const [modelPath, threads, runs, ...inputFiles] = args.slice(0, expectAt);
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = readNpy(inputFiles[i]); });
  let result;
  const warmStart = process.hrtime.bigint();
  for (let i = 0; i < 5 || Number(process.hrtime.bigint() - warmStart) < 1e9; ++i)
    result = await session.run(feeds);
  if (global.gc) global.gc();
  const times = [];
  for (let i = 0; i < Number(runs); ++i) {
    const start = process.hrtime.bigint();
    result = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const got = result[session.outputNames[0]].data;
  let maxAbs = 0, ok = got.length === expected.data.length;
  for (let i = 0; ok && i < got.length; ++i) {
    const diff = Math.abs(got[i] - expected.data[i]);
    maxAbs = Math.max(maxAbs, diff);
    if (!(diff <= 1e-4 + 1e-3 * Math.abs(expected.data[i]))) ok = false;
  }
  console.log(JSON.stringify({median_ms: times[times.length >> 1], min_ms: times[0],
                              max_abs_error: maxAbs, matches: ok}));
}

main().catch((error) => { console.error(`ort_bench: ${error.message}`); process.exit(1); });
