import { graphql } from './gql/index.js';

export const ServicesQuery = graphql(`
  query Services($filter: ServiceFilter, $first: Int, $after: String) {
    services(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          code
          version
          title
          level
          onlineMode
          url
          field
          processingDays
          agency { code name }
          fees { name inPerson online }
        }
      }
    }
  }
`);

export const ServiceQuery = graphql(`
  query Service($code: String!) {
    service(code: $code) {
      code
      level
      forms { code title url }
      form { title sections { key fields { key label type required } } }
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) { token account { id email kind roles { role } } }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { token expiresAt account { email kind } }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me { email fullName kind roles { role agency { code } } }
  }
`);

export const SubmitDossierMutation = graphql(`
  mutation SubmitDossier($input: SubmitDossierInput!) {
    submitDossier(input: $input) { created dossier { code status receptionDueAt } }
  }
`);

export const RequestSupplementMutation = graphql(`
  mutation RequestSupplement($code: String!, $reason: String!) {
    requestSupplement(code: $code, reason: $reason) { dossier { status } }
  }
`);

export const SubmitSupplementMutation = graphql(`
  mutation SubmitSupplement($code: String!, $formData: JSON!) {
    submitSupplement(code: $code, formData: $formData) { dossier { status receptionDueAt } }
  }
`);

export const ReceiveDossierMutation = graphql(`
  mutation ReceiveDossier($code: String!, $departmentCode: String) {
    receiveDossier(code: $code, departmentCode: $departmentCode) { dossier { status receivedAt processingDueAt } }
  }
`);

export const StartProcessingMutation = graphql(`
  mutation StartProcessing($code: String!) {
    startProcessing(code: $code) { dossier { status } }
  }
`);

export const CompleteProcessingMutation = graphql(`
  mutation CompleteProcessing($code: String!, $input: ProcessingResultInput!) {
    completeProcessing(code: $code, input: $input) { dossier { status resultUrl } }
  }
`);

export const DeliverResultMutation = graphql(`
  mutation DeliverResult($code: String!, $method: DeliveryMethod) {
    deliverResult(code: $code, method: $method) { dossier { status deliveredAt } }
  }
`);

export const DossierQuery = graphql(`
  query Dossier($code: String!) {
    dossier(code: $code) {
      code status overdue receptionDueAt processingDueAt resultUrl
      history { seq type status actor note at }
    }
  }
`);

export const DossierStatusChangedSubscription = graphql(`
  subscription DossierStatusChanged($code: String!) {
    dossierStatusChanged(code: $code) { dossierCode seq type status at actor note }
  }
`);

export const RecordStatisticsMutation = graphql(`
  mutation RecordStatistics($input: ProcedureStatisticInput!) {
    recordProcedureStatistics(input: $input) { procedureCode year inPerson }
  }
`);

export const FileIntegrationRequestMutation = graphql(`
  mutation FileIntegrationRequest($input: IntegrationRequestInput!) {
    fileIntegrationRequest(input: $input) { request { id kind status version dueAt } }
  }
`);

export const CheckIntegrationRequestMutation = graphql(`
  mutation CheckIntegrationRequest($id: ID!) {
    checkIntegrationRequest(requestId: $id) { request { id status } }
  }
`);

export const PromotePluginMutation = graphql(`
  mutation PromotePlugin($id: ID!) {
    promotePlugin(requestId: $id) { request { id status } }
  }
`);

export const AcceptIntegrationMutation = graphql(`
  mutation AcceptIntegration($id: ID!, $note: String!) {
    acceptIntegration(requestId: $id, note: $note) { request { status } }
  }
`);

export const AnnounceServiceMutation = graphql(`
  mutation AnnounceService($id: ID!, $note: String!) {
    announceService(requestId: $id, note: $note) { request { status } }
  }
`);

export const RetireServiceMutation = graphql(`
  mutation RetireService($id: ID!) {
    retireService(requestId: $id) { request { status } }
  }
`);

export const IntegrationRequestQuery = graphql(`
  query IntegrationRequest($id: ID!) {
    integrationRequest(id: $id) {
      id status dueAt overdue
      report { verdict checks { id severity passed details } text(language: EN) }
    }
  }
`);

export const IntegrationRequestUpdatedSubscription = graphql(`
  subscription IntegrationRequestUpdated($id: ID!) {
    integrationRequestUpdated(id: $id) { requestId seq type status note check { id severity passed } }
  }
`);

export const DossierServiceQuery = graphql(`
  query DossierService($code: String!) {
    dossier(code: $code) { code status service { code version } }
  }
`);
