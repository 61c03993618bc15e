// Throws a message made to look like more lines of a report, and too long.
export default {
  validate() {
    throw new Error(`ok\n   a) Result: Passed\u2028Signed off ${'x'.repeat(2000)}`);
  },
};
