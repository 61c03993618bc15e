import type { HookContext, HookFieldError } from '@egov/sdk';
import { runValidateHook, type HookLimits } from '../hooks/hook-runner.ts';
import { bundlePackageModule, loadEntry } from '../plugin-artifact/build.ts';

/** Bundles a package's hooks module (confined, as the sandbox does) and runs its validate hook in a runner. */
export async function validateWith(
  packageDir: string,
  hooksFile: string,
  formData: Record<string, unknown>,
  context: HookContext,
  limits?: HookLimits,
): Promise<HookFieldError[]> {
  return runValidateHook(await bundlePackageModule(packageDir, hooksFile), formData, context, limits);
}

/** Bundles a package's manifest entry (confined) and evaluates it in a runner: its default export as data. */
export async function loadManifestIsolated(packageDir: string, entry: string, limits?: HookLimits): Promise<unknown> {
  return (await loadEntry(packageDir, entry, limits)).exported;
}
