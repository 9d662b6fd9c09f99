// Command lines of `lx scaling schedule` on checkout-api:live, the alias the scaling tests work on.

/** `scaling schedule checkout-api --qualifier live --name NAME --schedule EXPRESSION`, then `rest`. */
export function scheduleCheckoutLive(name: string, expression: string, ...rest: string[]): string[] {
  return ['scaling', 'schedule', 'checkout-api', '--qualifier', 'live', '--name', name, '--schedule', expression, ...rest]
}
