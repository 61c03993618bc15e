// Compiles code from a string with the Function constructor.
export default {
  validate() {
    return [{ field: 'x', message: String(new Function('return 1')()) }];
  },
};
