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
