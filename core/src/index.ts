// The public API of the core package, for the sandbox, scripts and tests. Plugins import
// `@egov/sdk` instead.
export { createApp, type App, type AppOptions } from './app.ts';
export { loadConfig, projectRoot, type Config } from './config.ts';
export { listen, type RunningServer } from './server.ts';
export { localDate } from './calendar/working-time.ts';
export { canonicalJson, digestManifest, digestPackage, insideFolder, ManifestError } from './catalog/plugin-loader.ts';
export { evaluateManifest, HookFailure, ManifestLoadError, runValidateHook, type PluginBundle } from './hooks/hook-runner.ts';
export {
  ArtifactError,
  ArtifactStore,
  readArtifactFolder,
  writeArtifactFolder,
  type Artifact,
  type ArtifactIndex,
} from './plugin-artifact/artifact.ts';
export { bundleModule, BundleError, type Bundle } from './plugin-artifact/bundler.ts';
export {
  assembleArtifact,
  buildPluginPackage,
  bundlePackageModule,
  formFiles,
  packageEntry,
  readPackageJson,
  type BuiltPackage,
  type PackageJson,
} from './plugin-artifact/build.ts';
export { schema as baseSchema } from './schema.ts';
export {
  coreNameClashes,
  CoreNameClashError,
  formInputType,
  generatedNames,
  schemaWithServices,
  serviceTypeName,
  type CoreNameClash,
} from './catalog/form-schema.ts';
export { installPluginVersion } from './catalog/install.ts';
export {
  appendixII,
  checkCatalog,
  checkCategory,
  checkOutcome,
  checkTitle,
  formatNoticeDate,
  isCheckId,
  localizeCheck,
  localizeReport,
  recommendations,
  reportVerdict,
  type Assessment,
  type CheckCategory,
  type CheckDefinition,
  type CheckId,
  type CheckOutcome,
  type CheckResult,
  type IntegrationRequestInfo,
  type Language,
  type Recommendations,
  type SandboxReport,
  type Severity,
} from './plugin-pipeline/report.ts';
