import { describe, expect, it } from 'vitest';
import { buildSchema, printSchema, validateSchema } from 'graphql';
import judicialRecord from '../../../plugins/judicial-record/src/index.ts';
import { schema } from '../schema.ts';
import type { ServiceManifest } from '@egov/sdk';
import { coreNameClashes, CoreNameClashError, schemaWithServices, serviceTypeName } from './form-schema.ts';

const manifest = judicialRecord as unknown as ServiceManifest;

describe('typed service inputs', () => {
  it('names types after the procedure code, valid for GraphQL even when the code starts with a digit', () => {
    expect(serviceTypeName('DNG-STP-LLTP-01')).toBe('DngStpLltp01');
    expect(serviceTypeName('1.001193')).toBe('P1001193');
    const built = schemaWithServices(schema, [{ ...manifest, code: '1.001193' }]);
    expect(validateSchema(built)).toEqual([]);
    expect(built.getMutationType()!.getFields().submitP1001193).toBeDefined();
  });

  it('refuses two services whose codes would give the same type name', () => {
    expect(() => schemaWithServices(schema, [manifest, { ...manifest, code: 'DNG-STP-LLTP01' }])).toThrow(
      'DNG-STP-LLTP01 and DNG-STP-LLTP-01 would both be named DngStpLltp01FormInput',
    );
  });

  it.each([
    ['DOSSIER', 'submitDossier', 'Mutation.submitDossier'],
    ['SUPPLEMENT', 'submitSupplement', 'Mutation.submitSupplement'],
    // Equal but for case: refused too, so that no generated name reads as a core one.
    ['DOSSIER-PAYLOAD', 'submitDossierPayload', 'type SubmitDossierPayload'],
  ])('refuses the code %s, whose %s touches %s, and leaves the core API as it was', (code, generated, core) => {
    const before = printSchema(schema);
    expect(coreNameClashes(schema, { ...manifest, code })).toEqual([{ generated, core }]);
    expect(() => schemaWithServices(schema, [manifest, { ...manifest, code }])).toThrow(CoreNameClashError);
    expect(() => schemaWithServices(schema, [{ ...manifest, code }])).toThrow(
      `${code} would add ${generated}, which touches the core API's ${core}`,
    );
    expect(printSchema(schema)).toBe(before);
  });

  it('compares the generated input type with every core type name', () => {
    const base = buildSchema('type Query { services: Int } input DngLltpFormInput { a: Int }');
    expect(coreNameClashes(base, { ...manifest, code: 'DNG-LLTP' })).toEqual([
      { generated: 'DngLltpFormInput', core: 'type DngLltpFormInput' },
    ]);
    expect(coreNameClashes(base, { ...manifest, code: 'DNG-LLTP-01' })).toEqual([]);
    expect(coreNameClashes(base, { ...manifest, code: 'DNG-LLTP', form: undefined })).toEqual([]); // no e-form, no generated names
  });
});
