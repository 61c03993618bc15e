// Runs one hook of a plugin package inside a worker thread (see hook-runner.ts): the hooks
// module comes bundled as one JavaScript file. Plain JavaScript so that Node can start it
// anywhere. The worker receives only data and may answer only data (structured clone).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { file, hook, args } = workerData;
try {
  const module = await import(pathToFileURL(file).href);
  const hooks = module.default;
  if (!hooks || typeof hooks[hook] !== 'function') {
    parentPort.postMessage({ ok: true, missing: true });
  } else {
    const value = await hooks[hook](...args);
    parentPort.postMessage({ ok: true, value });
  }
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
