// Reaches `fs` without importing it, through `process.getBuiltinModule`.
export default {
  validate() {
    const fs = process.getBuiltinModule('fs');
    return [{ field: 'x', message: fs.readFileSync('/etc/passwd', 'utf8').slice(0, 20) }];
  },
};
