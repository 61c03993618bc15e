import judicialRecord from '../../../plugins/judicial-record/src/index.ts';
import type { TestApp } from './test-app.ts';

/**
 * A PDF upload whose bytes differ every time, so the file store's de-duplication can hide
 * nothing a test looks for.
 */
export function pdfFile(name = 'cccd.pdf', size = 2000): File {
  const bytes = new Uint8Array(size);
  crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65536)));
  bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37].slice(0, size)); // %PDF-1.7
  return new File([bytes], name, { type: 'application/pdf' });
}

/** The judicial-record service's accepted fixture, without its attachment (sent as an upload). */
export const judicialRecordForm: Record<string, unknown> = (() => {
  const { identityScan: _upload, ...formData } = judicialRecord.fixtures[0]!.formData;
  return formData;
})();

/** The input that files a judicial-record dossier, its identity scan as upload 0. */
export const judicialRecordInput = (extra: Record<string, unknown> = {}) => ({
  serviceCode: 'DNG-STP-LLTP-01',
  formData: judicialRecordForm,
  attachments: [{ field: 'identityScan', file: null }],
  ...extra,
});

export const SUBMIT_DOSSIER = /* GraphQL */ `mutation ($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`;

/** Files a judicial-record dossier as `token` and returns its code; throws on any error. */
export async function submitJudicialRecord(app: TestApp, token: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { data, errors } = await app.upload<{ submitDossier: { dossier: { code: string } } }>(
    SUBMIT_DOSSIER,
    { input: judicialRecordInput(extra) },
    { 'input.attachments.0.file': pdfFile() },
    token,
  );
  if (errors || !data) throw new Error(`submission failed: ${JSON.stringify(errors)}`);
  return data.submitDossier.dossier.code;
}
