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
    "\n  mutation SubmitDossier($input: SubmitDossierInput!) {\n    submitDossier(input: $input) { created dossier { code status receptionDueAt } }\n  }\n": typeof types.SubmitDossierDocument,
    "\n  mutation RequestSupplement($code: String!, $reason: String!) {\n    requestSupplement(code: $code, reason: $reason) { dossier { status } }\n  }\n": typeof types.RequestSupplementDocument,
    "\n  mutation SubmitSupplement($code: String!, $formData: JSON!) {\n    submitSupplement(code: $code, formData: $formData) { dossier { status receptionDueAt } }\n  }\n": typeof types.SubmitSupplementDocument,
    "\n  mutation ReceiveDossier($code: String!, $departmentCode: String) {\n    receiveDossier(code: $code, departmentCode: $departmentCode) { dossier { status receivedAt processingDueAt } }\n  }\n": typeof types.ReceiveDossierDocument,
    "\n  mutation StartProcessing($code: String!) {\n    startProcessing(code: $code) { dossier { status } }\n  }\n": typeof types.StartProcessingDocument,
    "\n  mutation CompleteProcessing($code: String!, $input: ProcessingResultInput!) {\n    completeProcessing(code: $code, input: $input) { dossier { status resultUrl } }\n  }\n": typeof types.CompleteProcessingDocument,
    "\n  mutation DeliverResult($code: String!, $method: DeliveryMethod) {\n    deliverResult(code: $code, method: $method) { dossier { status deliveredAt } }\n  }\n": typeof types.DeliverResultDocument,
    "\n  query Dossier($code: String!) {\n    dossier(code: $code) {\n      code status overdue receptionDueAt processingDueAt resultUrl\n      history { seq type status actor note at }\n    }\n  }\n": typeof types.DossierDocument,
    "\n  subscription DossierStatusChanged($code: String!) {\n    dossierStatusChanged(code: $code) { dossierCode seq type status at actor note }\n  }\n": typeof types.DossierStatusChangedDocument,
    "\n  mutation RecordStatistics($input: ProcedureStatisticInput!) {\n    recordProcedureStatistics(input: $input) { procedureCode year inPerson }\n  }\n": typeof types.RecordStatisticsDocument,
    "\n  mutation FileIntegrationRequest($input: IntegrationRequestInput!) {\n    fileIntegrationRequest(input: $input) { request { id kind status version dueAt } }\n  }\n": typeof types.FileIntegrationRequestDocument,
    "\n  mutation CheckIntegrationRequest($id: ID!) {\n    checkIntegrationRequest(requestId: $id) { request { id status } }\n  }\n": typeof types.CheckIntegrationRequestDocument,
    "\n  mutation PromotePlugin($id: ID!) {\n    promotePlugin(requestId: $id) { request { id status } }\n  }\n": typeof types.PromotePluginDocument,
    "\n  mutation AcceptIntegration($id: ID!, $note: String!) {\n    acceptIntegration(requestId: $id, note: $note) { request { status } }\n  }\n": typeof types.AcceptIntegrationDocument,
    "\n  mutation AnnounceService($id: ID!, $note: String!) {\n    announceService(requestId: $id, note: $note) { request { status } }\n  }\n": typeof types.AnnounceServiceDocument,
    "\n  mutation RetireService($id: ID!) {\n    retireService(requestId: $id) { request { status } }\n  }\n": typeof types.RetireServiceDocument,
    "\n  query IntegrationRequest($id: ID!) {\n    integrationRequest(id: $id) {\n      id status dueAt overdue\n      report { verdict checks { id severity passed details } text(language: EN) }\n    }\n  }\n": typeof types.IntegrationRequestDocument,
    "\n  subscription IntegrationRequestUpdated($id: ID!) {\n    integrationRequestUpdated(id: $id) { requestId seq type status note check { id severity passed } }\n  }\n": typeof types.IntegrationRequestUpdatedDocument,
    "\n  query DossierService($code: String!) {\n    dossier(code: $code) { code status service { code version } }\n  }\n": typeof types.DossierServiceDocument,
};
const documents: Documents = {
    "\n  query Services($filter: ServiceFilter, $first: Int, $after: String) {\n    services(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          code\n          version\n          title\n          level\n          onlineMode\n          url\n          field\n          processingDays\n          agency { code name }\n          fees { name inPerson online }\n        }\n      }\n    }\n  }\n": types.ServicesDocument,
    "\n  query Service($code: String!) {\n    service(code: $code) {\n      code\n      level\n      forms { code title url }\n      form { title sections { key fields { key label type required } } }\n    }\n  }\n": types.ServiceDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) { token account { id email kind roles { role } } }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token expiresAt account { email kind } }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me { email fullName kind roles { role agency { code } } }\n  }\n": types.MeDocument,
    "\n  mutation SubmitDossier($input: SubmitDossierInput!) {\n    submitDossier(input: $input) { created dossier { code status receptionDueAt } }\n  }\n": types.SubmitDossierDocument,
    "\n  mutation RequestSupplement($code: String!, $reason: String!) {\n    requestSupplement(code: $code, reason: $reason) { dossier { status } }\n  }\n": types.RequestSupplementDocument,
    "\n  mutation SubmitSupplement($code: String!, $formData: JSON!) {\n    submitSupplement(code: $code, formData: $formData) { dossier { status receptionDueAt } }\n  }\n": types.SubmitSupplementDocument,
    "\n  mutation ReceiveDossier($code: String!, $departmentCode: String) {\n    receiveDossier(code: $code, departmentCode: $departmentCode) { dossier { status receivedAt processingDueAt } }\n  }\n": types.ReceiveDossierDocument,
    "\n  mutation StartProcessing($code: String!) {\n    startProcessing(code: $code) { dossier { status } }\n  }\n": types.StartProcessingDocument,
    "\n  mutation CompleteProcessing($code: String!, $input: ProcessingResultInput!) {\n    completeProcessing(code: $code, input: $input) { dossier { status resultUrl } }\n  }\n": types.CompleteProcessingDocument,
    "\n  mutation DeliverResult($code: String!, $method: DeliveryMethod) {\n    deliverResult(code: $code, method: $method) { dossier { status deliveredAt } }\n  }\n": types.DeliverResultDocument,
    "\n  query Dossier($code: String!) {\n    dossier(code: $code) {\n      code status overdue receptionDueAt processingDueAt resultUrl\n      history { seq type status actor note at }\n    }\n  }\n": types.DossierDocument,
    "\n  subscription DossierStatusChanged($code: String!) {\n    dossierStatusChanged(code: $code) { dossierCode seq type status at actor note }\n  }\n": types.DossierStatusChangedDocument,
    "\n  mutation RecordStatistics($input: ProcedureStatisticInput!) {\n    recordProcedureStatistics(input: $input) { procedureCode year inPerson }\n  }\n": types.RecordStatisticsDocument,
    "\n  mutation FileIntegrationRequest($input: IntegrationRequestInput!) {\n    fileIntegrationRequest(input: $input) { request { id kind status version dueAt } }\n  }\n": types.FileIntegrationRequestDocument,
    "\n  mutation CheckIntegrationRequest($id: ID!) {\n    checkIntegrationRequest(requestId: $id) { request { id status } }\n  }\n": types.CheckIntegrationRequestDocument,
    "\n  mutation PromotePlugin($id: ID!) {\n    promotePlugin(requestId: $id) { request { id status } }\n  }\n": types.PromotePluginDocument,
    "\n  mutation AcceptIntegration($id: ID!, $note: String!) {\n    acceptIntegration(requestId: $id, note: $note) { request { status } }\n  }\n": types.AcceptIntegrationDocument,
    "\n  mutation AnnounceService($id: ID!, $note: String!) {\n    announceService(requestId: $id, note: $note) { request { status } }\n  }\n": types.AnnounceServiceDocument,
    "\n  mutation RetireService($id: ID!) {\n    retireService(requestId: $id) { request { status } }\n  }\n": types.RetireServiceDocument,
    "\n  query IntegrationRequest($id: ID!) {\n    integrationRequest(id: $id) {\n      id status dueAt overdue\n      report { verdict checks { id severity passed details } text(language: EN) }\n    }\n  }\n": types.IntegrationRequestDocument,
    "\n  subscription IntegrationRequestUpdated($id: ID!) {\n    integrationRequestUpdated(id: $id) { requestId seq type status note check { id severity passed } }\n  }\n": types.IntegrationRequestUpdatedDocument,
    "\n  query DossierService($code: String!) {\n    dossier(code: $code) { code status service { code version } }\n  }\n": types.DossierServiceDocument,
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitDossier($input: SubmitDossierInput!) {\n    submitDossier(input: $input) { created dossier { code status receptionDueAt } }\n  }\n"): (typeof documents)["\n  mutation SubmitDossier($input: SubmitDossierInput!) {\n    submitDossier(input: $input) { created dossier { code status receptionDueAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestSupplement($code: String!, $reason: String!) {\n    requestSupplement(code: $code, reason: $reason) { dossier { status } }\n  }\n"): (typeof documents)["\n  mutation RequestSupplement($code: String!, $reason: String!) {\n    requestSupplement(code: $code, reason: $reason) { dossier { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitSupplement($code: String!, $formData: JSON!) {\n    submitSupplement(code: $code, formData: $formData) { dossier { status receptionDueAt } }\n  }\n"): (typeof documents)["\n  mutation SubmitSupplement($code: String!, $formData: JSON!) {\n    submitSupplement(code: $code, formData: $formData) { dossier { status receptionDueAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReceiveDossier($code: String!, $departmentCode: String) {\n    receiveDossier(code: $code, departmentCode: $departmentCode) { dossier { status receivedAt processingDueAt } }\n  }\n"): (typeof documents)["\n  mutation ReceiveDossier($code: String!, $departmentCode: String) {\n    receiveDossier(code: $code, departmentCode: $departmentCode) { dossier { status receivedAt processingDueAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartProcessing($code: String!) {\n    startProcessing(code: $code) { dossier { status } }\n  }\n"): (typeof documents)["\n  mutation StartProcessing($code: String!) {\n    startProcessing(code: $code) { dossier { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteProcessing($code: String!, $input: ProcessingResultInput!) {\n    completeProcessing(code: $code, input: $input) { dossier { status resultUrl } }\n  }\n"): (typeof documents)["\n  mutation CompleteProcessing($code: String!, $input: ProcessingResultInput!) {\n    completeProcessing(code: $code, input: $input) { dossier { status resultUrl } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeliverResult($code: String!, $method: DeliveryMethod) {\n    deliverResult(code: $code, method: $method) { dossier { status deliveredAt } }\n  }\n"): (typeof documents)["\n  mutation DeliverResult($code: String!, $method: DeliveryMethod) {\n    deliverResult(code: $code, method: $method) { dossier { status deliveredAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dossier($code: String!) {\n    dossier(code: $code) {\n      code status overdue receptionDueAt processingDueAt resultUrl\n      history { seq type status actor note at }\n    }\n  }\n"): (typeof documents)["\n  query Dossier($code: String!) {\n    dossier(code: $code) {\n      code status overdue receptionDueAt processingDueAt resultUrl\n      history { seq type status actor note at }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DossierStatusChanged($code: String!) {\n    dossierStatusChanged(code: $code) { dossierCode seq type status at actor note }\n  }\n"): (typeof documents)["\n  subscription DossierStatusChanged($code: String!) {\n    dossierStatusChanged(code: $code) { dossierCode seq type status at actor note }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordStatistics($input: ProcedureStatisticInput!) {\n    recordProcedureStatistics(input: $input) { procedureCode year inPerson }\n  }\n"): (typeof documents)["\n  mutation RecordStatistics($input: ProcedureStatisticInput!) {\n    recordProcedureStatistics(input: $input) { procedureCode year inPerson }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FileIntegrationRequest($input: IntegrationRequestInput!) {\n    fileIntegrationRequest(input: $input) { request { id kind status version dueAt } }\n  }\n"): (typeof documents)["\n  mutation FileIntegrationRequest($input: IntegrationRequestInput!) {\n    fileIntegrationRequest(input: $input) { request { id kind status version dueAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckIntegrationRequest($id: ID!) {\n    checkIntegrationRequest(requestId: $id) { request { id status } }\n  }\n"): (typeof documents)["\n  mutation CheckIntegrationRequest($id: ID!) {\n    checkIntegrationRequest(requestId: $id) { request { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PromotePlugin($id: ID!) {\n    promotePlugin(requestId: $id) { request { id status } }\n  }\n"): (typeof documents)["\n  mutation PromotePlugin($id: ID!) {\n    promotePlugin(requestId: $id) { request { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptIntegration($id: ID!, $note: String!) {\n    acceptIntegration(requestId: $id, note: $note) { request { status } }\n  }\n"): (typeof documents)["\n  mutation AcceptIntegration($id: ID!, $note: String!) {\n    acceptIntegration(requestId: $id, note: $note) { request { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnnounceService($id: ID!, $note: String!) {\n    announceService(requestId: $id, note: $note) { request { status } }\n  }\n"): (typeof documents)["\n  mutation AnnounceService($id: ID!, $note: String!) {\n    announceService(requestId: $id, note: $note) { request { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireService($id: ID!) {\n    retireService(requestId: $id) { request { status } }\n  }\n"): (typeof documents)["\n  mutation RetireService($id: ID!) {\n    retireService(requestId: $id) { request { status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegrationRequest($id: ID!) {\n    integrationRequest(id: $id) {\n      id status dueAt overdue\n      report { verdict checks { id severity passed details } text(language: EN) }\n    }\n  }\n"): (typeof documents)["\n  query IntegrationRequest($id: ID!) {\n    integrationRequest(id: $id) {\n      id status dueAt overdue\n      report { verdict checks { id severity passed details } text(language: EN) }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IntegrationRequestUpdated($id: ID!) {\n    integrationRequestUpdated(id: $id) { requestId seq type status note check { id severity passed } }\n  }\n"): (typeof documents)["\n  subscription IntegrationRequestUpdated($id: ID!) {\n    integrationRequestUpdated(id: $id) { requestId seq type status note check { id severity passed } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DossierService($code: String!) {\n    dossier(code: $code) { code status service { code version } }\n  }\n"): (typeof documents)["\n  query DossierService($code: String!) {\n    dossier(code: $code) { code status service { code version } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;