// The entry of the SDK a hooks module imports (`@egov/sdk/hooks`): no dependencies, so
// the bundled module a worker loads stays small.
import type { FieldError } from './form.ts';

/** What a hook may know besides the form data. */
export interface HookContext {
  /** Today in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  today: string;
}

/** A problem a validation hook reports; `field` is a key of the e-form. */
export type HookFieldError = Pick<FieldError, 'field' | 'message'> & { code?: string };

export interface ServiceHooks {
  /**
   * Checks a submission after the e-form's own rules passed; returns the problems, none when
   * it is acceptable. Runs in an isolated worker with a time limit (2 s) and a memory limit;
   * it receives only the form data and the context, and may return only data.
   */
  validate?(formData: Record<string, unknown>, context: HookContext): HookFieldError[] | Promise<HookFieldError[]>;
}

/** Declares a plugin's hooks: the default export of the module the manifest's `hooks` names. */
export function defineHooks<const H extends ServiceHooks>(hooks: H): H {
  return hooks;
}
