import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentValue } from '@egov/sdk';
import { sha256Of } from '../catalog/plugin-loader.ts';

/** Leading bytes of the media types dossiers accept; a file must be what it says it is. */
const signatures: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

/** Why the bytes are not of the declared media type, or null. Types we cannot recognise pass. */
export function contentProblem(bytes: Uint8Array, mediaType: string): string | null {
  const signature = signatures[mediaType];
  if (!signature) return null;
  return signature.every((b, i) => bytes[i] === b) ? null : `the content is not ${mediaType}`;
}

/** Files stored by their SHA-256 under one folder: the same content is stored once. */
export class FileStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    const path = join(this.dir, sha256.slice(0, 2), sha256);
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      return sha256;
    // Citizens' documents: readable by the server's own user only (plugin runners run as another
    // user where the host allows, see RunnerPool).
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    // A name of its own per write: two uploads of the same content at once (two fields of one
    // dossier) each write their copy, and whichever renames last replaces identical bytes.
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, path);
    return sha256;
  }

  path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}

export interface Upload {
  field: string;
  file: File;
}

export type StoredUpload = AttachmentValue & { field: string; sha256: string };
