/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Services($filter: ServiceFilter, $first: Int, $after: String) {\n    services(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code\n          version\n          title\n          level\n          onlineMode\n          url\n          field\n          processingDays\n          agency { code name }\n          fees { name inPerson online }\n        }\n      }\n    }\n  }\n": typeof types.ServicesDocument,
    "\n  query Service($code: String!) {\n    service(code: $code) {\n      code\n      level\n      forms { code title url }\n      form { title sections { key fields { key label type required } } }\n    }\n  }\n": typeof types.ServiceDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { token account { id email kind roles { role } } }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token expiresAt account { email kind } }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me { email fullName kind roles { role agency { code } } }\n  }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  query Services($filter: ServiceFilter, $first: Int, $after: String) {\n    services(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code\n          version\n          title\n          level\n          onlineMode\n          url\n          field\n          processingDays\n          agency { code name }\n          fees { name inPerson online }\n        }\n      }\n    }\n  }\n": types.ServicesDocument,
    "\n  query Service($code: String!) {\n    service(code: $code) {\n      code\n      level\n      forms { code title url }\n      form { title sections { key fields { key label type required } } }\n    }\n  }\n": types.ServiceDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { token account { id email kind roles { role } } }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token expiresAt account { email kind } }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me { email fullName kind roles { role agency { code } } }\n  }\n": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Services($filter: ServiceFilter, $first: Int, $after: String) {\n    services(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code\n          version\n          title\n          level\n          onlineMode\n          url\n          field\n          processingDays\n          agency { code name }\n          fees { name inPerson online }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Services($filter: ServiceFilter, $first: Int, $after: String) {\n    services(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code\n          version\n          title\n          level\n          onlineMode\n          url\n          field\n          processingDays\n          agency { code name }\n          fees { name inPerson online }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Service($code: String!) {\n    service(code: $code) {\n      code\n      level\n      forms { code title url }\n      form { title sections { key fields { key label type required } } }\n    }\n  }\n"): (typeof documents)["\n  query Service($code: String!) {\n    service(code: $code) {\n      code\n      level\n      forms { code title url }\n      form { title sections { key fields { key label type required } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { token account { id email kind roles { role } } }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { token account { id email kind roles { role } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token expiresAt account { email kind } }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token expiresAt account { email kind } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { email fullName kind roles { role agency { code } } }\n  }\n"): (typeof documents)["\n  query Me {\n    me { email fullName kind roles { role agency { code } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;