import { describe, expect, it } from 'vitest';
import { validateSchema } from 'graphql';
import judicialRecord from '../../../plugins/judicial-record/src/index.ts';
import { schema } from '../schema.ts';
import type { ServiceManifest } from '../sdk/index.ts';
import { schemaWithServices, serviceTypeName } from './form-schema.ts';

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
});
