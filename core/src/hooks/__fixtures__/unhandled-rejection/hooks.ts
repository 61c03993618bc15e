// Leaves a rejection unhandled whose reason has a custom inspect function, which Node's own
// handling of a stray error may call with objects of the worker's realm: the worker must end
// the call itself instead.
const inspect = Symbol.for('nodejs.util.inspect.custom');

export default {
  validate() {
    void Promise.reject({
      stack: 'not an error',
      [inspect]: (_depth: number, options: object) => `escaped: ${typeof options.constructor.constructor('return process')()}`,
    });
    return [];
  },
};
