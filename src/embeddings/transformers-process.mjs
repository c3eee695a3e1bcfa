// Runs @xenova/transformers (an ES module) in a child process of the service: inference never
// blocks the service's event loop, an ONNX runtime failure cannot take the service down, and the
// model is loaded once for the life of the service process. Messages are handled one at a time;
// the process exits when its parent goes away. Protocol: see transformers-embedder.ts.
let extractor;
let queue = Promise.resolve();

async function load(msg) {
  const { env, pipeline } = await import('@xenova/transformers');
  env.allowLocalModels = true;
  env.localModelPath = msg.localModelPath;
  env.allowRemoteModels = msg.allowRemote;
  env.cacheDir = msg.cacheDir;
  env.useBrowserCache = false;
  extractor = await pipeline('feature-extraction', msg.model, {
    quantized: true,
    revision: msg.revision,
  });
  if (msg.maxTokens) extractor.tokenizer.model_max_length = msg.maxTokens;
  const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
  return {
    type: 'loaded',
    dimension: probe.dims[1],
    maxTokens: extractor.tokenizer.model_max_length,
  };
}

async function embed(msg) {
  const out = await extractor(msg.texts, { pooling: 'mean', normalize: true });
  const data = out.data instanceof Float32Array ? out.data : Float32Array.from(out.data);
  return { type: 'embedded', id: msg.id, data, rows: out.dims[0], dimension: out.dims[1] };
}

process.on('message', (msg) => {
  queue = queue.then(async () => {
    try {
      process.send(msg.type === 'load' ? await load(msg) : await embed(msg));
    } catch (error) {
      process.send({ type: 'error', id: msg.id, message: String(error?.message ?? error) });
    }
  });
});
process.on('disconnect', () => process.exit(0));
