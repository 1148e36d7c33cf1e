/**
 * The OpenTelemetry SDK, loaded by src/infra/tracing.ts only when tracing is configured: spans of
 * incoming HTTP requests, GraphQL parse/validate/execute and pg queries, batched and exported over
 * OTLP/HTTP with JSON bodies.
 *
 * Nothing secret goes into a span: no query string of an HTTP request (GraphQL GET requests carry
 * variables there), no header, GraphQL documents with their literal values masked
 * (`allowValues: false`), no resolver spans, SQL text redacted like the SQL log (string literals of
 * restricted-table queries removed) and never query parameters (`enhancedDatabaseReporting: false`).
 */
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingConfig } from '../config/config';
import { redactQueryText } from './sql-logger';

const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function pathOf(url: string | undefined): string {
  const q = (url ?? '').indexOf('?');
  return q < 0 ? (url ?? '') : url!.slice(0, q);
}

export function startTracing(config: TracingConfig): { shutdown(): Promise<void> } {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }), { scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(pathOf(req.url)),
        // The exporter's own requests are not traced either.
        ignoreOutgoingRequestHook: () => true,
        requestHook: (span, request) => {
          const url = (request as IncomingMessage).url;
          if (url === undefined || !url.includes('?')) return;
          const path = pathOf(url);
          span.setAttribute('url.query', 'REDACTED');
          span.setAttribute('http.target', path);
          span.setAttribute('http.url', path);
        },
      }),
      new GraphQLInstrumentation({ allowValues: false, ignoreResolveSpans: true, mergeItems: true }),
      new PgInstrumentation({
        enhancedDatabaseReporting: false,
        requestHook: (span, { query }) => {
          const text = redactQueryText(query.text);
          span.setAttribute('db.query.text', text);
          span.setAttribute('db.statement', text);
        },
      }),
    ],
  });
  return {
    async shutdown() {
      unregister();
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
      trace.disable();
    },
  };
}
