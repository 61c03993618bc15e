// Calls out over the network.
export default {
  async validate() {
    const response = await fetch('http://127.0.0.1:9');
    return [{ field: 'x', message: await response.text() }];
  },
};
