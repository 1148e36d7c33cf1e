/**
 * Tracing preload: the first import of src/main.ts, so the OpenTelemetry instrumentations of
 * http, graphql and pg can hook `require` before those modules load. With neither
 * OTEL_EXPORTER_OTLP_ENDPOINT nor OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set this loads nothing more
 * (tracing off, and free); otherwise src/infra/tracing-sdk.ts starts the SDK, exporting spans
 * over OTLP/HTTP (JSON).
 */
import { ConfigError, readTracingConfig } from '../config/config';

interface TracingHandle {
  shutdown(): Promise<void>;
}

let handle: TracingHandle | null = null;

try {
  const tracing = readTracingConfig();
  if (tracing) {
    // Loaded only when asked for: no OpenTelemetry SDK in a process that does not trace.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
    handle = sdk.startTracing(tracing);
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

/** Whether spans are being exported. */
export function tracingEnabled(): boolean {
  return handle !== null;
}

/** Flushes and stops the exporter (main.ts, on shutdown); nothing when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const h = handle;
  handle = null;
  await h?.shutdown();
}
