// Looks `process` up on the global object, then asks for a native binding.
export default {
  validate() {
    const found = globalThis.process as unknown as { binding(name: string): unknown };
    return [{ field: 'x', message: String(found.binding('fs')) }];
  },
};
