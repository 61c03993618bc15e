// The public API of the core package, for the sandbox, scripts and tests. Plugins import
// `@egov/core/sdk` instead.
export { createApp, type App, type AppOptions } from './app.ts';
export { loadConfig, projectRoot, type Config } from './config.ts';
export { listen, type RunningServer } from './server.ts';
export { canonicalJson, digestManifest, digestPackage, loadPluginPackage, ManifestError, type LoadedPlugin } from './catalog/plugin-loader.ts';
export { HookFailure, runValidateHook } from './hooks/hook-runner.ts';
