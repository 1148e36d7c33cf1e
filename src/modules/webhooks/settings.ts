/**
 * The webhook settings this process uses (`WEBHOOK_*`, read in src/config/config.ts): set by
 * main.ts at start-up, read lazily from the configuration otherwise (tests set their own).
 */
import { loadConfig, type WebhookConfig } from '../../config/config';

let current: WebhookConfig | null = null;

export function useWebhookSettings(settings: WebhookConfig): void {
  current = settings;
}

export function webhookSettings(): WebhookConfig {
  current ??= loadConfig().webhooks;
  return current;
}
