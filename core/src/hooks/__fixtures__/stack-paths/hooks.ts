// Reads the stack of an error, which would name the files of whatever called it (the host's paths).
export default {
  validate() {
    const stack = new Error('where am I').stack;
    let thrown = '';
    try {
      JSON.parse('{');
    } catch (error) {
      thrown = String((error as Error).stack);
    }
    return [{ field: 'stack', message: `${stack} | ${thrown}` }];
  },
};
