/** What the registry refused, each with the input it names; a thrown error as a plain alert. */
import type { WriteResult } from './use-write';

export function WriteOutcome({ result, success }: { result: WriteResult<unknown> | null; success?: string }) {
  if (!result) return null;
  if (result.failure) {
    return (
      <div className="state state-error" role="alert">
        <strong>Not done.</strong> {result.failure}
      </div>
    );
  }
  if (result.errors.length) {
    return (
      <div className="state state-error" role="alert" data-testid="write-errors">
        <strong>Not done: nothing was written.</strong>
        <ul>
          {result.errors.map((e, i) => (
            <li key={i}>
              {e.message}{' '}
              <span className="muted small">
                ({e.code}
                {e.path.length ? ` at ${e.path.join('.')}` : ''})
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return success ? (
    <p className="write-done" role="status">
      {success}
    </p>
  ) : null;
}
