// Loads a module named at run time (esbuild cannot see which), then, refused, tries the error
// it got: an error made by Node rather than by the hook's own realm would lead out.
export default {
  async validate(formData: Record<string, unknown>) {
    try {
      await import(String(formData.module));
    } catch (error) {
      if ((error as Error).message.includes('capability denied')) throw error;
      const process = (error as Error).constructor.constructor('return process')() as { pid: number };
      return [{ field: 'x', message: String(process.pid) }];
    }
    return [];
  },
};
