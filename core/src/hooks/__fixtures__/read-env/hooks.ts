// Reads a secret from the environment.
export default {
  validate() {
    return [{ field: 'x', message: String(process.env.AUTH_SECRET) }];
  },
};
