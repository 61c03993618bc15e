import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Runs a typed operation over real HTTP. */
export async function httpExecute<R, V>(
  baseUrl: string,
  document: TypedDocumentNode<R, V>,
  variables?: V,
  token?: string,
): Promise<ExecutionResult<R>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as ExecutionResult<R>;
}

/** A graphql-ws client (graphql-transport-ws protocol) on the same path as HTTP. */
export function wsClient(baseUrl: string, token?: string): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Runs a typed operation over a graphql-ws client and resolves with its single result. */
export function wsExecute<R, V>(client: Client, document: TypedDocumentNode<R, V>, variables?: V): Promise<ExecutionResult<R>> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<R> | undefined;
    client.subscribe<R>(
      { query: print(document), variables: variables as Record<string, unknown> | undefined },
      {
        next: (value) => void (result = value as ExecutionResult<R>),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('no result'))),
      },
    );
  });
}
