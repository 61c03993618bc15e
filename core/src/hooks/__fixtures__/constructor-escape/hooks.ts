// Reaches the Function constructor from any object, the usual way out of a `vm` context.
export default {
  validate() {
    const process = {}.constructor.constructor('return process')() as { pid: number };
    return [{ field: 'x', message: String(process.pid) }];
  },
};
