import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './calendar/calendar.graphql.ts';
import './dossier/dossier.graphql.ts';
import './catalog/agency.graphql.ts';
import './catalog/service.graphql.ts';
import './identity/account.graphql.ts';
import './plugin-pipeline/integration.graphql.ts';
import './plugin-pipeline/operations.graphql.ts';
import './procedures/procedure.graphql.ts';

export const schema = builder.toSchema({ sortSchema: false });

/** The SDL committed as schema/schema.graphql; sorted so it only changes when the API does. */
export const printSdl = () => `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;
