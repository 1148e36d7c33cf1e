/**
 * One write from the explorer: the mutation with an idempotency key the UI generates, so a double
 * click (or a retried request) writes once. The key belongs to one intent: it is kept until the
 * write succeeds, then a new one is drawn for the next. Payload errors come back as data.
 */
import { useCallback, useRef, useState } from 'react';
import { useMutation, type TypedDocumentNode } from 'urql';

export interface InputError {
  path: readonly string[];
  message: string;
  code: string;
}

/** The alphabet the API accepts: 1-200 of letters, digits, ".", "_", ":" and "-". */
export function newIdempotencyKey(operation: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `ui:${operation}:${hex}`;
}

export interface WriteResult<P> {
  /** the payload's object when the write succeeded */
  value: P | null;
  errors: InputError[];
  /** a thrown GraphQL or network error (FORBIDDEN, UNAUTHENTICATED, unreachable) */
  failure: string | null;
}

/**
 * `payloadOf` picks the mutation's payload ({ errors, <object> }) from the response data and
 * `valueOf` the changed object from it.
 */
export function useWrite<Data, Input extends { idempotencyKey?: string | null }, Payload extends { errors: readonly InputError[] }, Value>(
  operation: string,
  document: TypedDocumentNode<Data, { input: Input }>,
  payloadOf: (data: Data) => Payload,
  valueOf: (payload: Payload) => Value | null | undefined,
) {
  const [state, execute] = useMutation(document);
  const key = useRef(newIdempotencyKey(operation));
  const [last, setLast] = useState<WriteResult<Value> | null>(null);

  const run = useCallback(
    async (input: Omit<Input, 'idempotencyKey'>): Promise<WriteResult<Value>> => {
      const response = await execute({ input: { ...input, idempotencyKey: key.current } as Input });
      let result: WriteResult<Value>;
      if (response.error || !response.data) {
        const message = response.error?.graphQLErrors.length
          ? response.error.graphQLErrors.map((e) => e.message).join(' ')
          : (response.error?.networkError?.message ?? 'The registry did not answer.');
        result = { value: null, errors: [], failure: message };
      } else {
        const payload = payloadOf(response.data);
        result = { value: payload.errors.length ? null : (valueOf(payload) ?? null), errors: [...payload.errors], failure: null };
        if (!payload.errors.length) key.current = newIdempotencyKey(operation);
      }
      setLast(result);
      return result;
    },
    [execute, operation, payloadOf, valueOf],
  );

  const reset = useCallback(() => setLast(null), []);
  return { run, fetching: state.fetching, last, reset };
}

/** Errors at this input path (or under it), for showing beside a field. */
export const errorsAt = (errors: readonly InputError[] | undefined, ...path: string[]): InputError[] =>
  (errors ?? []).filter((e) => path.every((p, i) => e.path[i] === p));
