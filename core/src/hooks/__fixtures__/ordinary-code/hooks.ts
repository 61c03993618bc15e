// What ordinary hook code does, which must keep working in the locked-down context: an error
// class that sets its name, an object given its own `toString`, async code, collections,
// dates, Intl and JSON.
class RuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleError';
  }
}

export default {
  async validate(formData: Record<string, unknown>) {
    const error = new RuleError('checked');
    const labelled: { toString(): string } = {};
    labelled.toString = () => 'labelled';
    const codes = new Map([['a', 1]]);
    const day = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date(Date.UTC(2026, 0, 1)));
    const answer = await Promise.resolve(JSON.stringify({ name: error.name, label: String(labelled), codes: [...codes.keys()], day }));
    return [{ field: 'summary', message: `${answer} ${JSON.stringify(formData)}` }];
  },
};
