// Installs V8's stack trace hook, which hands out the frames (and their `this`) of every caller.
export default {
  validate() {
    (Error as { prepareStackTrace?: (error: Error, frames: unknown[]) => unknown }).prepareStackTrace = (_, frames) => frames;
    return [{ field: 'x', message: String(new Error('frames').stack) }];
  },
};
