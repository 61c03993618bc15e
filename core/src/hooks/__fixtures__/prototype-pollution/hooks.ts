// Adds a property every object of the realm would inherit.
export default {
  validate() {
    (Object.prototype as Record<string, unknown>).polluted = 1;
    return [];
  },
};
