export { checkPackage, formatReport, type CheckResult, type SandboxReport, type Severity } from './checks.ts';
