import { readFileSync } from 'node:fs';

// Reads the server's password file through a Node built-in.
export default {
  validate() {
    return [{ field: 'x', message: readFileSync('/etc/passwd', 'utf8').slice(0, 20) }];
  },
};
