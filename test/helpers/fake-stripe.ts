/** The Stripe-shaped fake (fake-stripe/index.ts): API, hosted pages and signed webhooks on 127.0.0.1. */
export * from './fake-stripe/index.ts';
